import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { say } from '../../server/domain/messages'
import { testPool } from '../support/app'
import { ARTIFACTS, logInThroughPage, openRecordedPage, servedBrowserSession } from '../support/browser'
import { parcelApi } from '../support/parcel-api'

const session = servedBrowserSession()

type MapWindow = { __guatuMap: import('maplibre-gl').Map }
type Box = { x: number; y: number; width: number; height: number }

const PHONE = { width: 390, height: 844 }
const DESKTOP = { width: 1280, height: 720 }

/** The demo's accounts and the role badge each should read, in Chinese (README: 土地专员 for land officers). */
const ROLES = [
  { username: 'leader', badge: '区领导', writes: false },
  { username: 'officer', badge: '土地专员', writes: true },
  { username: 'investor', badge: '招商团队', writes: false },
  { username: 'admin', badge: '管理员', writes: true },
  // a department's user (征拆办): a land officer with the department's reminders in the header
  { username: 'zhengchai', badge: '土地专员', writes: true },
] as const

async function openPhone() {
  return openRecordedPage(session.browser, { viewport: PHONE, hasTouch: true, isMobile: true })
}

async function openDesktop() {
  return openRecordedPage(session.browser, { viewport: DESKTOP })
}

function inside(box: Box | null, viewport: { width: number; height: number }) {
  expect(box).not.toBeNull()
  if (!box) return
  expect(box.x).toBeGreaterThanOrEqual(0)
  expect(box.y).toBeGreaterThanOrEqual(0)
  expect(box.x + box.width).toBeLessThanOrEqual(viewport.width)
  expect(box.y + box.height).toBeLessThanOrEqual(viewport.height)
}

/** The page scrolls neither way: nothing sticks out of the window. */
async function noPageOverflow(page: Page, viewport: { width: number; height: number }) {
  const size = await page.evaluate(() => ({
    width: document.documentElement.scrollWidth,
    height: document.documentElement.scrollHeight,
  }))
  expect(size.width).toBeLessThanOrEqual(viewport.width)
  expect(size.height).toBeLessThanOrEqual(viewport.height)
}

/**
 * A parcel drawn at or near the middle of the map's canvas, as the map itself answers for that point, with the
 * page coordinates to tap; null when none is within 90 px of the middle.
 */
function parcelNearMapCentre(page: Page) {
  return page.evaluate(() => {
    const map = (window as unknown as MapWindow).__guatuMap
    const canvas = map.getCanvas().getBoundingClientRect()
    const cx = canvas.width / 2
    const cy = canvas.height / 2
    for (let r = 0; r <= 90; r += 6) {
      for (let a = 0; a < 360; a += r === 0 ? 360 : 30) {
        const x = cx + r * Math.cos((a * Math.PI) / 180)
        const y = cy + r * Math.sin((a * Math.PI) / 180)
        const hit = map.queryRenderedFeatures([x, y], { layers: ['parcels-fill'] })[0]
        // a zoomed-out view draws cells of many parcels: only a parcel has a code
        if (hit?.properties.code) {
          const px = canvas.left + x
          const py = canvas.top + y
          // nothing of the page covers the map there
          const top = document.elementFromPoint(px, py)
          return { x: px, y: py, code: String(hit.properties.code), onCanvas: top === map.getCanvas() }
        }
      }
    }
    return null
  })
}

/** Zooms the map in on its centre until the parcels there are drawn one by one (not as overview cells). */
async function zoomToParcels(page: Page) {
  await page.evaluate(() => {
    const map = (window as unknown as MapWindow).__guatuMap
    map.jumpTo({ zoom: Math.max(map.getZoom(), 15) })
  })
  await page.waitForFunction(
    () => {
      const map = (window as unknown as MapWindow).__guatuMap
      return (
        map.loaded() && map.queryRenderedFeatures({ layers: ['parcels-fill'] }).some((f) => f.properties.code)
      )
    },
    undefined,
    { timeout: 60_000 },
  )
}

