import { fileURLToPath } from 'node:url'
import type { Locator } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loginCookie, testPool } from '../support/app'
import { ARTIFACTS, logInThroughPage, openRecordedPage, servedBrowserSession } from '../support/browser'

// A 巡查任务 in 我的任务 on a phone (issue 17): the department's user attaches papers to it (versions kept), records
// the inspection with a photo, looks at the photo and the paper in the preview, and marks the task done — which the
// server refuses until an inspection is recorded.
const session = servedBrowserSession()
const LONG = 300_000
const PHONE = { width: 390, height: 844 }
const GPS_PHOTO = fileURLToPath(new URL('../fixtures/photos/site-gps.jpg', import.meta.url))
const HERE = { longitude: 113.4275, latitude: 22.567 }
const RUN = Date.now().toString(36)
const PDF = Buffer.from(
  '%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n' +
    '3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n',
)

let order = { id: 0, title: '' }
let leader = ''

beforeAll(async () => {
  leader = await loginCookie(session.app, 'leader')
  const db = testPool()
  const { rows: departments } = await db.query<{ id: number }>(
    `select id::int from departments where name = '建设局'`,
  )
  const { rows: parcels } = await db.query<{ id: number; code: string }>(
    `select id::int, code from parcels where st_contains(geom, st_setsrid(st_makepoint($1, $2), 4326))`,
    [HERE.longitude, HERE.latitude],
  )
  const parcel = parcels[0]
  if (!parcel || !departments[0]) throw new Error('the demo has no parcel at HERE or no 建设局')
  const title = `${parcel.code} 围挡核查-${RUN}`
  const res = await session.app.request('/api/orders', {
    method: 'POST',
    headers: { cookie: leader, 'content-type': 'application/json' },
    body: JSON.stringify({
      item_type: 'parcel',
      item_id: parcel.id,
      department_id: departments[0].id,
      instructions: '到现场核查围挡是否完整，拍照记录',
      due_on: '2026-12-20',
      title,
      kind: 'inspection',
    }),
  })
  expect(res.status).toBe(201)
  order = { id: ((await res.json()) as { id: number }).id, title }
})

afterAll(async () => {
  const db = testPool()
  await db.query(`delete from inspections where subject_type = 'order' and subject_id = $1`, [order.id])
  await db.query(`delete from documents where subject_type = 'order' and subject_id = $1`, [order.id])
  await db.query(`delete from orders where id = $1`, [order.id])
  await db.query(
    `delete from file_contents c where not exists (select 1 from documents d where d.sha256 = c.sha256)
       and not exists (select 1 from inspection_photos p where p.sha256 = c.sha256 or p.thumb_sha256 = c.sha256)`,
  )
})

async function orderDocuments() {
  const res = await session.app.request(`/api/orders/${order.id}/documents`, { headers: { cookie: leader } })
  const body = (await res.json()) as { documents: { name: string; version: number; uploaded_by: string }[] }
  return body.documents.map((d) => `${d.name} v${d.version} ${d.uploaded_by}`)
}

async function orderStatus() {
  const { rows } = await testPool().query<{ status: string }>(`select status from orders where id = $1`, [
    order.id,
  ])
  return rows[0]?.status
}

/** The lightbox's dialog, waited for; its box on the screen. */
async function previewOpen(card: Locator) {
  const preview = card.page().getByTestId('file-preview')
  await preview.waitFor()
  return preview
}

