import { randomUUID } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { loginCookie, type TestApp, testPool } from '../support/app'
import { logInThroughPage, openRecordedPage, servedBrowserSession } from '../support/browser'

// `npm run screenshots`: retakes every screenshot README.md shows from docs/screenshots/, on the built app
// (vite build) over the demo district, in the test database (TEST_DATABASE_URL, else the embedded one) the way
// the browser tests start things. To add one: add a shot to SHOTS (its file, size, user and what to do before
// the picture). A README reference with no shot is listed as skipped, so a screen not built yet is noticed.

const session = servedBrowserSession()

const ROOT = fileURLToPath(new URL('../../', import.meta.url))
const OUT = `${ROOT}docs/screenshots/`

type MapWindow = { __guatuMap: import('maplibre-gl').Map }
type Size = { width: number; height: number }

const WIDE: Size = { width: 1400, height: 900 }
const LAPTOP: Size = { width: 1280, height: 720 }
const PHONE: Size = { width: 390, height: 844 }

interface Shot {
  /** the file under docs/screenshots/ */
  file: string
  size: Size
  phone?: boolean
  username: string
  /** the page to log in on, after the origin (a map position, a selection) */
  path?: (app: TestApp) => Promise<string>
  /** what to do after logging in, before the picture */
  prepare?: (page: Page, app: TestApp) => Promise<void>
}

async function api(app: TestApp, username: string, path: string, init: RequestInit = {}) {
  const cookie = await loginCookie(app, username)
  const res = await app.request(path, {
    ...init,
    headers: { cookie, 'content-type': 'application/json', ...(init.headers ?? {}) },
  })
  return { status: res.status, body: await res.json().catch(() => null) }
}

/** Zooms in until parcels are drawn one by one, and taps (or clicks) the one nearest the map's centre. */
async function openParcelAtCentre(page: Page, tap: boolean) {
  await page.evaluate(() => {
    const map = (window as unknown as MapWindow).__guatuMap
    map.jumpTo({ zoom: Math.max(map.getZoom(), 15) })
  })
  const target = await page.waitForFunction(
    () => {
      const map = (window as unknown as MapWindow).__guatuMap
      if (!map.loaded()) return null
      const canvas = map.getCanvas().getBoundingClientRect()
      for (let r = 0; r <= 120; r += 6) {
        for (let a = 0; a < 360; a += r === 0 ? 360 : 30) {
          const x = canvas.width / 2 + r * Math.cos((a * Math.PI) / 180)
          const y = canvas.height / 2 + r * Math.sin((a * Math.PI) / 180)
          const hit = map.queryRenderedFeatures([x, y], { layers: ['parcels-fill'] })[0]
          if (hit?.properties.code)
            return { x: canvas.left + x, y: canvas.top + y, code: String(hit.properties.code) }
        }
      }
      return null
    },
    undefined,
    { timeout: 60_000 },
  )
  const { x, y, code } = (await target.jsonValue()) as { x: number; y: number; code: string }
  if (tap) await page.touchscreen.tap(x, y)
  else await page.mouse.click(x, y)
  await expect
    .poll(() => page.getByRole('complementary').locator('h2').textContent(), { timeout: 15_000 })
    .toContain(code)
}

/** A parcel whose only unfinished milestone is its late hand-over (as the officer's browser test finds one). */
async function parcelLateAtHandover(app: TestApp): Promise<{ id: number; code: string }> {
  const late = (await api(app, 'officer', '/api/milestones/late')).body as {
    parcel_id: number
    kind: string
  }[]
  for (const item of late.filter((m) => m.kind === 'handover')) {
    const detail = (await api(app, 'officer', `/api/parcels/${item.parcel_id}`)).body
    const others = detail.milestones.filter((m: { kind: string }) => m.kind !== 'handover')
    if (others.every((m: { actual_on: string | null }) => m.actual_on)) {
      return { id: detail.properties.id, code: detail.properties.code }
    }
  }
  throw new Error('the demo district has no parcel late only at its hand-over')
}

/** Where the field screenshot stands: inside the demo district, on a parcel. */
const SITE = { lon: 113.4275, lat: 22.567 }

