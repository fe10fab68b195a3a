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
