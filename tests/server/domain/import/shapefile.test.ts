import { unzipSync, zipSync } from 'fflate'
import { describe, expect, it } from 'vitest'
import { parseShapefileZip } from '../../../../server/domain/import/shapefile'
import { importFixture, planarArea } from './fixtures'

const ZIP = 'parcels-cgcs2000-gk114-gbk.zip'

function rezip(change: (files: Record<string, Uint8Array>) => void): Uint8Array {
  const files = unzipSync(importFixture(ZIP))
  change(files)
  return zipSync(files)
}

describe('parseShapefileZip', () => {
  it('reads the GBK attributes through the .cpg and the CRS from the .prj (EPSG:4547)', async () => {
    const result = await parseShapefileZip(importFixture(ZIP))
    if (!result.ok) throw new Error(result.reason)
    expect(result.value.crs).toBe('EPSG:4547')
    expect(result.value.features.map((f) => f.properties)).toEqual([
      { DKBH: 'DK-2026-101', DKMC: '汽车智装产业园地块', YDXZ: 'M1', MJ: 28750 },
      { DKBH: 'DK-2026-102', DKMC: '低空经济研发用地', YDXZ: 'M0', MJ: 9600 },
    ])
  })

  it('keeps the 20 m × 20 m hole: planar areas equal the MJ field exactly', async () => {
    const result = await parseShapefileZip(importFixture(ZIP))
    if (!result.ok) throw new Error(result.reason)
    for (const f of result.value.features) {
      const geometry = f.geometry as GeoJSON.Polygon
      expect(planarArea(geometry.coordinates)).toBe(f.properties.MJ)
    }
    expect((result.value.features[1]?.geometry as GeoJSON.Polygon | undefined)?.coordinates).toHaveLength(2)
  })

  it('decodes GBK without a .cpg too (not valid UTF-8, so GBK)', async () => {
    const bytes = rezip((files) => {
      for (const name of Object.keys(files)) if (name.endsWith('.cpg')) delete files[name]
    })
    const result = await parseShapefileZip(bytes)
    expect(result.ok && result.value.features[0]?.properties.DKMC).toBe('汽车智装产业园地块')
  })

  it('declares no CRS without a .prj', async () => {
    const bytes = rezip((files) => {
      for (const name of Object.keys(files)) if (name.endsWith('.prj')) delete files[name]
    })
    const result = await parseShapefileZip(bytes)
    expect(result.ok && result.value.crs).toBeNull()
  })

  it('refuses a .prj it cannot identify as an unknown CRS', async () => {
    const bytes = rezip((files) => {
      for (const name of Object.keys(files)) {
        if (name.endsWith('.prj'))
          files[name] = new TextEncoder().encode(
            'PROJCS["Xian_1980_3_Degree_GK_CM_114E",GEOGCS["GCS_Xian_1980",DATUM["D_Xian_1980",SPHEROID["Xian_1980",6378140.0,298.257]]],PROJECTION["Gauss_Kruger"],PARAMETER["False_Easting",500000.0],PARAMETER["Central_Meridian",114.0]]',
          )
      }
    })
    expect(await parseShapefileZip(bytes)).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/unknown CRS/),
    })
  })

  it('refuses a corrupt zip and a zip without a .shp', async () => {
    const corrupt = importFixture(ZIP).slice(0, 700)
    expect(await parseShapefileZip(corrupt)).toMatchObject({ ok: false })
    const noShp = rezip((files) => {
      for (const name of Object.keys(files)) if (name.endsWith('.shp')) delete files[name]
    })
    expect(await parseShapefileZip(noShp)).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/no \.shp/),
    })
  })
})
