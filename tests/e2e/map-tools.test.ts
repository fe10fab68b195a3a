import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { testPool } from '../support/app'
import { ARTIFACTS, logInThroughPage, openRecordedPage, servedBrowserSession } from '../support/browser'

// The map workspace's tools (issue 14): the search box, parcel labels and the hover tooltip, the legend, measuring.
const session = servedBrowserSession()

type MapWindow = { __guatuMap: import('maplibre-gl').Map }

const PHONE = { width: 390, height: 844 }

function mapCentre(page: Page) {
  return page.evaluate(() => {
    const c = (window as unknown as MapWindow).__guatuMap.getCenter()
    return [c.lng, c.lat] as [number, number]
  })
}

/** The parcel's extent [w, s, e, n] and centre, from PostGIS (not from the app under test). */
async function parcelBox(code: string) {
  const { rows } = await testPool().query<{ w: number; s: number; e: number; n: number }>(
    `select ST_XMin(geom) w, ST_YMin(geom) s, ST_XMax(geom) e, ST_YMax(geom) n from parcels where code = $1`,
    [code],
  )
  const box = rows[0]
  if (!box) throw new Error(`no parcel ${code}`)
  return box
}

/** Waits until the map stops moving. */
function mapSettled(page: Page) {
  return page.waitForFunction(() => !(window as unknown as MapWindow).__guatuMap.isMoving(), undefined, {
    timeout: 15_000,
  })
}

describe('the search box', () => {
  it('finds a parcel by part of its code; arrows and Enter zoom to it and open its panel', async () => {
    const { page, errors } = await openRecordedPage(session.browser)
    await logInThroughPage(page, session.origin, 'leader')
    const before = await mapCentre(page)
    const box = await parcelBox('GX-2026-0012')

    const input = page.getByRole('combobox', { name: '搜索地块、项目或企业' })
    await input.fill('026-0012')
    const option = page.getByRole('option').filter({ hasText: 'GX-2026-0012' })
    await option.waitFor()
    await input.press('ArrowDown')
    expect(await option.getAttribute('aria-selected')).toBe('true')
    expect(await input.getAttribute('aria-activedescendant')).toBe(await option.getAttribute('id'))
    await input.press('Enter')

    await expect
      .poll(() => page.getByRole('complementary').textContent(), { timeout: 15_000 })
      .toContain('GX-2026-0012')
    await mapSettled(page)
    const after = await mapCentre(page)
    expect(after).not.toEqual(before)
    // the map looks at the parcel: its centre is inside the parcel's extent, and the zoom is a parcel's
    expect(after[0]).toBeGreaterThan(box.w)
    expect(after[0]).toBeLessThan(box.e)
    expect(after[1]).toBeGreaterThan(box.s)
    expect(after[1]).toBeLessThan(box.n)
    expect(await page.evaluate(() => (window as unknown as MapWindow).__guatuMap.getZoom())).toBeGreaterThan(
      14,
    )
    expect(await page.getByRole('listbox').isVisible()).toBe(false)
    await page.screenshot({ path: `${ARTIFACTS}search-leader.png` })
    expect(errors).toEqual([])
    await page.close()
  })

  it('finds a project by its company and opens its panel', async () => {
    const { rows } = await testPool().query<{ name: string; company: string }>(
      `select name, company from projects where location is not null order by id limit 1`,
    )
    const project = rows[0]
    if (!project) throw new Error('the demo district has no placed project')
    const { page, errors } = await openRecordedPage(session.browser)
    await logInThroughPage(page, session.origin, 'investor')
    const input = page.getByRole('combobox', { name: '搜索地块、项目或企业' })
    await input.fill(project.company)
    const option = page.getByRole('option').filter({ hasText: project.name }).first()
    await option.click()
    await expect
      .poll(() => page.getByRole('complementary').textContent(), { timeout: 15_000 })
      .toContain(project.name)
    expect(errors).toEqual([])
    await page.close()
  })

  it('on a phone opens from the header, and a tapped hit opens the parcel in the bottom sheet', async () => {
    const { page, errors } = await openRecordedPage(session.browser, {
      viewport: PHONE,
      hasTouch: true,
      isMobile: true,
    })
    await logInThroughPage(page, session.origin, 'officer')
    const open = page.locator('.app-header').getByRole('button', { name: '搜索' })
    const openBox = await open.boundingBox()
    expect(openBox && openBox.x + openBox.width <= PHONE.width).toBe(true)
    await open.tap()
    const input = page.getByRole('combobox', { name: '搜索地块、项目或企业' })
    await input.fill('0031')
    const option = page.getByRole('option').filter({ hasText: 'GX-2026-0031' })
    await option.tap()
    await expect
      .poll(() => page.getByRole('complementary').textContent(), { timeout: 15_000 })
      .toContain('GX-2026-0031')
    await page.screenshot({ path: `${ARTIFACTS}search-phone.png` })
    expect(errors).toEqual([])
    await page.close()
  })
})

