import { randomBytes } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import type { Page } from 'playwright-core'
import { afterAll, describe, expect, it } from 'vitest'
import { loginCookie, testPool } from '../support/app'
import { ARTIFACTS, logInThroughPage, openRecordedPage, servedBrowserSession } from '../support/browser'

// Field inspection and documents (issue 17): a phone that records inspections offline and sends them once when it
// is back online, and an office screen where a milestone waits for its document.
const session = servedBrowserSession()
// a phone's whole offline round (log in, service worker, two records, reload, sync) takes a while on 2 busy cores
const LONG = 300_000
const step = (what: string) => console.log(`[field] ${what}`)

const PHONE = { width: 390, height: 844 }
const GPS_PHOTO = fileURLToPath(new URL('../fixtures/photos/site-gps.jpg', import.meta.url))
// where the phone says it is: inside the demo district (the test finds the parcel there with PostGIS)
const HERE = { longitude: 113.4275, latitude: 22.567 }
const RUN = Date.now().toString(36)
const NOTES = { problem: `围挡缺口-${RUN}`, normal: `场地已平整-${RUN}` }
const PDF = Buffer.from(
  '%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n' +
    '3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n',
)

afterAll(async () => {
  const pool = testPool()
  await pool.query(`delete from inspections where note like $1`, [`%-${RUN}`])
  await pool.query(`delete from documents where name like $1`, [`%${RUN}%`])
  await pool.query(
    `delete from file_contents c where not exists (select 1 from documents d where d.sha256 = c.sha256)
       and not exists (select 1 from inspection_photos p where p.sha256 = c.sha256)`,
  )
})

async function api(cookie: string, path: string, init: RequestInit = {}) {
  const res = await session.app.request(path, {
    ...init,
    headers: { cookie, 'content-type': 'application/json', ...(init.headers ?? {}) },
  })
  return { status: res.status, body: await res.json().catch(() => null) }
}

async function inspectionsWithNotes(notes: string[]) {
  const { rows } = await testPool().query<{
    note: string
    finding: string
    lon: number
    lat: number
    position_source: string
    photos: number
  }>(
    `select note, finding, st_x(position) as lon, st_y(position) as lat, position_source,
       (select count(*)::int from inspection_photos p where p.inspection_id = i.id) as photos
     from inspections i where note = any($1) order by finding, note`,
    [notes],
  )
  return rows
}

/** The inspection points the map holds in its source around `HERE` (the layer shows from zoom 13). */
function mapInspectionNotes(page: Page) {
  return page.evaluate(() => {
    const map = (window as unknown as { __guatuMap?: import('maplibre-gl').Map }).__guatuMap
    if (!map?.getSource('inspections')) return []
    return map.querySourceFeatures('inspections').map((f) => String(f.properties.note))
  })
}

