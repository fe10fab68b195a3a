import type { ServerType } from '@hono/node-server'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { closeTestPool, testApp } from '../support/app'
import {
  ARTIFACTS,
  launchChromium,
  logInThroughPage,
  openRecordedPage,
  serveOnLoopback,
  WEB_DIST,
} from '../support/browser'

let server: ServerType
let origin = ''
let browser: Browser

beforeAll(async () => {
  const app = testApp({ staticDir: WEB_DIST })
  const served = await serveOnLoopback(app)
  server = served.server
  origin = served.origin
  browser = await launchChromium()
})

afterAll(async () => {
  await browser?.close()
  await new Promise((resolve) => server?.close(resolve))
  await closeTestPool()
})

/** Opens a page that records console errors and failed requests, so a test can assert there were none. */
async function openPage(): Promise<{ page: Page; errors: string[] }> {
  return openRecordedPage(browser)
}

async function logIn(page: Page, username: string) {
  await logInThroughPage(page, origin, username)
}

describe('the map, as leader', () => {
  it('renders the demo parcels, shows a clicked parcel code, and logs no console error', async () => {
    const { page, errors } = await openPage()
    await logIn(page, 'leader')

    const rendered = await page.evaluate(() => {
      const map = (window as unknown as { __guatuMap: import('maplibre-gl').Map }).__guatuMap
      return map.queryRenderedFeatures({ layers: ['parcels-fill'] }).length
    })
    expect(rendered).toBeGreaterThan(0)

    // click the middle of a rendered parcel: its screen point comes from the map itself
    const target = await page.evaluate(() => {
      const map = (window as unknown as { __guatuMap: import('maplibre-gl').Map }).__guatuMap
      const canvas = map.getCanvas()
      const { width, height } = canvas.getBoundingClientRect()
      for (let y = height * 0.3; y < height * 0.7; y += 15) {
        for (let x = width * 0.3; x < width * 0.7; x += 15) {
          const hit = map.queryRenderedFeatures([x, y], { layers: ['parcels-fill'] })[0]
          if (hit) {
            const box = canvas.getBoundingClientRect()
            return { x: box.left + x, y: box.top + y, code: String(hit.properties.code) }
          }
        }
      }
      return null
    })
    expect(target).not.toBeNull()
    if (!target) return
    await page.mouse.click(target.x, target.y)
    await expect
      .poll(() => page.getByRole('complementary').textContent(), { timeout: 15_000 })
      .toContain(target.code)
    await page.screenshot({ path: `${ARTIFACTS}map-leader.png` })

    expect(errors).toEqual([])
    await page.close()
  })

  it('switches the interface to English', async () => {
    const { page, errors } = await openPage()
    await logIn(page, 'leader')
    await page.getByRole('button', { name: 'English' }).click()
    await expect.poll(() => page.locator('body').textContent()).toMatch(/Parcels/)
    expect(errors).toEqual([])
    await page.close()
  })

  it('stays on the login page with an error for a wrong password', async () => {
    const { page } = await openPage()
    await page.goto(origin)
    await page.getByLabel(/用户名|Username/).fill('leader')
    await page.getByLabel(/密码|Password/).fill('wrong-password')
    await page.getByRole('button', { name: /登录|Log in/ }).click()
    await expect.poll(() => page.getByRole('alert').textContent()).toBeTruthy()
    expect(await page.locator('[role="application"]').count()).toBe(0)
    await page.close()
  })
})
