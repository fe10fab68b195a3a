import { readFileSync } from 'node:fs'
import type { Map as MapLibreMap } from 'maplibre-gl'
import type { Page } from 'playwright-core'
import { beforeAll, describe, expect, it } from 'vitest'
import { loginCookie } from '../support/app'
import { ARTIFACTS, logInThroughPage, openRecordedPage, servedBrowserSession } from '../support/browser'

type MapWindow = Window & { __guatuMap: MapLibreMap }
type Listed = { id: number; code: string; status: string; area_mu: number }

const session = servedBrowserSession()
let parcels: Listed[] = []

beforeAll(async () => {
  const cookie = await loginCookie(session.app, 'leader')
  const res = await session.app.request('/api/parcels?limit=10000', { headers: { cookie } })
  const body = (await res.json()) as { features: { properties: Listed }[] }
  parcels = body.features.map((f) => f.properties)
})

/** The numbers in a column of the rows drawn, top to bottom. */
async function columnNumbers(page: Page, index: number) {
  const texts = await page.locator(`.attribute-row td:nth-child(${index})`).allTextContents()
  return texts.map((text) => Number(text.replace(/,/g, '')))
}

/** The screen point of a parcel drawn in the upper middle of the map (the table covers the lower part). */
async function parcelOnMap(page: Page) {
  return page.evaluate(() => {
    const map = (window as unknown as MapWindow).__guatuMap
    const canvas = map.getCanvas()
    const box = canvas.getBoundingClientRect()
    for (let y = box.height * 0.15; y < box.height * 0.5; y += 15) {
      for (let x = box.width * 0.3; x < box.width * 0.7; x += 15) {
        const hit = map.queryRenderedFeatures([x, y], { layers: ['parcels-fill'] })[0]
        if (hit)
          return { x: box.left + x, y: box.top + y, id: Number(hit.id), code: String(hit.properties.code) }
      }
    }
    return null
  })
}