/** Moves the map to `centre` at `zoom` and waits until what is in view is drawn. */
async function lookAt(page: Page, centre: [number, number], zoom: number) {
  await page.evaluate(
    ([lon, lat, z]) => (window as unknown as MapWindow).__guatuMap.jumpTo({ center: [lon, lat], zoom: z }),
    [centre[0], centre[1], zoom] as const,
  )
  await page.waitForFunction(
    () => {
      const map = (window as unknown as MapWindow).__guatuMap
      return map.isSourceLoaded('parcels') && !map.isMoving()
    },
    undefined,
    { timeout: 30_000 },
  )
  await page.waitForTimeout(300)
}

describe('parcel labels, the hover tooltip and the legend', () => {
  it('labels parcels from zoom 16 with local fonts, and shows code, name, status and area on hover', async () => {
    const { rows } = await testPool().query<{
      code: string
      name: string
      status: string
      area_m2: number
      lon: number
      lat: number
    }>(
      `select code, name, status, area_m2, ST_X(ST_PointOnSurface(geom)) lon, ST_Y(ST_PointOnSurface(geom)) lat
       from parcels where code = 'GX-2026-0012'`,
    )
    const parcel = rows[0]
    if (!parcel) throw new Error('no parcel GX-2026-0012')
    const { page, errors } = await openRecordedPage(session.browser)
    const foreign: string[] = []
    const glyphs: string[] = []
    page.on('request', (request) => {
      const url = new URL(request.url())
      if (!['data:', 'blob:'].includes(url.protocol) && url.origin !== session.origin) foreign.push(url.href)
      if (/glyph|font|\/\d+-\d+\.pbf/.test(url.pathname)) glyphs.push(url.href)
    })
    await logInThroughPage(page, session.origin, 'leader')

    const labelled = () =>
      page.evaluate(() =>
        (window as unknown as MapWindow).__guatuMap
          .queryRenderedFeatures({ layers: ['parcels-label'] })
          .map((f) => String(f.properties.code)),
      )
    await lookAt(page, [parcel.lon, parcel.lat], 15.5)
    expect(await labelled()).toEqual([])
    await lookAt(page, [parcel.lon, parcel.lat], 16.5)
    await expect.poll(labelled, { timeout: 15_000 }).toContain(parcel.code)
    // the label reads code over area in 亩 (as the layer's expression gives it for this parcel)
    const text = await page.evaluate((code) => {
      const map = (window as unknown as MapWindow).__guatuMap
      const f = map
        .queryRenderedFeatures({ layers: ['parcels-label'] })
        .find((x) => x.properties.code === code)
      return f ? (f.layer.layout as Record<string, unknown>)['text-field'] : null
    }, parcel.code)
    expect(JSON.stringify(text)).toContain('亩')
    // each parcel's label written once, also where it crosses tile edges (the view spans several z16 tiles, and
    // some parcels drawn cross their edges: the check means something)
    const seams = await page.evaluate(() => {
      const map = (window as unknown as MapWindow).__guatuMap
      const pieces = new Map<string, number>()
      for (const f of map.querySourceFeatures('parcels', { sourceLayer: 'parcels' })) {
        const code = String(f.properties.code)
        pieces.set(code, (pieces.get(code) ?? 0) + 1)
      }
      return {
        labels: map
          .queryRenderedFeatures({ layers: ['parcels-label'] })
          .map((f) => String(f.properties.code)),
        split: [...pieces.values()].filter((n) => n > 1).length,
      }
    })
    expect(seams.split).toBeGreaterThan(0)
    expect(seams.labels.length).toBeGreaterThan(3)
    expect(seams.labels.length).toBe(new Set(seams.labels).size)
    await page.screenshot({ path: `${ARTIFACTS}labels.png` })
    expect(foreign).toEqual([])
    expect(glyphs).toEqual([])

    // hover the parcel's inner point: the tooltip
    const point = await page.evaluate(
      ([lon, lat]) => {
        const map = (window as unknown as MapWindow).__guatuMap
        const p = map.project([lon, lat])
        const box = map.getCanvas().getBoundingClientRect()
        return { x: box.left + p.x, y: box.top + p.y }
      },
      [parcel.lon, parcel.lat] as const,
    )
    await page.mouse.move(point.x, point.y)
    const tooltip = page.locator('.parcel-tooltip')
    await tooltip.waitFor()
    const mu = (parcel.area_m2 * 15) / 10000
    const words = await tooltip.textContent()
    expect(words).toContain(parcel.code)
    expect(words).toContain(parcel.name)
    expect(words).toContain('已投产')
    expect(parcel.status).toBe('in_production')
    expect(words).toContain(`${mu.toFixed(2)} 亩`)
    await page.screenshot({ path: `${ARTIFACTS}labels-tooltip.png` })
    await page.mouse.move(5, 5)
    await tooltip.waitFor({ state: 'detached' })
    expect(errors).toEqual([])
    await page.close()
  }, 180_000)

  it('shows the legend of the colour mode the map uses', async () => {
    const { page, errors } = await openRecordedPage(session.browser)
    await logInThroughPage(page, session.origin, 'leader')
    const legend = page.getByRole('region', { name: '图例' })
    const modes = () =>
      legend
        .locator('.legend-group[data-colour-mode]')
        .evaluateAll((groups) => groups.map((g) => g.getAttribute('data-colour-mode')))
    expect(await modes()).toEqual(['status'])
    await page.getByLabel('按供地进度').check()
    await expect.poll(modes).toEqual(['readiness'])
    const parcelGroups = legend.locator('.legend-group[data-colour-mode]')
    expect(await parcelGroups.allTextContents()).toEqual([expect.stringContaining('未排期')])
    expect((await parcelGroups.allTextContents()).join()).not.toContain('已投产')
    await page.getByLabel('按日期查看可供地').check()
    await expect.poll(modes).toEqual(['as-of', 'readiness'])
    expect(await legend.textContent()).toContain('截至该日可供地（尚未交地）')
    expect(errors).toEqual([])
    await page.close()
  })
})