describe('inspections on a phone, offline', () => {
  it(
    'records two inspections offline, survives a reload, and uploads each exactly once when back online',
    async () => {
      const { rows: here } = await testPool().query<{ id: number; code: string }>(
        `select id::int, code from parcels where st_contains(geom, st_setsrid(st_makepoint($1, $2), 4326))`,
        [HERE.longitude, HERE.latitude],
      )
      expect(here).toHaveLength(1)
      const parcel = here[0] as { id: number; code: string }

      const { page, errors } = await openRecordedPage(session.browser, {
        viewport: PHONE,
        hasTouch: true,
        isMobile: true,
        serviceWorkers: 'allow',
        geolocation: HERE,
        permissions: ['geolocation'],
      })
      const context = page.context()
      try {
        await logInThroughPage(page, session.origin, 'officer')
        step('logged in')
        // the service worker takes the page, and caches the app shell and what the page reads from now on
        await page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined))
        await page.reload()
        await page.locator('[role="application"][data-map-ready="true"]').waitFor({ timeout: 60_000 })
        expect(await page.evaluate(() => Boolean(navigator.serviceWorker.controller))).toBe(true)
        step('service worker in control')

        // the parcel under the phone's position opens from the overview
        await page.getByRole('button', { name: '巡查所在地块' }).click()
        const panel = page.getByRole('complementary')
        await expect
          .poll(() => panel.locator('h2').first().textContent(), { timeout: 15_000 })
          .toContain(parcel.code)

        step('parcel open')
        await context.setOffline(true)
        // first: a problem, with a photo that carries its own EXIF position
        await panel.getByRole('button', { name: '记录巡查' }).click()
        let dialog = page.getByRole('dialog')
        await expect
          .poll(() => dialog.getByTestId('inspection-position').textContent())
          .toContain('22.567000')
        await dialog.getByLabel('有问题').check()
        await dialog.getByLabel('情况说明').fill(NOTES.problem)
        await dialog.getByLabel('拍照或选择照片').setInputFiles(GPS_PHOTO)
        await dialog.getByRole('button', { name: '保存巡查' }).click()
        await dialog.waitFor({ state: 'detached' })
        // second: a normal visit, no photo
        await panel.getByRole('button', { name: '记录巡查' }).click()
        dialog = page.getByRole('dialog')
        await dialog.getByLabel('情况说明').fill(NOTES.normal)
        await dialog.getByRole('button', { name: '保存巡查' }).click()
        await dialog.waitFor({ state: 'detached' })
        await expect
          .poll(() => panel.getByTestId('inspection-queue').textContent())
          .toContain('待上传巡查 2 条')

        step('two queued')
        // still offline: the app comes back from the service worker, the two records from IndexedDB
        await page.reload()
        await expect
          .poll(() => page.getByTestId('inspection-queue').first().textContent(), { timeout: 30_000 })
          .toContain('待上传巡查 2 条')
        expect(await inspectionsWithNotes(Object.values(NOTES))).toEqual([])
        await page.screenshot({ path: `${ARTIFACTS}field-offline-queue.png` })

        step('reloaded offline')
        // what went wrong while offline is the offline page's (failed fetches, reads with no answer); none after
        const offlineErrors = errors.length
        await context.setOffline(false)
        await expect
          .poll(async () => (await inspectionsWithNotes(Object.values(NOTES))).length, { timeout: 30_000 })
          .toBe(2)
        await expect.poll(() => page.getByTestId('inspection-queue').count(), { timeout: 15_000 }).toBe(0)
        const stored = await inspectionsWithNotes(Object.values(NOTES))
        expect(stored).toEqual([
          {
            note: NOTES.normal,
            finding: 'normal',
            lon: HERE.longitude,
            lat: HERE.latitude,
            position_source: 'device',
            photos: 0,
          },
          {
            note: NOTES.problem,
            finding: 'problem',
            lon: HERE.longitude,
            lat: HERE.latitude,
            position_source: 'device',
            photos: 1,
          },
        ])

        // the points on the map, where they were recorded
        await page.evaluate(
          ([lon, lat]) => {
            const map = (window as unknown as { __guatuMap: import('maplibre-gl').Map }).__guatuMap
            map.jumpTo({ center: [lon as number, lat as number], zoom: 16 })
          },
          [HERE.longitude, HERE.latitude],
        )
        await expect
          .poll(async () => (await mapInspectionNotes(page)).sort(), { timeout: 20_000 })
          .toEqual(expect.arrayContaining([NOTES.normal, NOTES.problem]))
        await page.screenshot({ path: `${ARTIFACTS}field-phone.png` })
        expect(errors.slice(offlineErrors)).toEqual([])
      } finally {
        await page.close()
      }
    },
    LONG,
  )

  it(
    'syncs 20 queued inspections with a phone-sized photo each, each once (figures printed)',
    async () => {
      const { page } = await openRecordedPage(session.browser, {
        viewport: PHONE,
        hasTouch: true,
        isMobile: true,
        geolocation: HERE,
        permissions: ['geolocation'],
      })
      const context = page.context()
      try {
        await logInThroughPage(page, session.origin, 'officer')
        const photo = Buffer.concat([readFileSync(GPS_PHOTO), randomBytes(2_500_000)])
        const { rows } = await testPool().query<{ id: number }>(`select min(id)::int as id from parcels`)
        await context.setOffline(true)
        // 20 records queued in the page's IndexedDB the way the form queues them
        await page.evaluate(
          async ({ base64, parcelId, run }) => {
            const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0))
            const blob = new Blob([bytes], { type: 'image/jpeg' })
            const open = indexedDB.open('guatu-field', 1)
            const db = await new Promise<IDBDatabase>((resolve, reject) => {
              open.onsuccess = () => resolve(open.result)
              open.onerror = () => reject(open.error)
            })
            const tx = db.transaction('inspections', 'readwrite')
            for (let i = 0; i < 20; i++) {
              tx.objectStore('inspections').put({
                client_id: crypto.randomUUID(),
                subject_type: 'parcel',
                subject_id: parcelId,
                subject_label: 'bench',
                finding: 'normal',
                note: `sync-${i}-${run}`,
                inspected_at: new Date().toISOString(),
                photos: [{ name: `IMG_${i}.jpg`, blob }],
                state: 'queued',
              })
            }
            await new Promise((resolve) => {
              tx.oncomplete = resolve
            })
          },
          { base64: photo.toString('base64'), parcelId: rows[0]?.id ?? 0, run: RUN },
        )
        const started = performance.now()
        await context.setOffline(false)
        const notes = Array.from({ length: 20 }, (_, i) => `sync-${i}-${RUN}`)
        // the page sends its queue when it comes online (or at its next try)
        await page.evaluate(() => window.dispatchEvent(new Event('online')))
        await expect
          .poll(async () => (await inspectionsWithNotes(notes)).length, { timeout: 120_000, interval: 100 })
          .toBe(20)
        const seconds = (performance.now() - started) / 1000
        const stored = await inspectionsWithNotes(notes)
        expect(stored.every((row) => row.photos === 1)).toBe(true)
        console.log(
          `sync of 20 queued inspections, one ${(photo.length / 1e6).toFixed(2)} MB photo each ` +
            `(${((20 * photo.length) / 1e6).toFixed(1)} MB): ${seconds.toFixed(2)} s, ` +
            `${((20 * photo.length) / 1e6 / seconds).toFixed(1)} MB/s`,
        )
      } finally {
        await page.close()
      }
    },
    LONG,
  )
})