describe('on a phone (390×844), each role', () => {
  for (const role of ROLES) {
    it(`${role.username}: the map fills the screen, the header fits in a menu, a tapped parcel opens in the bottom sheet`, async () => {
      const { page, errors } = await openPhone()
      try {
        await logInThroughPage(page, session.origin, role.username)
        await noPageOverflow(page, PHONE)

        // the header: the brand and one menu button, both on screen; the menu holds the rest, inside the window
        const header = page.locator('.app-header')
        inside(await header.boundingBox(), PHONE)
        const menuButton = header.getByRole('button', { name: '菜单' })
        inside(await menuButton.boundingBox(), PHONE)
        expect(await header.getByRole('button', { name: '退出登录' }).isVisible()).toBe(false)
        await menuButton.tap()
        expect(await menuButton.getAttribute('aria-expanded')).toBe('true')
        const logout = header.getByRole('button', { name: '退出登录' })
        const english = header.getByRole('button', { name: 'English' })
        await logout.waitFor()
        inside(await logout.boundingBox(), PHONE)
        inside(await english.boundingBox(), PHONE)
        inside(await header.locator('.role-badge').boundingBox(), PHONE)
        expect(await header.locator('.role-badge').textContent()).toBe(role.badge)
        if (role.writes) {
          inside(await header.getByRole('button', { name: '导入地块' }).boundingBox(), PHONE)
          // the export menu opens above the map's zoom buttons, not under them
          await header.getByText('导出地块', { exact: true }).tap()
          const list = header.locator('.header-menu-list')
          const zoomIn = page.locator('.maplibregl-ctrl-zoom-in')
          const [listBox, zoomBox] = [await list.boundingBox(), await zoomIn.boundingBox()]
          expect(listBox && zoomBox).toBeTruthy()
          if (listBox && zoomBox) {
            // they overlap here (the menu drops over the map's top right), so the test means something
            expect(listBox.x < zoomBox.x + zoomBox.width && listBox.y < zoomBox.y + zoomBox.height).toBe(true)
            const onTop = await page.evaluate(
              ([x, y]) => Boolean(document.elementFromPoint(x, y)?.closest('.header-menu-list')),
              [zoomBox.x + zoomBox.width / 2, zoomBox.y + zoomBox.height / 2] as const,
            )
            expect(onTop).toBe(true)
          }
          inside(await header.getByRole('list', { name: /导出/ }).boundingBox(), PHONE)
        }
        await page.screenshot({ path: `${ARTIFACTS}phone-${role.username}-menu.png` })
        await page.keyboard.press('Escape')
        await expect.poll(() => menuButton.getAttribute('aria-expanded')).toBe('false')

        // the map takes the screen under the header; the folded sheet leaves it at least 60 % of the height
        const mapBox = await page.locator('.map-view').boundingBox()
        const sheet = page.locator('.bottom-sheet')
        const sheetBox = await sheet.boundingBox()
        expect(mapBox?.width).toBe(PHONE.width)
        expect(mapBox?.height).toBeGreaterThan(PHONE.height * 0.9)
        expect(sheetBox).not.toBeNull()
        if (!sheetBox || !mapBox) return
        expect(sheetBox.y - mapBox.y).toBeGreaterThanOrEqual(PHONE.height * 0.6)
        expect(await sheet.getAttribute('data-sheet')).toBe('folded')

        // the layer, colouring and legend cards are folded: one button, nothing else over the map's left side
        const cardsToggle = page.getByRole('button', { name: '图层与图例' })
        expect(await cardsToggle.getAttribute('aria-expanded')).toBe('false')
        expect(await page.getByRole('region', { name: '图例' }).isVisible()).toBe(false)
        if (role.writes) {
          // the officers' edit tools fit on the map's top row
          const toolbar = page.getByRole('region', { name: '地块编辑' })
          inside(await toolbar.boundingBox(), PHONE)
          for (const name of ['新增地块', '修改边界', '分割', '合并']) {
            inside(await toolbar.getByRole('button', { name }).boundingBox(), PHONE)
          }
        }

        // tap the parcel at the middle of the map: nothing covers it, and its panel opens with its code
        await zoomToParcels(page)
        const target = await parcelNearMapCentre(page)
        expect(target).not.toBeNull()
        if (!target) return
        expect(target.onCanvas).toBe(true)
        await page.touchscreen.tap(target.x, target.y)
        const panel = page.getByRole('complementary')
        await expect.poll(() => panel.locator('h2').textContent(), { timeout: 15_000 }).toContain(target.code)
        // the heading shows within the folded sheet, on screen
        inside(await panel.locator('h2').boundingBox(), PHONE)
        expect(await sheet.getAttribute('data-sheet')).toBe('folded')
        await page.screenshot({ path: `${ARTIFACTS}phone-${role.username}.png` })

        // the handle expands the sheet and folds it again
        const handle = page.getByRole('button', { name: '展开面板' })
        await handle.tap()
        await expect.poll(() => sheet.getAttribute('data-sheet')).toBe('expanded')
        await expect
          .poll(async () => (await sheet.boundingBox())?.height ?? 0)
          .toBeGreaterThan(PHONE.height * 0.8)
        await page.screenshot({ path: `${ARTIFACTS}phone-${role.username}-expanded.png` })
        await page.getByRole('button', { name: '收起面板' }).tap()
        await expect.poll(() => sheet.getAttribute('data-sheet')).toBe('folded')
        await noPageOverflow(page, PHONE)

        if (role.username === 'admin') {
          // the admin panel: its tables scroll sideways inside the sheet instead of being cut off
          await panel.getByRole('button', { name: '关闭' }).tap()
          await page.getByRole('button', { name: '系统管理' }).tap()
          const admin = page.getByRole('complementary', { name: '系统管理' })
          await admin.locator('tr[data-username="officer"]').waitFor()
          // the sheet spans the phone's width for the admin panel too
          expect((await admin.boundingBox())?.width).toBe(PHONE.width)
          const table = admin.locator('table').first()
          const widths = await table.evaluate((el) => ({
            scroll: el.scrollWidth,
            client: el.clientWidth,
            right: el.getBoundingClientRect().right,
            overflow: getComputedStyle(el).overflowX,
          }))
          expect(widths.right).toBeLessThanOrEqual(PHONE.width)
          expect(widths.overflow).toBe('auto')
          if (widths.scroll > widths.client) {
            await table.evaluate((el) => el.scrollTo({ left: el.scrollWidth }))
            expect(await table.evaluate((el) => el.scrollLeft)).toBeGreaterThan(0)
          }
          await page.getByRole('button', { name: '展开面板' }).tap()
          await expect.poll(() => sheet.getAttribute('data-sheet')).toBe('expanded')
          await noPageOverflow(page, PHONE)
          await page.screenshot({ path: `${ARTIFACTS}phone-admin-panel.png` })
        }
        expect(errors).toEqual([])
      } finally {
        await page.close()
      }
    })
  }
})