describe('a 巡查任务 in my tasks, on a phone', () => {
  it(
    'takes papers with versions, records the inspection with a photo, previews both, and is done only after it',
    async () => {
      const { page, errors } = await openRecordedPage(session.browser, {
        viewport: PHONE,
        hasTouch: true,
        isMobile: true,
        geolocation: HERE,
        permissions: ['geolocation'],
      })
      try {
        await logInThroughPage(page, `${session.origin}/`, 'jianshe')
        await page.getByRole('button', { name: /菜单/ }).tap()
        await page.getByRole('button', { name: '我的任务' }).tap()
        const sheet = page.getByTestId('my-tasks')
        const card = sheet.locator(`[data-order-id="${order.id}"]`)
        await card.waitFor({ timeout: 15_000 })
        expect(await card.locator('h4').textContent()).toContain(`巡查任务 ${order.title}`)
        expect(await card.textContent()).toContain('到现场记录巡查（结论、照片、位置）后，方可办结。')

        // 办结 before anyone went: the server's refusal, in Chinese; the task stays open
        await card.getByRole('button', { name: '办结', exact: true }).tap()
        await expect
          .poll(() => card.getByRole('alert').textContent(), { timeout: 15_000 })
          .toBe(`操作失败：巡查任务 ${order.id} 须先到现场记录巡查（结论、照片、位置），才能报办结`)
        expect(await orderStatus()).toBe('issued')

        // a paper attached twice under one name: two versions, the earlier folded under the newer
        const attachments = card.getByRole('region', { name: '附件' })
        expect(await attachments.textContent()).toContain('暂无文件')
        const name = `核查报告-${RUN}.pdf`
        await attachments
          .getByLabel('上传文件')
          .setInputFiles({ name, mimeType: 'application/pdf', buffer: PDF })
        await expect
          .poll(() => attachments.getByRole('status').textContent(), { timeout: 15_000 })
          .toBe(`已上传 ${name} (第 1 版)`)
        await attachments.getByLabel('上传文件').setInputFiles({
          name,
          mimeType: 'application/pdf',
          buffer: Buffer.concat([PDF, Buffer.from('% v2\n')]),
        })
        await expect
          .poll(() => attachments.getByRole('status').textContent(), { timeout: 15_000 })
          .toBe(`已上传 ${name} (第 2 版)`)
        const list = attachments.getByTestId('documents')
        await expect
          .poll(() => list.locator(':scope > li > .document').textContent())
          .toContain('第 2 版 · jianshe')
        expect(await list.locator(':scope > li').count()).toBe(1)
        await list.getByText('历史版本').tap()
        expect(await list.locator('details li').textContent()).toContain('第 1 版 · jianshe')
        expect(await orderDocuments()).toEqual([`${name} v2 jianshe`, `${name} v1 jianshe`])

        // 记录巡查: the inspection form with the task as its subject, a photo from the phone
        await card.getByRole('button', { name: '记录巡查' }).tap()
        const dialog = page.getByRole('dialog', { name: `巡查：${order.title}` })
        await expect
          .poll(() => dialog.getByTestId('inspection-position').textContent(), { timeout: 20_000 })
          .toContain('22.567000')
        await dialog.getByLabel('有问题').check()
        await dialog.getByLabel('情况说明').fill(`东侧围挡缺口-${RUN}`)
        await dialog.getByLabel('拍照或选择照片').setInputFiles(GPS_PHOTO)
        await dialog.getByRole('button', { name: '保存巡查' }).tap()
        await dialog.waitFor({ state: 'detached' })
        const timeline = card.getByTestId('inspection-timeline')
        await expect.poll(() => timeline.textContent(), { timeout: 30_000 }).toContain(`东侧围挡缺口-${RUN}`)
        const { rows: stored } = await testPool().query<{ id: number; finding: string; photos: number }>(
          `select id::int, finding, (select count(*)::int from inspection_photos p where p.inspection_id = i.id) as photos
           from inspections i where subject_type = 'order' and subject_id = $1`,
          [order.id],
        )
        expect(stored).toEqual([{ id: expect.any(Number), finding: 'problem', photos: 1 }])
        const inspectionId = stored[0]?.id

        // the photo: its thumbnail in the card, full size in the lightbox over the whole phone screen
        const thumb = timeline.getByRole('img', { name: '巡查照片 1' })
        expect(await thumb.getAttribute('src')).toBe(`/api/inspections/${inspectionId}/photos/1?size=thumb`)
        await thumb.tap()
        let preview = await previewOpen(card)
        const full = preview.getByRole('img', { name: '巡查照片 1' })
        expect(await full.getAttribute('src')).toBe(`/api/inspections/${inspectionId}/photos/1`)
        await expect.poll(() => full.evaluate((img) => (img as HTMLImageElement).naturalWidth)).toBe(96)
        expect(await preview.boundingBox()).toEqual({ x: 0, y: 0, width: 390, height: 844 })
        await page.screenshot({ path: `${ARTIFACTS}phone-photo-preview.png` })
        await preview.getByRole('button', { name: '关闭' }).tap()
        await preview.waitFor({ state: 'detached' })
        // and with the keyboard: opened again, Esc closes it
        await thumb.click()
        preview = await previewOpen(card)
        await page.keyboard.press('Escape')
        await preview.waitFor({ state: 'detached' })
        expect(await sheet.isVisible()).toBe(true)

        // the PDF opens in the preview (after the inspection: once the PDF viewer has been framed, the browser's
        // emulated position no longer answers in this page) and closes with Esc; my tasks stays open
        await list.locator(':scope > li > .document a').tap()
        preview = await previewOpen(card)
        const { rows: docs } = await testPool().query<{ id: number }>(
          `select id::int from documents where subject_type = 'order' and subject_id = $1 and version = 2`,
          [order.id],
        )
        expect(await preview.locator('iframe').getAttribute('src')).toBe(
          `/api/documents/${docs[0]?.id}/content`,
        )
        expect(await preview.getByRole('heading').textContent()).toBe(name)
        await page.keyboard.press('Escape')
        await preview.waitFor({ state: 'detached' })
        expect(await sheet.isVisible()).toBe(true)

        // now the task can be done
        await card.getByRole('button', { name: '办结', exact: true }).tap()
        await expect.poll(() => card.getAttribute('data-status'), { timeout: 15_000 }).toBe('done')
        expect(await orderStatus()).toBe('done')
        expect(await card.getByRole('button', { name: '记录巡查' }).count()).toBe(0)
        await page.screenshot({ path: `${ARTIFACTS}phone-inspection-task.png` })
        // the refused 办结 (409) is the only thing the console reports
        expect(errors.filter((e) => !/409|Conflict/.test(e))).toEqual([])
      } finally {
        await page.close()
      }
    },
    LONG,
  )
})
