import { describe, expect, it } from 'vitest'
import { parcelsToBoundaryTxt } from '../../../../server/domain/export/boundary-txt'
import { CSV_COLUMNS, csvCell, parcelsToCsv } from '../../../../server/domain/export/csv'
import { encodeGbk } from '../../../../server/domain/export/gbk'
import { parseBoundaryTxt } from '../../../../server/domain/import/boundary-txt'
import { toWgs84 } from '../../../../server/domain/import/crs'

describe('csvCell', () => {
  it('defuses text a spreadsheet would run as a formula', () => {
    expect(csvCell('=HYPERLINK("x")')).toBe('"\'=HYPERLINK(""x"")"')
    expect(csvCell('+1')).toBe("'+1")
    expect(csvCell('-2')).toBe("'-2")
    expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)")
    expect(csvCell('工业,地块')).toBe('"工业,地块"')
    expect(csvCell(-2)).toBe('-2')
    expect(csvCell(null)).toBe('')
  })
})

describe('parcelsToCsv', () => {
  it('starts with a BOM and writes one CRLF line per parcel with its milestone dates', () => {
    const csv = parcelsToCsv([
      {
        code: 'GX-1',
        name: '=cmd',
        land_use: 'M1',
        status: 'planned',
        area_m2: 28747.7,
        area_mu: 43.12,
        target_on: '2027-03-31',
        ready_on: '2027-01-01',
        handover_on: '2027-03-15',
        available_on: '2027-01-01',
        readiness: 'on_track',
        milestones: [{ kind: 'listing', planned_on: '2026-12-01', actual_on: null }],
      },
    ])
    expect(csv.startsWith('\uFEFFcode,name,land_use,status,area_m2,area_mu')).toBe(true)
    const [header, row] = csv.slice(1).split('\r\n')
    expect(header?.split(',')).toEqual(CSV_COLUMNS)
    const cells = row?.split(',') ?? []
    expect(cells[1]).toBe("'=cmd")
    expect(cells[CSV_COLUMNS.indexOf('listing_planned')]).toBe('2026-12-01')
    expect(cells.slice(6, 11)).toEqual(['2027-03-31', '2027-01-01', '2027-03-15', '2027-01-01', 'on_track'])
  })
})

describe('parcelsToBoundaryTxt', () => {
  it('writes EPSG:4526 points (X northing, Y zone-prefixed easting) that read back to the same positions', () => {
    const project = toWgs84('EPSG:4526')
    const ring = [
      [38443400, 2494800],
      [38443600, 2494800],
      [38443600, 2494650],
      [38443400, 2494800],
    ].map((p) => project(p) as number[])
    const made = parcelsToBoundaryTxt(
      [
        {
          code: 'T-1',
          name: '测试,地块',
          land_use: 'M2',
          area_m2: 15000,
          geometry: { type: 'Polygon', coordinates: [ring] },
        },
      ],
      '2026-11-28',
    )
    if (!made.ok) throw new Error('refused')
    const txt = made.text
    expect(txt).toContain('带号=38\r\n')
    expect(txt).toContain('4,1.5000,T-1,测试，地块,面,,二类工业用地,0601,@\r\n')
    expect(txt).toContain('J1,1,2494800.000,38443400.000\r\n')
    const back = parseBoundaryTxt(encodeGbk(txt))
    if (!back.ok) throw new Error(back.reason)
    expect(back.value.crs).toBe('EPSG:4526')
    expect(back.value.features[0]?.properties).toMatchObject({
      DKBH: 'T-1',
      DKMC: '测试，地块',
      YDXZ: '二类工业用地',
    })
    expect((back.value.features[0]?.geometry as GeoJSON.Polygon | undefined)?.coordinates[0]?.[1]).toEqual([
      38443600, 2494800,
    ])
  })
})

describe('parcelsToBoundaryTxt across 3-degree zones', () => {
  const square = (lon: number, lat: number): GeoJSON.Polygon => ({
    type: 'Polygon',
    coordinates: [
      [
        [lon, lat],
        [lon + 0.001, lat],
        [lon + 0.001, lat + 0.001],
        [lon, lat + 0.001],
        [lon, lat],
      ],
    ],
  })
  const parcel = (code: string, geometry: GeoJSON.Polygon) =>
    ({ code, name: null, land_use: 'M1', area_m2: 10000, geometry }) as const

  it('writes each parcel in its own zone, the zone number in front of its eastings, the header naming the most common', () => {
    // by hand: 113.4 / 3 = 37.8 → zone 38 (CM 114°E, west of it); 115.6 / 3 = 38.53 → zone 39 (CM 117°E, west of it)
    const made = parcelsToBoundaryTxt(
      [
        parcel('W-1', square(113.4, 22.55)),
        parcel('E-1', square(115.6, 22.55)),
        parcel('E-2', square(115.7, 22.6)),
      ],
      '2026-12-06',
    )
    if (!made.ok) throw new Error(JSON.stringify(made.refused))
    expect(made.text).toContain('带号=39\r\n')
    const eastings = (code: string) => {
      const lines = made.text.split('\r\n')
      const at = lines.findIndex((l) => l.includes(`,${code},`))
      return lines.slice(at + 1, at + 6).map((l) => Number(l.split(',')[3]))
    }
    // west of its central meridian the easting is under 500 km: 38 4xx xxx, 39 3xx xxx (115.6°E is 1.4° west of 117°E)
    for (const e of eastings('W-1')) expect(Math.floor(e / 1e5)).toBe(384)
    for (const e of eastings('E-1')) expect(Math.floor(e / 1e5)).toBe(393)
    const back = parseBoundaryTxt(made.text)
    if (!back.ok) throw new Error(back.reason)
    expect(back.value.crs).toBe('EPSG:4527')
    // the parcel of zone 38 is read in zone 38 (EPSG:4526), those of the header's zone in the file's CRS
    expect(back.value.features.map((f) => f.crs ?? back.value.crs)).toEqual([
      'EPSG:4526',
      'EPSG:4527',
      'EPSG:4527',
    ])
  })

  it('refuses parcels outside the zones 25–45 with the reason, and writes nothing', () => {
    const made = parcelsToBoundaryTxt(
      [
        parcel('OK-1', square(113.4, 22.55)),
        parcel('FAR-1', square(150, 22.55)),
        parcel('FAR-2', square(-70, 40)),
      ],
      '2026-12-06',
    )
    expect(made).toEqual({
      ok: false,
      refused: [
        {
          code: 'FAR-1',
          reason: 'the parcel lies at 150.0005°E, outside the CGCS2000 3-degree zones 25–45 (73.5°E–136.5°E)',
        },
        {
          code: 'FAR-2',
          reason: 'the parcel lies at -69.9995°E, outside the CGCS2000 3-degree zones 25–45 (73.5°E–136.5°E)',
        },
      ],
    })
  })
})

describe('encodeGbk', () => {
  it('encodes Chinese as GBK that decodes back', () => {
    const text = '[属性描述]\r\n坐标系=2000国家大地坐标系'
    const bytes = encodeGbk(text)
    expect(new TextDecoder('gbk').decode(bytes)).toBe(text)
    expect(bytes.length).toBeLessThan(new TextEncoder().encode(text).length)
  })
})
