import { describe, expect, it } from 'vitest'
import { readParcelFile } from '../../../../server/domain/import/read-parcel-file'
import { importFixture } from './fixtures'

const json = (value: unknown) => new TextEncoder().encode(JSON.stringify(value))
const square = (x: number, y: number, d = 0.001) => [
  [
    [x, y],
    [x + d, y],
    [x + d, y + d],
    [x, y + d],
    [x, y],
  ],
]

async function read(bytes: Uint8Array, options: Parameters<typeof readParcelFile>[1]) {
  const result = await readParcelFile(bytes, options)
  if (!result.ok) throw new Error(result.reason)
  return result.value
}

describe('readParcelFile', () => {
  it('detects each format from the content', async () => {
    expect((await read(importFixture('parcels-wgs84.geojson'), { filename: 'x.bin' })).format).toBe('geojson')
    expect((await read(importFixture('parcels-wgs84.kml'), { filename: 'x' })).format).toBe('kml')
    expect((await read(importFixture('parcels-cgcs2000-gk114-gbk.zip'), { filename: 'x' })).format).toBe(
      'shapefile',
    )
    expect((await read(importFixture('boundary-coordinates-gbk.txt'), { filename: 'x' })).format).toBe(
      'boundary_txt',
    )
  })

  it('maps DKBH, DKMC and YDXZ and reprojects EPSG:4547 to lon/lat, saying the CRS came from the file', async () => {
    const file = await read(importFixture('parcels-cgcs2000-gk114-gbk.zip'), { filename: 'p.zip' })
    expect(file).toMatchObject({ crs: 'EPSG:4547', crs_source: 'file', rejected: [] })
    expect(file.rows.map((r) => [r.code, r.name, r.land_use])).toEqual([
      ['DK-2026-101', '汽车智装产业园地块', 'M1'],
      ['DK-2026-102', '低空经济研发用地', 'M0'],
    ])
    const geometry = file.rows[0]?.geometry as GeoJSON.Polygon
    const [lon, lat] = (geometry.coordinates[0] as number[][])[0] as number[]
    expect(lon).toBeCloseTo(113.4497, 3)
    expect(lat).toBeCloseTo(22.5499, 3)
  })

  it('maps the TXT 地块用途 工业用地 to M1', async () => {
    const file = await read(importFixture('boundary-coordinates-gbk.txt'), { filename: 'b.txt' })
    expect(file.rows.map((r) => r.land_use)).toEqual(['M1', 'M1'])
    expect(file.crs).toBe('EPSG:4526')
  })

  it("lets the request's CRS win over the file's", async () => {
    const file = await read(importFixture('parcels-cgcs2000-gk114-gbk.zip'), {
      filename: 'p.zip',
      crs: 'EPSG:4326',
    })
    expect(file.crs_source).toBe('request')
    expect(file.rows).toHaveLength(0)
    expect(file.rejected[0]?.reason).toMatch(/outside the valid lon\/lat range/)
  })

  it('defaults to WGS84 when neither says', async () => {
    const file = await read(importFixture('parcels-wgs84.geojson'), { filename: 'a.geojson' })
    expect(file).toMatchObject({ crs: 'EPSG:4326', crs_source: 'default' })
    expect(file.rows.map((r) => r.code)).toEqual(['IMP-GJ-001', 'IMP-GJ-002', 'IMP-GJ-003'])
    expect(file.rows.map((r) => r.land_use)).toEqual(['M1', 'M1', 'W'])
  })

  it('uses the named fields', async () => {
    const bytes = json({
      type: 'FeatureCollection',
      features: [
        {
          type: 'Feature',
          properties: { BH: 'X-1', MC: '甲', YT: 'B' },
          geometry: { type: 'Polygon', coordinates: square(114, 22) },
        },
      ],
    })
    const file = await read(bytes, {
      filename: 'a.json',
      codeField: 'bh',
      nameField: 'MC',
      landUseField: 'YT',
    })
    expect(file.rows[0]).toMatchObject({ code: 'X-1', name: '甲', land_use: 'B' })
  })

  it('rejects rows with a reason: unclosed ring, wrong type, unknown land use, no code, repeated code', async () => {
    const open = square(114, 22)
    open[0]?.pop()
    open[0]?.push([114.0005, 22])
    const features = [
      { type: 'Feature', properties: { code: 'A' }, geometry: { type: 'Polygon', coordinates: open } },
      { type: 'Feature', properties: { code: 'B' }, geometry: { type: 'Point', coordinates: [114, 22] } },
      {
        type: 'Feature',
        properties: { code: 'C', land_use: '水域' },
        geometry: { type: 'Polygon', coordinates: square(114, 22) },
      },
      { type: 'Feature', properties: {}, geometry: { type: 'Polygon', coordinates: square(114, 22) } },
      {
        type: 'Feature',
        properties: { code: 'E' },
        geometry: { type: 'Polygon', coordinates: square(114, 22) },
      },
      {
        type: 'Feature',
        properties: { code: 'E' },
        geometry: { type: 'Polygon', coordinates: square(114.1, 22) },
      },
    ]
    const file = await read(json({ type: 'FeatureCollection', features }), { filename: 'a.geojson' })
    expect(file.rows.map((r) => r.code)).toEqual(['E'])
    expect(file.rejected.map((r) => [r.index, r.code])).toEqual([
      [0, 'A'],
      [1, 'B'],
      [2, 'C'],
      [3, null],
      [5, 'E'],
    ])
    expect(file.rejected.map((r) => r.reason)).toEqual([
      expect.stringMatching(/not closed/),
      expect.stringMatching(/Point is not a Polygon/),
      expect.stringMatching(/land use "水域"/),
      expect.stringMatching(/no code/),
      expect.stringMatching(/repeats feature 4/),
    ])
  })

  it('drops Z coordinates', async () => {
    const ring = square(114, 22)[0]?.map(([x, y]) => [x, y, 12.5]) ?? []
    const file = await read(
      json({
        type: 'Feature',
        properties: { code: 'Z' },
        geometry: { type: 'Polygon', coordinates: [ring] },
      }),
      { filename: 'z.geojson' },
    )
    expect((file.rows[0]?.geometry as GeoJSON.Polygon | undefined)?.coordinates[0]?.[0]).toHaveLength(2)
  })

  it('fails on an unsupported file type and on an empty collection', async () => {
    expect(await readParcelFile(new TextEncoder().encode('%PDF-1.4'), { filename: 'a.pdf' })).toMatchObject({
      ok: false,
      kind: 'unsupported',
    })
    expect(
      await readParcelFile(json({ type: 'FeatureCollection', features: [] }), { filename: 'a.geojson' }),
    ).toMatchObject({
      ok: false,
      kind: 'unreadable',
    })
  })
})
