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
    const txt = parcelsToBoundaryTxt(
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

describe('encodeGbk', () => {
  it('encodes Chinese as GBK that decodes back', () => {
    const text = '[属性描述]\r\n坐标系=2000国家大地坐标系'
    const bytes = encodeGbk(text)
    expect(new TextDecoder('gbk').decode(bytes)).toBe(text)
    expect(bytes.length).toBeLessThan(new TextEncoder().encode(text).length)
  })
})