describe('the attribute table', () => {
  it('sorts by area, filters by status, hides a column, opens the parcel of a row, selects the row of a parcel clicked on the map, exports what it shows', async () => {
    const { page, errors } = await openRecordedPage(session.browser, { acceptDownloads: true })
    await logInThroughPage(page, session.origin, 'leader')
    await page.getByRole('button', { name: '属性表' }).click()
    const drawer = page.getByRole('region', { name: '属性表' })
    await drawer.locator('.attribute-row').first().waitFor()
    expect(await drawer.locator('.attribute-count').textContent()).toBe(
      `显示 ${parcels.length} / 共 ${parcels.length} 条`,
    )
    // virtualised: a few dozen rows drawn of the 603
    expect(await drawer.locator('.attribute-row').count()).toBeLessThan(80)

    // sort by area: smallest first, then largest first
    const headers = await drawer.locator('thead th').allTextContents()
    const areaColumn = headers.findIndex((h) => h.startsWith('面积（亩）')) + 1
    expect(areaColumn).toBeGreaterThan(0)
    const areas = parcels.map((p) => p.area_mu).sort((a, b) => a - b)
    await drawer.getByRole('button', { name: '面积（亩）' }).click()
    expect(
      await drawer
        .locator('thead th')
        .nth(areaColumn - 1)
        .getAttribute('aria-sort'),
    ).toBe('ascending')
    const ascending = await columnNumbers(page, areaColumn)
    expect(ascending[0]).toBeCloseTo(areas[0] as number, 2)
    expect(ascending).toEqual([...ascending].sort((a, b) => a - b))
    await drawer.getByRole('button', { name: '面积（亩）' }).click()
    const descending = await columnNumbers(page, areaColumn)
    expect(descending[0]).toBeCloseTo(areas.at(-1) as number, 2)
    expect(descending).toEqual([...descending].sort((a, b) => b - a))

    // filter by status: the available parcels only
    const available = parcels.filter((p) => p.status === 'available')
    await drawer.getByLabel('状态', { exact: true }).selectOption('available')
    await expect
      .poll(() => drawer.locator('.attribute-count').textContent())
      .toBe(`显示 ${available.length} / 共 ${parcels.length} 条`)
    const statusColumn = headers.indexOf('状态') + 1
    const statuses = await page.locator(`.attribute-row td:nth-child(${statusColumn})`).allTextContents()
    expect(new Set(statuses)).toEqual(new Set(['可供地']))

    // choose the columns: the second one unticked leaves the table and the export
    const plain = (texts: string[]) => texts.map((h) => h.replace(/ [▲▼]$/, ''))
    const hidden = plain(headers)[1] as string
    await drawer.getByRole('button', { name: '选择列' }).click()
    await drawer.getByRole('checkbox', { name: hidden, exact: true }).uncheck()
    await drawer.getByRole('button', { name: '选择列' }).click()
    const shownHeaders = plain(await drawer.locator('thead th').allTextContents())
    expect(shownHeaders).toEqual(plain(headers).filter((h) => h !== hidden))

    // export what it shows: the same rows, the headers shown, UTF-8 with a BOM
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      drawer.getByRole('button', { name: '导出所示 CSV' }).click(),
    ])
    const csv = readFileSync((await download.path()) as string, 'utf8')
    expect(csv.charCodeAt(0)).toBe(0xfeff)
    const lines = csv.slice(1).trimEnd().split('\r\n')
    expect(lines[0]).toBe(shownHeaders.map((h) => `"${h}"`).join(','))
    expect(lines[0]).not.toContain(`"${hidden}"`)
    expect(lines).toHaveLength(available.length + 1)
    const firstCode = available.sort((a, b) => b.area_mu - a.area_mu)[0]?.code
    expect(lines[1]?.startsWith(`"${firstCode}"`)).toBe(true)

    // a row opens its parcel in the panel and is marked selected
    const row = drawer.locator('.attribute-row').nth(1)
    const code = (await row.locator('td').first().textContent()) as string
    await row.click()
    await expect.poll(() => page.locator('.side-panel').textContent(), { timeout: 15_000 }).toContain(code)
    expect(await row.getAttribute('aria-selected')).toBe('true')

    // a parcel clicked on the map: its row is selected (all statuses shown again)
    await drawer.getByLabel('状态', { exact: true }).selectOption('')
    const target = await parcelOnMap(page)
    expect(target).not.toBeNull()
    if (!target) return
    await page.mouse.click(target.x, target.y)
    await expect
      .poll(() => page.locator('.side-panel').textContent(), { timeout: 15_000 })
      .toContain(target.code)
    const selected = drawer.locator('.attribute-row[aria-selected="true"]')
    await expect.poll(() => selected.getAttribute('data-id')).toBe(String(target.id))
    expect(await selected.locator('td').first().textContent()).toBe(target.code)
    await page.screenshot({ path: `${ARTIFACTS}attribute-table.png` })

    // the projects tab
    await drawer.getByRole('tab', { name: '项目' }).click()
    await drawer.locator('.attribute-table[data-kind="projects"] .attribute-row').first().waitFor()
    expect(errors).toEqual([])
    await page.close()
  })

  it('works on a phone (390×844): inside the screen, a tapped row opens its parcel in the bottom sheet', async () => {
    const phone = { width: 390, height: 844 }
    const { page, errors } = await openRecordedPage(session.browser, {
      viewport: phone,
      hasTouch: true,
      isMobile: true,
    })
    await logInThroughPage(page, session.origin, 'officer')
    await page.getByRole('button', { name: '属性表' }).tap()
    const drawer = page.getByRole('region', { name: '属性表' })
    const row = drawer.locator('.attribute-row').first()
    await row.waitFor()
    const box = await drawer.boundingBox()
    expect(box && box.x >= 0 && box.x + box.width <= phone.width && box.y + box.height <= phone.height).toBe(
      true,
    )
    await drawer.getByLabel('状态', { exact: true }).selectOption('planned')
    const code = (await row.locator('td').first().textContent()) as string
    await row.locator('td').first().tap()
    await expect.poll(() => page.locator('.bottom-sheet').textContent(), { timeout: 15_000 }).toContain(code)
    await page.screenshot({ path: `${ARTIFACTS}phone-attribute-table.png` })
    expect(errors).toEqual([])
    await page.close()
  })
})