const SHOTS: Shot[] = [
  {
    file: 'leader-view.png',
    size: WIDE,
    username: 'leader',
    async prepare(page) {
      await expect
        .poll(() => page.locator('[data-kpi="signed"] dd').textContent(), { timeout: 20_000 })
        .toMatch(/\d/)
      await page.locator('.side-panel').evaluate((panel) => panel.scrollTo(0, 0))
    },
  },
  {
    file: 'officer-milestone-done.png',
    size: WIDE,
    username: 'officer',
    async prepare(page, app) {
      const parcel = await parcelLateAtHandover(app)
      await page.getByLabel('按供地进度').check()
      await page.evaluate(() => {
        for (const details of document.querySelectorAll('details.late-owner-group'))
          details.setAttribute('open', '')
      })
      await page.locator('.late-item', { hasText: parcel.code }).first().click()
      const panel = page.getByRole('complementary')
      await expect.poll(() => panel.textContent(), { timeout: 15_000 }).toContain(parcel.code)
      await panel.getByRole('button', { name: '编辑节点：交地' }).click()
      await panel.getByRole('button', { name: /标记完成/ }).click()
      await panel.getByLabel('修改原因').fill('交地完成')
      await panel.getByRole('button', { name: '保存', exact: true }).click()
      await expect
        .poll(() => panel.locator('.facts .readiness').textContent(), { timeout: 15_000 })
        .toBe('已完成')
      await expect
        .poll(() => panel.locator('.history-list').textContent(), { timeout: 15_000 })
        .toContain('officer')
    },
  },
  {
    file: 'map-1280.png',
    size: LAPTOP,
    username: 'officer',
    prepare: (page) => openParcelAtCentre(page, false),
  },
  {
    file: 'map-phone.png',
    size: PHONE,
    phone: true,
    username: 'officer',
    prepare: (page) => openParcelAtCentre(page, true),
  },
  {
    file: 'admin-panel.png',
    size: WIDE,
    username: 'admin',
    async prepare(page) {
      await page.getByRole('button', { name: '系统管理' }).click()
      await page
        .getByRole('complementary', { name: '系统管理' })
        .locator('tr[data-username="officer"]')
        .waitFor()
      await page.locator('.side-panel').evaluate((panel) => panel.scrollTo(0, 0))
    },
  },
  {
    file: 'zone-settings.png',
    size: WIDE,
    username: 'admin',
    async prepare(page) {
      await page.getByRole('button', { name: '系统管理' }).click()
      const section = page
        .getByRole('complementary', { name: '系统管理' })
        .getByRole('region', { name: '分区设置' })
      await section.getByLabel('有风险提前量').waitFor()
      // the section's heading at the top of the panel, under the panel's own header
      await section.evaluate((el) => el.scrollIntoView({ block: 'start' }))
      await page.locator('.side-panel').evaluate((panel) => panel.scrollBy(0, -64))
    },
  },
  {
    file: 'field-phone.png',
    size: PHONE,
    phone: true,
    username: 'officer',
    async path(app) {
      // two inspections recorded on site, on the parcel there, so the map shows their points
      const { rows } = await testPool().query<{ id: number }>(
        `select id::int from parcels where ST_Intersects(geom, ST_SetSRID(ST_Point($1, $2), 4326)) limit 1`,
        [SITE.lon, SITE.lat],
      )
      const parcelId = rows[0]?.id
      if (!parcelId) throw new Error('no parcel at the field site')
      const cookie = await loginCookie(app, 'officer')
      const findings = [
        { finding: 'normal', note: '场地已平整', lon: SITE.lon, lat: SITE.lat },
        { finding: 'problem', note: '围挡缺口', lon: SITE.lon + 0.0003, lat: SITE.lat + 0.0002 },
      ]
      for (const f of findings) {
        const form = new FormData()
        form.set('client_id', randomUUID())
        form.set('subject_type', 'parcel')
        form.set('subject_id', String(parcelId))
        form.set('finding', f.finding)
        form.set('note', f.note)
        form.set('lon', String(f.lon))
        form.set('lat', String(f.lat))
        const res = await app.request('/api/inspections', { method: 'POST', body: form, headers: { cookie } })
        expect(res.status).toBe(201)
      }
      return `/?c=${SITE.lon},${SITE.lat}&z=16&sel=p${parcelId}`
    },
    async prepare(page) {
      await page.getByRole('complementary').locator('h2').waitFor({ timeout: 15_000 })
    },
  },
]

/** The screenshots README.md shows from docs/screenshots/, in the order it shows them. */
function readmeScreenshots(): string[] {
  const readme = readFileSync(`${ROOT}README.md`, 'utf8')
  return [...new Set([...readme.matchAll(/docs\/screenshots\/([\w.-]+\.png)/g)].map((m) => m[1] as string))]
}

describe('the README screenshots', () => {
  const wanted = readmeScreenshots()
  const skipped = wanted.filter((file) => !SHOTS.some((shot) => shot.file === file))
  if (skipped.length > 0)
    console.log(`[screenshots] no screen (or no shot) yet, skipped: ${skipped.join(', ')}`)

  for (const shot of SHOTS.filter((s) => wanted.includes(s.file))) {
    it(`${shot.file} (${shot.size.width}×${shot.size.height}, ${shot.username})`, async () => {
      const { page, errors } = await openRecordedPage(session.browser, {
        viewport: shot.size,
        ...(shot.phone ? { hasTouch: true, isMobile: true } : {}),
      })
      try {
        const path = shot.path ? await shot.path(session.app) : '/'
        await logInThroughPage(page, `${session.origin}${path}`, shot.username)
        await shot.prepare?.(page, session.app)
        // let the map finish drawing what the last step asked for
        await page.waitForFunction(() => (window as unknown as MapWindow).__guatuMap.loaded(), undefined, {
          timeout: 30_000,
        })
        await page.waitForTimeout(500)
        await page.screenshot({ path: `${OUT}${shot.file}` })
        console.log(`[screenshots] ${shot.file} ${shot.size.width}×${shot.size.height}`)
        expect(errors).toEqual([])
      } finally {
        await page.close()
      }
    })
  }
})