describe('at 1280×720, each role', () => {
  for (const role of ROLES) {
    it(`${role.username}: nothing wraps or hides, and the map keeps at least 60 % of the width`, async () => {
      const { page, errors } = await openDesktop()
      try {
        await logInThroughPage(page, session.origin, role.username)
        await noPageOverflow(page, DESKTOP)
        const header = page.locator('.app-header')
        // one line of header: every tool on screen, on the header's row
        const headerBox = await header.boundingBox()
        expect(headerBox?.height).toBe(56)
        for (const tool of await header.locator('.header-tools > *').all()) {
          const box = await tool.boundingBox()
          inside(box, DESKTOP)
          expect(box && box.y + box.height).toBeLessThanOrEqual(56)
        }
        expect(await header.locator('.role-badge').textContent()).toBe(role.badge)
        expect(await page.getByRole('button', { name: '菜单' }).count()).toBe(0)
        // the brand and the zone's name end left of the search box, every word of them shown
        const brand = await header.locator('.brand').boundingBox()
        const search = await header.locator('.search-box').boundingBox()
        expect(brand && search).toBeTruthy()
        if (brand && search) expect(brand.x + brand.width).toBeLessThanOrEqual(search.x)
        for (const line of await header.locator('.brand p').all()) {
          const fits = await line.evaluate((el) => el.scrollWidth <= el.clientWidth)
          expect(fits, (await line.textContent()) ?? '').toBe(true)
        }
        if (role.writes) {
          // the export menu opens over the map's zoom buttons, not under them
          await header.getByText('导出地块', { exact: true }).click()
          const list = header.getByRole('list', { name: /导出/ })
          await list.waitFor()
          inside(await list.boundingBox(), DESKTOP)
          const [listBox, zoomBox] = [
            await list.boundingBox(),
            await page.locator('.maplibregl-ctrl-zoom-in').boundingBox(),
          ]
          expect(listBox && zoomBox).toBeTruthy()
          if (listBox && zoomBox) {
            // they overlap at this size (the menu drops over the map's top right), so the check means something
            expect(listBox.x < zoomBox.x + zoomBox.width && listBox.y < zoomBox.y + zoomBox.height).toBe(true)
            expect(listBox.x + listBox.width > zoomBox.x && listBox.y + listBox.height > zoomBox.y).toBe(true)
            const onTop = await page.evaluate(
              ([x, y]) => Boolean(document.elementFromPoint(x, y)?.closest('.export-menu ul')),
              [zoomBox.x + zoomBox.width / 2, zoomBox.y + zoomBox.height / 2] as const,
            )
            expect(onTop).toBe(true)
          }
          // the CSV it links to has the Chinese headers of the interface's language
          const csvLink = list.getByRole('link', { name: /CSV/ })
          const href = (await csvLink.getAttribute('href')) ?? ''
          expect(href).toBe('/api/parcels/export?format=csv&lang=zh-CN')
          const csv = await page.request.get(`${session.origin}${href}`)
          expect(csv.status()).toBe(200)
          expect((await csv.text()).replace(/^\uFEFF/, '').split('\r\n')[0]).toMatch(
            /^地块编号,地块名称,用地性质,状态,/,
          )
          await page.screenshot({ path: `${ARTIFACTS}desktop-${role.username}-export.png` })
          await page.keyboard.press('Escape')
          await expect.poll(() => list.isVisible()).toBe(false)
        }
        // the layer, colouring and legend cards end above the 属性表 button (they scroll instead of running under it)
        const cardsBox = await page.locator('.map-overlay-left').boundingBox()
        const tableButton = await page.getByRole('button', { name: '属性表', exact: true }).boundingBox()
        expect(cardsBox && tableButton).toBeTruthy()
        if (cardsBox && tableButton) {
          expect(cardsBox.y + cardsBox.height).toBeLessThanOrEqual(tableButton.y)
        }

        const mapWidth = async () => (await page.locator('.map-view').boundingBox())?.width ?? 0
        expect(await mapWidth()).toBeGreaterThanOrEqual(DESKTOP.width * 0.6)
        // the cards are unfolded on a wide screen, and can be folded
        expect(await page.getByRole('button', { name: '收起图层与图例' }).getAttribute('aria-expanded')).toBe(
          'true',
        )
        expect(await page.getByRole('region', { name: '图例' }).isVisible()).toBe(true)

        if (role.writes) {
          // the edit toolbar on one line, clear of the cards and of the zoom buttons
          const toolbar = page.getByRole('region', { name: '地块编辑' })
          const tops = new Set<number>()
          for (const button of await toolbar.getByRole('button').all()) {
            const box = await button.boundingBox()
            if (box) tops.add(Math.round(box.y))
          }
          expect(tops.size).toBe(1)
          const bar = await toolbar.boundingBox()
          const cards = await page.locator('.map-overlay-left').boundingBox()
          const zoom = await page.locator('.maplibregl-ctrl-zoom-in').boundingBox()
          expect(bar && cards && zoom).toBeTruthy()
          if (bar && cards && zoom) {
            expect(bar.height).toBeLessThan(50)
            expect(bar.x).toBeGreaterThanOrEqual(cards.x + cards.width)
            expect(bar.x + bar.width).toBeLessThanOrEqual(zoom.x)
          }
        }

        // a parcel opened from the map: the panel beside it does not squeeze the map
        await zoomToParcels(page)
        const target = await parcelNearMapCentre(page)
        expect(target).not.toBeNull()
        if (!target) return
        await page.mouse.click(target.x, target.y)
        const panel = page.getByRole('complementary')
        await expect.poll(() => panel.locator('h2').textContent(), { timeout: 15_000 }).toContain(target.code)
        expect(await mapWidth()).toBeGreaterThanOrEqual(DESKTOP.width * 0.6)
        await page.screenshot({ path: `${ARTIFACTS}desktop-${role.username}.png` })

        if (role.username === 'admin') {
          await panel.getByRole('button', { name: '关闭' }).click()
          await page.getByRole('button', { name: '系统管理' }).click()
          await page
            .getByRole('complementary', { name: '系统管理' })
            .locator('tr[data-username="officer"]')
            .waitFor()
          expect(await mapWidth()).toBeGreaterThanOrEqual(DESKTOP.width * 0.6)
          await noPageOverflow(page, DESKTOP)
          await page.screenshot({ path: `${ARTIFACTS}desktop-admin-panel.png` })
        }
        if (role.username === 'leader') {
          // the cards fold to one button, and unfold again
          await page.getByRole('button', { name: '收起图层与图例' }).click()
          const unfold = page.getByRole('button', { name: '图层与图例', exact: true })
          expect(await unfold.getAttribute('aria-expanded')).toBe('false')
          expect(await page.getByRole('region', { name: '图例' }).isVisible()).toBe(false)
          expect(await page.getByLabel('按供地进度').isVisible()).toBe(false)
          await unfold.click()
          expect(await page.getByRole('region', { name: '图例' }).isVisible()).toBe(true)

          // the big legend follows the colour mode
          const legend = page.getByRole('region', { name: '图例' })
          expect(await legend.locator('.legend-group').first().locator('h3').textContent()).toBe('地块状态')
          await page.getByLabel('按供地进度').check()
          const group = legend.locator('.legend-group').first()
          await expect.poll(() => group.locator('h3').textContent()).toBe('地块供地进度')
          expect(await group.locator('li').allTextContents()).toEqual([
            '已完成',
            '按计划',
            '有风险',
            '滞后',
            '未排期',
          ])
          expect(await legend.getByText('已出让', { exact: true }).count()).toBe(0)
          await legend.screenshot({ path: `${ARTIFACTS}legend-readiness.png` })
        }
        expect(errors).toEqual([])
      } finally {
        await page.close()
      }
    })
  }
})

