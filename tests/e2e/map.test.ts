import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { loginCookie } from '../support/app'
import { ARTIFACTS, logInThroughPage, openRecordedPage, servedBrowserSession } from '../support/browser'

const session = servedBrowserSession()

/** Opens a page that records console errors and failed requests, so a test can assert there were none. */
async function openPage(): Promise<{ page: Page; errors: string[] }> {
  return openRecordedPage(session.browser)
}

async function logIn(page: Page, username: string) {
  await logInThroughPage(page, session.origin, username)
}

type MapWindow = { __guatuMap: import('maplibre-gl').Map }

/** A parcel's feature-state on the map (hover, selected, readiness, available_on). */
function parcelState(page: Page, id: number) {
  return page.evaluate(
    (parcelId) =>
      (window as unknown as MapWindow).__guatuMap.getFeatureState({
        source: 'parcels',
        sourceLayer: 'parcels',
        id: parcelId,
      }),
    id,
  )
}

describe('the map, as leader', () => {
  it('renders the demo parcels, shows a clicked parcel code, and logs no console error', async () => {
    const { page, errors } = await openPage()
    const requested: string[] = []
    page.on('request', (request) => requested.push(new URL(request.url()).pathname))
    await logIn(page, 'leader')

    // the parcels come from the vector tiles, keyed by their id, with their forecast in feature-state
    const rendered = await page.evaluate(() => {
      const map = (window as unknown as MapWindow).__guatuMap
      return map.queryRenderedFeatures({ layers: ['parcels-fill'] }).map((f) => ({
        source: f.source,
        sourceLayer: f.sourceLayer,
        id: f.id,
        propertyId: f.properties.id,
        readiness: f.state.readiness ?? null,
      }))
    })
    expect(rendered.length).toBeGreaterThan(0)
    for (const f of rendered) {
      expect(f).toMatchObject({ source: 'parcels', sourceLayer: 'parcels' })
      expect(typeof f.id).toBe('number')
      expect(f.id).toBe(f.propertyId)
    }
    expect(rendered.filter((f) => f.readiness !== null).length).toBeGreaterThan(0)
    expect(requested.filter((path) => path.startsWith('/tiles/parcels/')).length).toBeGreaterThan(0)
    expect(requested).toContain('/api/parcels/readiness')
    // no GeoJSON dump of the parcels
    expect(requested).not.toContain('/api/parcels')

    // click a rendered parcel where nothing covers the map (the cards, the panel): its screen point comes from the
    // map itself. The view fits every parcel of the zone, so a parcel another test left far away widens it and the
    // middle may be empty: the whole canvas is searched, the middle first, once the tiles are drawn
    const findTarget = () =>
      page.evaluate(() => {
        const map = (window as unknown as MapWindow).__guatuMap
        const canvas = map.getCanvas()
        const box = canvas.getBoundingClientRect()
        const points: [number, number][] = []
        for (let y = 15; y < box.height - 15; y += 15)
          for (let x = 15; x < box.width - 15; x += 15) points.push([x, y])
        points.sort(
          (p, q) =>
            Math.hypot(p[0] - box.width / 2, p[1] - box.height / 2) -
            Math.hypot(q[0] - box.width / 2, q[1] - box.height / 2),
        )
        for (const [x, y] of points) {
          if (document.elementFromPoint(box.left + x, box.top + y) !== canvas) continue
          const hit = map.queryRenderedFeatures([x, y], { layers: ['parcels-fill'] })[0]
          if (hit)
            return { x: box.left + x, y: box.top + y, code: String(hit.properties.code), id: Number(hit.id) }
        }
        return null
      })
    await expect.poll(findTarget, { timeout: 15_000 }).not.toBeNull()
    const target = await findTarget()
    if (!target) throw new Error('no parcel in the middle of the map')
    await page.mouse.move(target.x, target.y)
    await expect.poll(() => parcelState(page, target.id)).toMatchObject({ hover: true })
    await page.mouse.click(target.x, target.y)
    await expect
      .poll(() => page.getByRole('complementary').textContent(), { timeout: 15_000 })
      .toContain(target.code)
    await expect.poll(() => parcelState(page, target.id)).toMatchObject({ selected: true })
    await page.screenshot({ path: `${ARTIFACTS}map-leader.png` })

    expect(errors).toEqual([])
    await page.close()
  })

  it('redraws a parcel from fresh tiles when another user changes its status', async () => {
    const { page, errors } = await openPage()
    await logIn(page, 'leader')
    const target = await page.evaluate(() => {
      const map = (window as unknown as MapWindow).__guatuMap
      const hit = map
        .queryRenderedFeatures({ layers: ['parcels-fill'] })
        .find((f) => f.properties.status === 'planned')
      return hit ? Number(hit.id) : null
    })
    expect(target).not.toBeNull()
    const id = target as number
    const statusOnMap = () =>
      page.evaluate(
        (parcelId) =>
          (window as unknown as MapWindow).__guatuMap
            .queryRenderedFeatures({ layers: ['parcels-fill'] })
            .filter((f) => f.id === parcelId)
            .map((f) => String(f.properties.status)),
        id,
      )
    expect(new Set(await statusOnMap())).toEqual(new Set(['planned']))

    // an officer elsewhere (a request outside this browser) moves the parcel on: the live event reloads its tiles
    const cookie = await loginCookie(session.app, 'officer')
    const patch = async (status: string) => {
      const current = await (await session.app.request(`/api/parcels/${id}`, { headers: { cookie } })).json()
      const res = await session.app.request(`/api/parcels/${id}`, {
        method: 'PATCH',
        headers: { cookie, 'content-type': 'application/json' },
        body: JSON.stringify({ status, version: current.properties.version }),
      })
      expect(res.status).toBe(200)
    }
    try {
      await patch('acquiring')
      await expect
        .poll(async () => new Set(await statusOnMap()), { timeout: 15_000 })
        .toEqual(new Set(['acquiring']))
      expect(errors).toEqual([])
    } finally {
      await patch('planned')
      await page.close()
    }
  })

  it('switches the interface to English', async () => {
    const { page, errors } = await openPage()
    await logIn(page, 'leader')
    await page.getByRole('button', { name: 'English' }).click()
    await expect.poll(() => page.locator('body').textContent()).toMatch(/Parcels/)
    expect(errors).toEqual([])
    await page.close()
  })

  it('explains the land-readiness terms under the legend, in Chinese and in English', async () => {
    const { page, errors } = await openPage()
    await logIn(page, 'leader')
    const legend = page.getByRole('region', { name: '图例' })
    await legend.getByText('术语', { exact: true }).click()
    const terms = legend.locator('.legend-terms dl')
    await terms.waitFor()
    expect(await terms.locator('dt').allTextContents()).toEqual([
      '可供日期',
      '交地日期',
      '计划 / 实际 / 预计',
      '地块状态',
      '供地进度',
      '按日期查看可供地',
    ])
    expect(await terms.locator('.readiness').allTextContents()).toEqual([
      '已完成',
      '按计划',
      '有风险',
      '滞后',
    ])
    const zh = (await terms.textContent()) ?? ''
    expect(zh).toContain('净地')
    expect(zh).toContain('已交地的地块不会滞后')
    expect(zh).toContain('尚未交地')

    await legend.screenshot({ path: `${ARTIFACTS}legend-terms.png` })
    await page.getByRole('button', { name: 'English' }).click()
    const en = page.getByRole('region', { name: 'Legend' }).locator('.legend-terms')
    await expect.poll(() => en.locator('summary').textContent()).toBe('Terms')
    expect(await en.locator('dt').allTextContents()).toEqual([
      'Ready to offer',
      'Hand-over',
      'Plan / actual / forecast',
      'Parcel status',
      'Readiness',
      'Show land ready to offer by a date',
    ])
    expect(await en.locator('.readiness').allTextContents()).toEqual(['Done', 'On plan', 'At risk', 'Late'])
    expect(await en.textContent()).toContain('not yet handed over')
    expect(errors).toEqual([])
    await page.close()
  })

  it('stays on the login page with an error for a wrong password', async () => {
    const { page } = await openPage()
    await page.goto(session.origin)
    await page.getByLabel(/用户名|Username/).fill('leader')
    await page.getByLabel(/密码|Password/).fill('wrong-password')
    await page.getByRole('button', { name: /登录|Log in/ }).click()
    await expect.poll(() => page.getByRole('alert').textContent()).toBeTruthy()
    expect(await page.locator('[role="application"]').count()).toBe(0)
    await page.close()
  })
})
