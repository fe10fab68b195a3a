import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { logInThroughPage, openRecordedPage, servedBrowserSession } from '../support/browser'
import { demoBasemap } from '../support/pmtiles-writer'

// The intranet basemap in the browser: MapLibre's pmtiles protocol reads the archive the test wrote, in byte ranges.
const dir = mkdtempSync(join(tmpdir(), 'guatu-basemap-e2e-'))
const file = join(dir, 'basemap.pmtiles')
writeFileSync(file, demoBasemap().archive)
const session = servedBrowserSession({ basemapPmtiles: file })
afterAll(() => rmSync(dir, { recursive: true, force: true }))

type MapWindow = { __guatuMap: import('maplibre-gl').Map }

describe('the intranet basemap', () => {
  it('loads its tiles from the PMTiles archive in byte ranges and draws them under the parcels', async () => {
    const { page, errors } = await openRecordedPage(session.browser)
    const ranges: { status: number; range: string | null }[] = []
    page.on('response', async (response) => {
      if (new URL(response.url()).pathname === '/tiles/basemap.pmtiles') {
        ranges.push({ status: response.status(), range: await response.request().headerValue('range') })
      }
    })
    await logInThroughPage(page, session.origin, 'leader')
    await page.evaluate(() =>
      (window as unknown as MapWindow).__guatuMap.jumpTo({ center: [113.43, 22.55], zoom: 13 }),
    )
    const drawn = () =>
      page.evaluate(() => {
        const map = (window as unknown as MapWindow).__guatuMap
        if (!map.getSource('basemap') || !map.isSourceLoaded('basemap')) return []
        return [
          ...new Set(
            map
              .queryRenderedFeatures({ layers: ['basemap-water', 'basemap-roads', 'basemap-park'] })
              .map((f) => f.sourceLayer),
          ),
        ].sort()
      })
    await expect.poll(drawn, { timeout: 30_000 }).toEqual(['park', 'transportation', 'water'])
    expect(ranges.length).toBeGreaterThanOrEqual(2)
    for (const r of ranges) {
      expect(r.status).toBe(206)
      expect(r.range).toMatch(/^bytes=\d+-\d+$/)
    }
    // under the parcels: the basemap's layers come before the parcel fill in the style
    const order = await page.evaluate(() =>
      (window as unknown as MapWindow).__guatuMap.getStyle().layers.map((l) => l.id),
    )
    expect(order.indexOf('basemap-water')).toBeLessThan(order.indexOf('parcels-fill'))
    expect(order.indexOf('district-land')).toBeLessThan(order.indexOf('basemap-water'))
    expect(errors).toEqual([])
    await page.close()
  }, 180_000)
})