describe('between a phone and a laptop', () => {
  it('keeps every header tool of a land officer on screen at 1024 and 1220 px wide', async () => {
    for (const viewport of [
      { width: 1024, height: 768 },
      { width: 1220, height: 800 },
    ]) {
      const { page, errors } = await openRecordedPage(session.browser, { viewport })
      try {
        await logInThroughPage(page, session.origin, 'officer')
        await noPageOverflow(page, viewport)
        const header = page.locator('.app-header')
        for (const tool of await header.locator('.header-tools > *').all())
          inside(await tool.boundingBox(), viewport)
        const brand = await header.locator('.brand').boundingBox()
        const search = await header.locator('.search-box').boundingBox()
        expect(brand && search && brand.x + brand.width <= search.x).toBe(true)
        expect(errors).toEqual([])
      } finally {
        await page.close()
      }
    }
  })
})

describe('the smaller items, as land officer at 1280×720', () => {
  it('after 保存边界 the open panel shows the new area at once', async () => {
    const api = parcelApi(session.app, 'T-E2E-SMALL-')
    const created = await api.create(110.84, 20.84)
    const id = created.id
    const before = Math.round(created.properties.area_m2)
    const { page, errors } = await openDesktop()
    try {
      await logInThroughPage(page, `${session.origin}/?c=110.8405,20.8405&z=17&sel=p${id}`, 'officer')
      const panel = page.getByRole('complementary')
      const m2 = (value: number) => `${value.toLocaleString('en-US')} m²`
      await expect
        .poll(() => panel.locator('.facts').textContent(), { timeout: 15_000 })
        .toContain(m2(before))

      await page.getByRole('button', { name: '修改边界' }).click()
      await page.getByRole('button', { name: '保存边界' }).waitFor()
      // drag the north-east corner 60 px further north-east
      const corner = await page.evaluate(() => {
        const map = (window as unknown as MapWindow).__guatuMap
        const point = map.project([110.841, 20.841])
        const box = map.getCanvas().getBoundingClientRect()
        return { x: box.left + point.x, y: box.top + point.y }
      })
      await page.mouse.move(corner.x, corner.y)
      await page.mouse.down()
      await page.mouse.move(corner.x + 60, corner.y - 60, { steps: 12 })
      await page.mouse.up()
      // the panel's query is fetched again after the write (besides taking the PATCH's answer at once)
      const detailPath = `/api/parcels/${id}`
      let patched = false
      let refetched = 0
      page.on('response', (response) => {
        const url = new URL(response.url())
        if (url.pathname !== detailPath) return
        if (response.request().method() === 'PATCH') patched = true
        else if (patched && response.request().method() === 'GET') refetched += 1
      })
      await page.getByRole('button', { name: '保存边界' }).click()

      // the server's new area, and the panel showing it without being reopened
      await expect
        .poll(async () => (await api.send('GET', `/api/parcels/${id}`)).body.properties.version, {
          timeout: 15_000,
        })
        .toBeGreaterThan(created.properties.version)
      const after = Math.round((await api.send('GET', `/api/parcels/${id}`)).body.properties.area_m2)
      expect(after).toBeGreaterThan(before)
      await expect.poll(() => panel.locator('.facts').textContent(), { timeout: 15_000 }).toContain(m2(after))
      expect(await panel.locator('h2').textContent()).toContain(created.properties.code)
      await expect.poll(() => refetched, { timeout: 15_000 }).toBeGreaterThan(0)

      // the history tells the edit in words: the boundary as its area in 亩 before → after, never JSON
      const mu = (m2: number) => (m2 / (10000 / 15)).toFixed(2)
      const areaAfter = (await api.send('GET', `/api/parcels/${id}`)).body.properties.area_m2
      const history = panel.locator('.history-list')
      await expect
        .poll(() => history.locator('li').first().textContent(), { timeout: 15_000 })
        .toContain(`边界：${mu(created.properties.area_m2)} → ${mu(areaAfter)} 亩`)
      expect(await history.textContent()).not.toMatch(/[{}]/)
      await history.screenshot({ path: `${ARTIFACTS}history-boundary.png` })
      // in English the history is fetched again, in English
      await page.locator('.app-header').getByRole('button', { name: 'English' }).click()
      await expect
        .poll(() => history.locator('li').first().textContent(), { timeout: 15_000 })
        .toContain(`boundary: ${mu(created.properties.area_m2)} → ${mu(areaAfter)} mu`)
      // the export menu's links follow the interface's language
      expect(await page.locator('.app-header .export-menu a[href*="format=csv"]').getAttribute('href')).toBe(
        '/api/parcels/export?format=csv&lang=en',
      )
      await page.locator('.app-header').getByRole('button', { name: '中文' }).click()
      expect(errors).toEqual([])
    } finally {
      await page.close()
      await testPool().query(`delete from parcels where code like 'T-E2E-SMALL-%'`)
    }
  })

  it('修改边界 on a parcel that cannot be fetched says so in the toolbar, and 关闭 puts the message away', async () => {
    const api = parcelApi(session.app, 'T-E2E-SMALL-')
    const created = await api.create(110.85, 20.85)
    const id = created.id
    const { page, errors } = await openDesktop()
    try {
      await logInThroughPage(page, `${session.origin}/?c=110.8505,20.8505&z=17&sel=p${id}`, 'officer')
      const panel = page.getByRole('complementary')
      await expect
        .poll(() => panel.locator('h2').textContent(), { timeout: 15_000 })
        .toContain(created.properties.code)
      // from now on the parcel's own address fails (the network, or the server, is away)
      await page.route(`**/api/parcels/${id}`, (route) =>
        route.request().method() === 'GET'
          ? route.fulfill({ status: 503, contentType: 'text/plain', body: 'unavailable' })
          : route.continue(),
      )
      await page.getByRole('button', { name: '修改边界' }).click()
      const alert = page.locator('.edit-toolbar [role="alert"]')
      await alert.waitFor({ timeout: 15_000 })
      expect(await alert.textContent()).toMatch(/^操作失败：/)
      // no edit began: no 保存边界
      expect(await page.getByRole('button', { name: '保存边界' }).count()).toBe(0)
      await page.locator('.edit-toolbar').getByRole('button', { name: '关闭' }).click()
      expect(await alert.count()).toBe(0)
      // the only console errors are the refused fetches
      expect(errors.filter((e) => !/503|Failed to load resource/.test(e))).toEqual([])
    } finally {
      await page.close()
      await testPool().query(`delete from parcels where code like 'T-E2E-SMALL-%'`)
    }
  })

  it('合并 picks nothing by itself; a milestone form opens under its row; the late list keeps codes on one line with names', async () => {
    const late = (await parcelApi(session.app, 'unused').send('GET', '/api/milestones/late')).body as {
      parcel_id: number
      code: string
      name: string | null
    }[]
    const named = late.find((item) => item.name)
    expect(named).toBeTruthy()
    if (!named) return
    const { page, errors } = await openDesktop()
    try {
      await logInThroughPage(page, session.origin, 'officer')
      // the late list: every code on one line, the parcel's name shown with it
      await page.evaluate(() => {
        for (const details of document.querySelectorAll('details.late-owner-group'))
          details.setAttribute('open', '')
      })
      // the late milestones' list (the breached commitments' list below it is another)
      const codes = page.locator('.late-list:not([data-testid="late-commitments"]) .late-item .late-code')
      // the lines each code's text takes: its text's boxes, counted by their distinct tops
      const lines = await codes.evaluateAll((spans) =>
        spans.map((span) => {
          const range = document.createRange()
          range.selectNodeContents(span)
          return new Set([...range.getClientRects()].map((rect) => Math.round(rect.top))).size
        }),
      )
      expect(lines.length).toBe(late.length)
      expect(lines.every((count) => count === 1)).toBe(true)
      const item = page
        .locator('.late-list:not([data-testid="late-commitments"]) .late-item', { hasText: named.code })
        .first()
      expect(await item.locator('.late-name').textContent()).toBe(named.name)
      await page
        .locator('.late-list')
        .first()
        .screenshot({ path: `${ARTIFACTS}late-list.png` })

      // open the parcel from the list, then start a merge: nothing is picked until the user taps parcels
      await item.click()
      const panel = page.getByRole('complementary')
      await expect.poll(() => panel.locator('h2').textContent(), { timeout: 15_000 }).toContain(named.code)
      await page.getByRole('button', { name: '合并', exact: true }).click()
      expect(await page.locator('.edit-picked').textContent()).toBe('已选 0 块：—')
      const picked = await page.evaluate(
        (parcelId) =>
          (window as unknown as MapWindow).__guatuMap.getFeatureState({
            source: 'parcels',
            sourceLayer: 'parcels',
            id: parcelId,
          }).picked ?? false,
        named.parcel_id,
      )
      expect(picked).toBe(false)
      await page.getByRole('region', { name: '地块编辑' }).getByRole('button', { name: '取消' }).click()

      // the milestone form opens right under the row it edits, above the next row
      await panel.getByRole('button', { name: '编辑节点：收储' }).click()
      const row = panel.locator('tr[data-milestone="acquisition"]')
      const next = panel.locator('tr[data-milestone="clearance"]')
      const form = panel.locator('.milestone-form-row')
      await form.waitFor()
      const [rowBox, formBox, nextBox] = [
        await row.boundingBox(),
        await form.boundingBox(),
        await next.boundingBox(),
      ]
      expect(rowBox && formBox && nextBox).toBeTruthy()
      if (rowBox && formBox && nextBox) {
        expect(Math.abs(formBox.y - (rowBox.y + rowBox.height))).toBeLessThanOrEqual(2)
        expect(nextBox.y).toBeGreaterThanOrEqual(formBox.y + formBox.height - 2)
      }
      await panel
        .locator('.panel-section', { has: page.locator('.milestone-form-row') })
        .screenshot({ path: `${ARTIFACTS}milestone-form-row.png` })
      expect(errors).toEqual([])
    } finally {
      await page.close()
    }
  })

  it('a refused merge says why in the interface language, never the server’s English', async () => {
    const api = parcelApi(session.app, 'T-E2E-MERGE-')
    // two squares of ~100 m, 50 m apart: they do not touch
    const a = await api.create(110.86, 20.86)
    const b = await api.create(110.8615, 20.86)
    const { page, errors } = await openDesktop()
    try {
      await logInThroughPage(page, `${session.origin}/?c=110.86125,20.8605&z=17`, 'officer')
      const codes = [a.properties.code, b.properties.code]
      await page.waitForFunction(
        (wanted) => {
          const map = (window as unknown as MapWindow).__guatuMap
          const drawn = new Set(
            map.queryRenderedFeatures({ layers: ['parcels-fill'] }).map((f) => String(f.properties.code)),
          )
          return map.loaded() && wanted.every((code) => drawn.has(code))
        },
        codes,
        { timeout: 30_000 },
      )
      await page.getByRole('button', { name: '合并', exact: true }).click()
      for (const lon of [110.8605, 110.862]) {
        const point = await page.evaluate(
          ([x, y]) => {
            const map = (window as unknown as MapWindow).__guatuMap
            const p = map.project([x, y])
            const box = map.getCanvas().getBoundingClientRect()
            return { x: box.left + p.x, y: box.top + p.y }
          },
          [lon, 20.8605] as const,
        )
        await page.mouse.click(point.x, point.y)
      }
      await expect.poll(() => page.locator('.edit-picked').textContent()).toContain('已选 2 块')
      // (the region's name follows the language: found by its class)
      const toolbar = page.locator('.edit-toolbar')
      await toolbar.getByRole('button', { name: '合并地块' }).click()
      const alert = toolbar.getByRole('alert')
      await expect
        .poll(() => alert.textContent(), { timeout: 15_000 })
        .toBe('几何未通过校验：这些地块不相连，不能合并为一个地块')
      await page.screenshot({ path: `${ARTIFACTS}merge-refused.png` })

      await page.locator('.app-header').getByRole('button', { name: 'English' }).click()
      await toolbar.getByRole('button', { name: 'Merge parcels' }).click()
      await expect
        .poll(() => alert.textContent(), { timeout: 15_000 })
        .toBe(`The geometry was refused: ${say('parcel.not_connected', {}, 'en')}`)
      await page.locator('.app-header').getByRole('button', { name: '中文' }).click()
      // nothing merged; the browser logs the two refusals (400) and nothing else
      expect((await api.send('GET', `/api/parcels/${a.id}`)).status).toBe(200)
      expect(errors).toEqual([
        expect.stringContaining('status of 400'),
        expect.stringContaining('status of 400'),
      ])
    } finally {
      await page.close()
      await testPool().query(`delete from parcels where code like 'T-E2E-MERGE-%'`)
    }
  })
})