/** The page point of [lon, lat] on the map as it is now. */
function pagePoint(page: Page, lonLat: [number, number]) {
  return page.evaluate(([lon, lat]) => {
    const map = (window as unknown as MapWindow).__guatuMap
    const p = map.project([lon, lat])
    const box = map.getCanvas().getBoundingClientRect()
    return { x: box.left + p.x, y: box.top + p.y }
  }, lonLat)
}

/** A figure as printed: '2.136 km' → 2136, '1,139,000 m² · …' → 1139000. */
function printedNumber(text: string | null): number {
  const match = /([\d,]+(?:\.\d+)?)\s*(km|m²|m)/.exec(text ?? '')
  if (!match) throw new Error(`no figure in ${text}`)
  const value = Number((match[1] ?? '').replace(/,/g, ''))
  return match[2] === 'km' ? value * 1000 : value
}

// The corners of a square of 0.01° by the demo district; the expected figures come from PostGIS on the WGS84
// spheroid (see tests/web/map/measure.test.ts): the line over its first three corners is 2135.97 m, the square
// 1,138,999.8 m² (1708.50 亩) with a perimeter of 4271.87 m. A click lands within a pixel of its corner: at zoom 14
// a pixel is 8.8 m here, so the figures may differ by some metres (and the area by up to 1 %).
const SQUARE: [number, number][] = [
  [113.45, 22.55],
  [113.46, 22.55],
  [113.46, 22.56],
  [113.45, 22.56],
]