describe('documents in the office', () => {
  it(
    'keeps 交地 open until its confirmation is attached, keeps versions, and refuses HTML named .pdf',
    async () => {
      const admin = await loginCookie(session.app, 'admin')
      const officer = await loginCookie(session.app, 'officer')
      const settings = (await api(admin, '/api/zone/settings')).body
      await api(admin, '/api/zone/settings', {
        method: 'PATCH',
        body: JSON.stringify({ documents_required: ['handover'], version: settings.version }),
      })
      const { rows } = await testPool().query<{ id: number; code: string }>(
        `select p.id::int, p.code from parcels p
       join parcel_milestones t on t.parcel_id = p.id and t.kind = 'transfer' and t.actual_on is not null
       join parcel_milestones h on h.parcel_id = p.id and h.kind = 'handover' and h.actual_on is null
       order by p.id limit 1`,
      )
      const parcel = rows[0] as { id: number; code: string }
      const { page, errors } = await openRecordedPage(session.browser)
      try {
        await logInThroughPage(page, `${session.origin}/?sel=p${parcel.id}`, 'officer')
        const panel = page.getByRole('complementary')
        await expect
          .poll(() => panel.locator('h2').first().textContent(), { timeout: 15_000 })
          .toContain(parcel.code)

        await panel.getByRole('button', { name: '编辑节点：交地' }).click()
        await panel.getByRole('button', { name: /标记完成/ }).click()
        await panel.getByLabel('修改原因').fill('浏览器测试：交地')
        await panel.getByRole('button', { name: '保存', exact: true }).click()
        await expect.poll(() => panel.getByRole('alert').first().textContent()).toContain('交地确认书')

        const documents = panel.getByRole('region', { name: '文件' })
        await documents.getByLabel('关联节点').selectOption('handover')
        const name = `交地确认书-${RUN}.pdf`
        await documents
          .getByLabel('上传文件')
          .setInputFiles({ name, mimeType: 'application/pdf', buffer: PDF })
        await expect.poll(() => documents.getByRole('status').textContent()).toContain(`已上传 ${name}`)
        await documents.getByLabel('上传文件').setInputFiles({
          name,
          mimeType: 'application/pdf',
          buffer: Buffer.concat([PDF, Buffer.from('% v2\n')]),
        })
        await expect.poll(() => documents.getByRole('status').textContent()).toContain('第 2 版')
        await expect.poll(() => documents.getByTestId('documents').textContent()).toContain('历史版本')

        // HTML named .pdf: refused by its bytes
        await documents.getByLabel('上传文件').setInputFiles({
          name: `report-${RUN}.pdf`,
          mimeType: 'application/pdf',
          buffer: Buffer.from('<html><script>x</script></html>'),
        })
        await expect.poll(() => documents.getByRole('alert').textContent()).toContain('文件类型不支持')

        // with its document attached, 交地 can be marked done
        await panel.getByRole('button', { name: '保存', exact: true }).click()
        await expect
          .poll(() => panel.locator('.facts .readiness').textContent(), { timeout: 15_000 })
          .toBe('已完成')
        await page.screenshot({ path: `${ARTIFACTS}field-documents.png` })
        expect(errors.filter((e) => !/409|415|Conflict|Unsupported/.test(e))).toEqual([])
      } finally {
        await page.close()
        const detail = (await api(officer, `/api/parcels/${parcel.id}`)).body
        const handover = detail.milestones.find((m: { kind: string }) => m.kind === 'handover')
        if (handover?.actual_on) {
          await api(officer, `/api/parcels/${parcel.id}/milestones/handover`, {
            method: 'PATCH',
            body: JSON.stringify({
              actual_on: null,
              version: handover.version,
              reason: 'browser test restores',
            }),
          })
        }
        const now = (await api(admin, '/api/zone/settings')).body
        await api(admin, '/api/zone/settings', {
          method: 'PATCH',
          body: JSON.stringify({ documents_required: [], version: now.version }),
        })
      }
    },
    LONG,
  )
})