describe('the measuring tool', () => {
  it('measures a distance and an area from clicks at known points', async () => {
    const { page, errors } = await openRecordedPage(session.browser)
    await logInThroughPage(page, session.origin, 'leader')
    await lookAt(page, [113.455, 22.555], 14)
    await page.getByRole('button', { name: '测量' }).click()
    const card = page.getByRole('region', { name: '测量' })
    for (const corner of SQUARE.slice(0, 3)) {
      const at = await pagePoint(page, corner)
      await page.mouse.click(at.x, at.y)
      await page.waitForTimeout(300)
    }
    await expect.poll(() => card.textContent()).toContain('已点 3 个点')
    const length = printedNumber(await card.locator('[data-measure="length"]').textContent())
    expect(Math.abs(length - 2135.97)).toBeLessThan(20)
    // nothing was selected meanwhile: the side panel still shows the dashboard, no parcel
    expect(await page.getByRole('complementary').textContent()).not.toContain('地块编号')

    await card.getByLabel('面积').check()
    const at = await pagePoint(page, SQUARE[3] as [number, number])
    await page.mouse.click(at.x, at.y)
    const area = await card.locator('[data-measure="area"]').textContent()
    expect(Math.abs(printedNumber(area) - 1138999.8) / 1138999.8).toBeLessThan(0.01)
    const mu = Number(/([\d,.]+) 亩/.exec(area ?? '')?.[1]?.replace(/,/g, ''))
    expect(Math.abs(mu - 1708.5) / 1708.5).toBeLessThan(0.01)
    const perimeter = printedNumber(await card.locator('[data-measure="perimeter"]').textContent())
    expect(Math.abs(perimeter - 4271.87)).toBeLessThan(30)
    await page.screenshot({ path: `${ARTIFACTS}measure-area.png` })

    await card.getByRole('button', { name: '清除' }).click()
    await expect.poll(() => card.textContent()).toContain('已点 0 个点')
    await card.getByRole('button', { name: '关闭测量' }).click()
    await page.getByRole('button', { name: '测量' }).waitFor()
    expect(errors).toEqual([])
    await page.close()
  }, 180_000)

  it('measures by tap on a phone', async () => {
    const { page, errors } = await openRecordedPage(session.browser, {
      viewport: PHONE,
      hasTouch: true,
      isMobile: true,
    })
    await logInThroughPage(page, session.origin, 'officer')
    await lookAt(page, [113.455, 22.555], 14)
    await page.getByRole('button', { name: '测量' }).tap()
    const card = page.getByRole('region', { name: '测量' })
    for (const corner of [SQUARE[0], SQUARE[3]] as [number, number][]) {
      const at = await pagePoint(page, corner)
      await page.touchscreen.tap(at.x, at.y)
      await page.waitForTimeout(400)
    }
    await expect.poll(() => card.textContent()).toContain('已点 2 个点')
    // 1107.38 m along the meridian (PostGIS), within a pixel (8.8 m at zoom 14) at either end
    const length = printedNumber(await card.locator('[data-measure="length"]').textContent())
    expect(Math.abs(length - 1107.38)).toBeLessThan(20)
    const cardBox = await card.boundingBox()
    expect(cardBox && cardBox.x >= 0 && cardBox.x + cardBox.width <= PHONE.width).toBe(true)
    await page.screenshot({ path: `${ARTIFACTS}measure-phone.png` })
    expect(errors).toEqual([])
    await page.close()
  }, 180_000)
})
