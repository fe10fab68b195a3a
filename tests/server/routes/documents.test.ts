import { createHash, randomUUID } from 'node:crypto'
import { readFileSync } from 'node:fs'
import ExcelJS from 'exceljs'
import exifr from 'exifr'
import sharp from 'sharp'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { closeTestPool, loginCookie, testApp, testPool } from '../../support/app'

const app = testApp()
const cookies: Record<string, string> = {}
const fixture = (name: string) =>
  new Uint8Array(readFileSync(new URL(`../../fixtures/photos/${name}`, import.meta.url)))
const GPS_PHOTO = fixture('site-gps.jpg')
const PLAIN_PHOTO = fixture('site-plain.jpg')

// a PDF as small as a reader accepts: header, one empty page, trailer
const PDF = new TextEncoder().encode(
  '%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n' +
    '3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n',
)
const HTML = new TextEncoder().encode('<!doctype html><html><body><script>alert(1)</script></body></html>')

/** A baseline or progressive JPEG's size, from its SOF marker (read by hand: not the library that made it). */
function jpegSize(bytes: Uint8Array): { width: number; height: number } {
  let at = 2
  while (at < bytes.length) {
    const marker = bytes[at + 1] as number
    const length = ((bytes[at + 2] as number) << 8) | (bytes[at + 3] as number)
    if (marker >= 0xc0 && marker <= 0xc2) {
      return {
        height: ((bytes[at + 5] as number) << 8) | (bytes[at + 6] as number),
        width: ((bytes[at + 7] as number) << 8) | (bytes[at + 8] as number),
      }
    }
    at += 2 + length
  }
  throw new Error('no SOF marker')
}

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex')

let parcelId = 0
let projectId = 0
// a parcel whose transfer is done and hand-over not yet: the hand-over can be marked done today
let handover: { parcelId: number; version: number; transferOn: string } = {
  parcelId: 0,
  version: 0,
  transferOn: '',
}
const created = { documents: [] as number[], inspections: [] as number[], orders: [] as number[] }

beforeAll(async () => {
  for (const user of ['officer', 'investor', 'leader', 'admin']) cookies[user] = await loginCookie(app, user)
  const pool = testPool()
  parcelId = (await pool.query<{ id: number }>(`select min(id)::int as id from parcels`)).rows[0]?.id ?? 0
  projectId = (await pool.query<{ id: number }>(`select min(id)::int as id from projects`)).rows[0]?.id ?? 0
  const { rows } = await pool.query(
    `select t.parcel_id::int as "parcelId", coalesce(h.version, 0) as version, t.actual_on::text as "transferOn"
     from parcel_milestones t left join parcel_milestones h on h.parcel_id = t.parcel_id and h.kind = 'handover'
     where t.kind = 'transfer' and t.actual_on is not null and h.actual_on is null
     order by t.parcel_id limit 1`,
  )
  handover = rows[0]
})

afterAll(async () => {
  const pool = testPool()
  await pool.query(`delete from inspections where id = any($1::bigint[])`, [created.inspections])
  await pool.query(`delete from documents where id = any($1::bigint[])`, [created.documents])
  await pool.query(`delete from orders where id = any($1::bigint[])`, [created.orders])
  await pool.query(
    `delete from file_contents c where not exists (select 1 from documents d where d.sha256 = c.sha256)
       and not exists (select 1 from inspection_photos p where p.sha256 = c.sha256)`,
  )
  await closeTestPool()
})

async function upload(
  fields: Record<string, string>,
  file: { bytes: Uint8Array; name: string } | null,
  user = 'officer',
  headers: Record<string, string> = {},
) {
  const form = new FormData()
  for (const [key, value] of Object.entries(fields)) form.set(key, value)
  if (file) form.set('file', new File([new Uint8Array(file.bytes)], file.name))
  const res = await app.request('/api/documents', {
    method: 'POST',
    body: form,
    headers: { cookie: cookies[user] ?? '', ...headers },
  })
  const body = await res.json()
  if (res.status === 201) created.documents.push(body.id)
  return { status: res.status, body }
}

async function get(path: string, user = 'leader') {
  return app.request(path, { headers: { cookie: cookies[user] ?? '' } })
}

async function countRows(sql: string, params: unknown[] = []): Promise<number> {
  const { rows } = await testPool().query<{ n: number }>(`select count(*)::int as n from (${sql}) t`, params)
  return rows[0]?.n ?? 0
}

describe('POST /api/documents', () => {
  it('attaches a PDF to a parcel, and serves the same bytes back inline, never sniffed', async () => {
    const { status, body } = await upload(
      { subject_type: 'parcel', subject_id: String(parcelId) },
      { bytes: PDF, name: '收储协议.pdf' },
    )
    expect(status).toBe(201)
    expect(body).toMatchObject({
      subject_type: 'parcel',
      subject_id: parcelId,
      name: '收储协议.pdf',
      version: 1,
      sha256: sha256(PDF),
      size: PDF.length,
      media_type: 'application/pdf',
      uploaded_by: 'officer',
    })
    const res = await get(`/api/documents/${body.id}/content`)
    expect(res.status).toBe(200)
    expect(new Uint8Array(await res.arrayBuffer())).toEqual(PDF)
    expect(res.headers.get('content-type')).toBe('application/pdf')
    expect(res.headers.get('x-content-type-options')).toBe('nosniff')
    expect(res.headers.get('content-disposition')).toBe(
      `inline; filename="____.pdf"; filename*=UTF-8''${encodeURIComponent('收储协议.pdf')}`,
    )
    // the app's own preview may frame it; no other site may
    expect(res.headers.get('content-security-policy')).toMatch(/frame-ancestors 'self'/)
    // the same content again: 304 by its hash
    const again = await app.request(`/api/documents/${body.id}/content`, {
      headers: { cookie: cookies.leader ?? '', 'if-none-match': `"${sha256(PDF)}"` },
    })
    expect(again.status).toBe(304)
  })

  it('keeps versions of a name, and stores a content once however many documents use it', async () => {
    const fields = { subject_type: 'project', subject_id: String(projectId) }
    const first = await upload(fields, { bytes: PDF, name: 'survey.pdf' }, 'investor')
    const changed = new Uint8Array([...PDF, ...new TextEncoder().encode('% v2\n')])
    const second = await upload(fields, { bytes: changed, name: 'survey.pdf' }, 'leader')
    const copy = await upload(fields, { bytes: PDF, name: 'copy of survey.pdf' }, 'investor')
    expect([first.status, second.status, copy.status]).toEqual([201, 201, 201])
    expect([first.body.version, second.body.version, copy.body.version]).toEqual([1, 2, 1])
    expect(second.body.uploaded_by).toBe('leader')
    expect(await countRows(`select 1 from file_contents where sha256 = $1`, [sha256(PDF)])).toBe(1)

    const list = await (await get(`/api/projects/${projectId}/documents`)).json()
    expect(list.documents.map((d: { name: string; version: number }) => `${d.name} v${d.version}`)).toEqual([
      'copy of survey.pdf v1',
      'survey.pdf v2',
      'survey.pdf v1',
    ])
    // the project's history says who attached what
    const history = await (await get(`/api/projects/${projectId}/history`)).json()
    expect(JSON.stringify(history)).toContain('survey.pdf')
  })

  it('serves a spreadsheet as a download, not inline', async () => {
    const workbook = new ExcelJS.Workbook()
    workbook.addWorksheet('清单').addRow(['地块', '面积（亩）'])
    const xlsx = new Uint8Array(await workbook.xlsx.writeBuffer())
    const { status, body } = await upload(
      { subject_type: 'parcel', subject_id: String(parcelId) },
      { bytes: xlsx, name: 'list.xlsx' },
    )
    expect(status).toBe(201)
    expect(body.media_type).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
    const res = await get(`/api/documents/${body.id}/content`)
    expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="list.xlsx"/)
    expect(res.headers.get('content-security-policy')).toMatch(/frame-ancestors 'none'/)
    await res.body?.cancel()
  })

  it('refuses HTML named .pdf by its bytes, in the caller language, and writes nothing', async () => {
    const before = await countRows(`select 1 from documents`)
    const zh = await upload(
      { subject_type: 'parcel', subject_id: String(parcelId) },
      { bytes: HTML, name: 'report.pdf' },
    )
    expect(zh.status).toBe(415)
    expect(zh.body.error.code).toBe('unsupported_file_type')
    expect(zh.body.error.message).toContain('文件类型不支持')
    const en = await upload(
      { subject_type: 'parcel', subject_id: String(parcelId) },
      { bytes: HTML, name: 'report.pdf' },
      'officer',
      { 'accept-language': 'en' },
    )
    expect(en.body.error.message).toMatch(/^Unsupported file type/)
    expect(await countRows(`select 1 from documents`)).toBe(before)
    expect(await countRows(`select 1 from file_contents where sha256 = $1`, [sha256(HTML)])).toBe(0)
  })

  it('answers 404 for a subject that does not exist and 400 for a milestone without its kind', async () => {
    const missing = await upload(
      { subject_type: 'parcel', subject_id: '999999999' },
      { bytes: PDF, name: 'a.pdf' },
    )
    expect(missing.status).toBe(404)
    const noKind = await upload(
      { subject_type: 'milestone', subject_id: String(parcelId) },
      { bytes: PDF, name: 'a.pdf' },
    )
    expect(noKind.status).toBe(400)
    expect(noKind.body.error.details.map((d: { path: string }) => d.path)).toContain('milestone_kind')
    const noFile = await upload({ subject_type: 'parcel', subject_id: String(parcelId) }, null)
    expect(noFile.status).toBe(400)
  })
})

describe('GET /api/orders/:id/documents and /inspections', () => {
  it("lists an order's documents with their versions, and the inspections recorded on it", async () => {
    const { rows } = await testPool().query<{ id: number }>(
      `select id::int from departments where name = '征拆办'`,
    )
    const issued = await app.request('/api/orders', {
      method: 'POST',
      headers: { cookie: cookies.leader ?? '', 'content-type': 'application/json' },
      body: JSON.stringify({
        item_type: 'parcel',
        item_id: parcelId,
        department_id: rows[0]?.id,
        instructions: '核查现场并上传影像',
        due_on: '2026-12-31',
        kind: 'inspection',
      }),
    })
    expect(issued.status).toBe(201)
    const order = (await issued.json()) as { id: number }
    created.orders.push(order.id)
    const fields = { subject_type: 'order', subject_id: String(order.id) }
    const first = await upload(fields, { bytes: PDF, name: '核查报告.pdf' }, 'officer')
    const second = await upload(
      fields,
      { bytes: new Uint8Array([...PDF, ...new TextEncoder().encode('% v2\n')]), name: '核查报告.pdf' },
      'leader',
    )
    const large = new Uint8Array(
      await sharp({ create: { width: 1600, height: 1200, channels: 3, background: '#7a9' } })
        .jpeg()
        .toBuffer(),
    )
    const photo = await upload(fields, { bytes: large, name: 'site.jpg' }, 'officer')
    expect([first.status, second.status, photo.status]).toEqual([201, 201, 201])

    const list = await (await get(`/api/orders/${order.id}/documents`, 'investor')).json()
    expect(
      list.documents.map((d: { name: string; version: number; uploaded_by: string; media_type: string }) => [
        d.name,
        d.version,
        d.uploaded_by,
        d.media_type,
      ]),
    ).toEqual([
      ['site.jpg', 1, 'officer', 'image/jpeg'],
      ['核查报告.pdf', 2, 'leader', 'application/pdf'],
      ['核查报告.pdf', 1, 'officer', 'application/pdf'],
    ])
    // an image's thumbnail is made when asked: at most 480 px; a PDF has none and answers itself
    const thumb = await get(`/api/documents/${photo.body.id}/content?size=thumb`)
    expect(thumb.headers.get('content-type')).toBe('image/jpeg')
    expect(jpegSize(new Uint8Array(await thumb.arrayBuffer()))).toEqual({ width: 480, height: 360 })
    const pdf = await get(`/api/documents/${second.body.id}/content?size=thumb`)
    expect(pdf.headers.get('content-type')).toBe('application/pdf')
    expect(sha256(new Uint8Array(await pdf.arrayBuffer()))).toBe(second.body.sha256)
    // the parcel the order is about does not list the order's papers as its own
    const parcel = await (await get(`/api/parcels/${parcelId}/documents`)).json()
    expect(parcel.documents.map((d: { id: number }) => d.id)).not.toContain(first.body.id)

    const form = new FormData()
    form.set('client_id', randomUUID())
    form.set('subject_type', 'order')
    form.set('subject_id', String(order.id))
    form.set('finding', 'problem')
    form.set('note', '东侧围挡缺失')
    form.append('photos', new File([new Uint8Array(GPS_PHOTO)], 'east.jpg'))
    const recorded = await app.request('/api/inspections', {
      method: 'POST',
      body: form,
      headers: { cookie: cookies.officer ?? '' },
    })
    expect(recorded.status).toBe(201)
    const inspection = (await recorded.json()) as { id: number }
    created.inspections.push(inspection.id)
    const inspections = await (await get(`/api/orders/${order.id}/inspections`)).json()
    expect(
      inspections.inspections.map((i: { id: number; note: string; finding: string; photos: unknown[] }) => [
        i.id,
        i.note,
        i.finding,
        i.photos.length,
      ]),
    ).toEqual([[inspection.id, '东侧围挡缺失', 'problem', 1]])
    expect((await (await get('/api/orders/999999999/documents')).json()).documents).toEqual([])
  })
})

describe('a milestone that needs its document before it is done', () => {
  async function settings(documents_required: string[]) {
    const current = await (await get('/api/zone/settings', 'admin')).json()
    const res = await app.request('/api/zone/settings', {
      method: 'PATCH',
      headers: { cookie: cookies.admin ?? '', 'content-type': 'application/json' },
      body: JSON.stringify({ documents_required, version: current.version }),
    })
    expect(res.status).toBe(200)
  }
  async function markHandover(actual_on: string | null, version: number) {
    const res = await app.request(`/api/parcels/${handover.parcelId}/milestones/handover`, {
      method: 'PATCH',
      headers: { cookie: cookies.officer ?? '', 'content-type': 'application/json' },
      body: JSON.stringify({ actual_on, version }),
    })
    return { status: res.status, body: await res.json() }
  }

  afterAll(async () => {
    await settings([])
  })

  it('blocks marking 交地 done until a document is attached to it, then lets it through', async () => {
    expect(handover.parcelId).toBeGreaterThan(0)
    await settings(['handover'])
    // the transfer was done on transferOn; the hand-over the day the test's zone calls today (2026-11-28)
    const refused = await markHandover('2026-11-28', handover.version)
    expect(refused.status).toBe(409)
    expect(refused.body.error.code).toBe('document_required')
    expect(refused.body.error.message).toContain('交地确认书')
    const { rows } = await testPool().query(
      `select actual_on from parcel_milestones where parcel_id = $1 and kind = 'handover'`,
      [handover.parcelId],
    )
    expect(rows[0]?.actual_on ?? null).toBeNull()

    const doc = await upload(
      { subject_type: 'milestone', subject_id: String(handover.parcelId), milestone_kind: 'handover' },
      { bytes: PDF, name: '交地确认书.pdf' },
    )
    expect(doc.status).toBe(201)
    expect(doc.body.milestone_kind).toBe('handover')
    const list = await (await get(`/api/parcels/${handover.parcelId}/documents`)).json()
    expect(list.documents.map((d: { name: string }) => d.name)).toContain('交地确认书.pdf')

    const done = await markHandover('2026-11-28', handover.version)
    expect(done.status).toBe(200)
    // put it back as it was (through the service, so its forecast follows)
    const milestone = done.body.milestones.find((m: { kind: string }) => m.kind === 'handover')
    expect((await markHandover(null, milestone.version)).status).toBe(200)
  })
})

describe('POST /api/inspections', () => {
  async function inspect(
    fields: Record<string, string>,
    photos: { bytes: Uint8Array; name: string }[] = [],
    user = 'officer',
  ) {
    const form = new FormData()
    for (const [key, value] of Object.entries(fields)) form.set(key, value)
    for (const photo of photos) form.append('photos', new File([new Uint8Array(photo.bytes)], photo.name))
    const res = await app.request('/api/inspections', {
      method: 'POST',
      body: form,
      headers: { cookie: cookies[user] ?? '' },
    })
    const body = await res.json()
    if (res.status === 201) created.inspections.push(body.id)
    return { status: res.status, body }
  }

  it('takes the position and time from the photo when the phone had none, and serves the photo back', async () => {
    const clientId = randomUUID()
    const { status, body } = await inspect(
      {
        client_id: clientId,
        subject_type: 'parcel',
        subject_id: String(parcelId),
        finding: 'problem',
        note: '围挡未完成',
      },
      [{ bytes: GPS_PHOTO, name: 'IMG_0001.jpg' }],
    )
    expect(status).toBe(201)
    expect(body).toMatchObject({
      client_id: clientId,
      subject_type: 'parcel',
      subject_id: parcelId,
      finding: 'problem',
      note: '围挡未完成',
      position_source: 'photo',
      author: 'officer',
    })
    // written into the fixture with exiftool: 22.567123 N, 113.426789 E, 2026:11:27 09:41:05 (Beijing time)
    expect(body.lon).toBeCloseTo(113.426789, 6)
    expect(body.lat).toBeCloseTo(22.567123, 6)
    expect(body.photos).toHaveLength(1)
    expect(body.photos[0]).toMatchObject({ seq: 1, name: 'IMG_0001.jpg', sha256: sha256(GPS_PHOTO) })
    expect(new Date(body.photos[0].taken_at).toISOString()).toBe('2026-11-27T01:41:05.000Z')

    const photo = await get(`/api/inspections/${body.id}/photos/1`)
    expect(photo.headers.get('content-type')).toBe('image/jpeg')
    expect(new Uint8Array(await photo.arrayBuffer())).toEqual(GPS_PHOTO)

    const points = await (await get('/api/inspections?bbox=113.42,22.56,113.43,22.57')).json()
    expect(points.features.map((f: { id: number }) => f.id)).toContain(body.id)
    const timeline = await (await get(`/api/parcels/${parcelId}/inspections`)).json()
    expect(timeline.inspections[0].id).toBe(body.id)
  })

  it('makes each photo a thumbnail on the server: at most 480 px, JPEG, without the EXIF position', async () => {
    // a 2,400 × 1,600 camera-sized photo (made here with the image library: the input, not the expectation)
    const big = new Uint8Array(
      await sharp({ create: { width: 2400, height: 1600, channels: 3, background: '#7a9a5c' } })
        .jpeg({ quality: 90 })
        .toBuffer(),
    )
    const { status, body } = await inspect(
      {
        client_id: randomUUID(),
        subject_type: 'parcel',
        subject_id: String(parcelId),
        finding: 'normal',
        note: '缩略图',
      },
      [
        { bytes: big, name: 'IMG_0100.jpg' },
        { bytes: GPS_PHOTO, name: 'IMG_0101.jpg' },
      ],
    )
    expect(status).toBe(201)
    expect(body.photos.map((p: { thumbnail: boolean }) => p.thumbnail)).toEqual([true, true])

    const thumb = await get(`/api/inspections/${body.id}/photos/1?size=thumb`)
    expect(thumb.status).toBe(200)
    expect(thumb.headers.get('content-type')).toBe('image/jpeg')
    const bytes = new Uint8Array(await thumb.arrayBuffer())
    // 2,400 × 1,600 fitted inside 480 × 480 keeps 3:2
    expect(jpegSize(bytes)).toEqual({ width: 480, height: 320 })
    expect(bytes.length).toBeLessThan(big.length / 4)
    // the full photo is still the one sent
    const full = await get(`/api/inspections/${body.id}/photos/1`)
    expect(new Uint8Array(await full.arrayBuffer())).toEqual(big)

    // the GPS fixture's thumbnail: its position stays inside (the photo keeps it), the thumbnail has none
    const gpsThumb = new Uint8Array(
      await (await get(`/api/inspections/${body.id}/photos/2?size=thumb`)).arrayBuffer(),
    )
    expect(await exifr.gps(GPS_PHOTO)).toMatchObject({ latitude: expect.closeTo(22.567123, 5) })
    expect(await exifr.gps(gpsThumb).catch(() => undefined)).toBeUndefined()

    const wrong = await get(`/api/inspections/${body.id}/photos/1?size=huge`)
    expect(wrong.status).toBe(400)
  })

  it('keeps the device position over the photo, and a photo without EXIF has no position of its own', async () => {
    const { status, body } = await inspect(
      {
        client_id: randomUUID(),
        subject_type: 'milestone',
        subject_id: String(parcelId),
        milestone_kind: 'clearance',
        finding: 'normal',
        lon: '113.4301',
        lat: '22.5702',
        inspected_at: '2026-11-28T10:00:00+08:00',
      },
      [
        { bytes: PLAIN_PHOTO, name: 'plain.jpg' },
        { bytes: GPS_PHOTO, name: 'gps.jpg' },
      ],
      'investor',
    )
    expect(status).toBe(201)
    expect(body.position_source).toBe('device')
    expect([body.lon, body.lat]).toEqual([113.4301, 22.5702])
    expect(new Date(body.inspected_at).toISOString()).toBe('2026-11-28T02:00:00.000Z')
    expect(body.photos.map((p: { lon: number | null }) => p.lon === null)).toEqual([true, false])
  })

  it('records a resent inspection once, also when both copies arrive at the same moment', async () => {
    const fields = {
      client_id: randomUUID(),
      subject_type: 'project',
      subject_id: String(projectId),
      finding: 'normal',
      note: '已开工',
    }
    const photos = [{ bytes: GPS_PHOTO, name: 'a.jpg' }]
    const answers = await Promise.all([
      inspect(fields, photos),
      inspect(fields, photos),
      inspect(fields, photos),
    ])
    expect(answers.map((a) => a.status).sort()).toEqual([200, 200, 201])
    expect(new Set(answers.map((a) => a.body.id)).size).toBe(1)
    expect(await countRows(`select 1 from inspections where client_id = $1`, [fields.client_id])).toBe(1)
    expect(
      await countRows(`select 1 from inspection_photos where inspection_id = $1`, [answers[0]?.body.id]),
    ).toBe(1)
    const later = await inspect(fields, photos)
    expect(later.status).toBe(200)
    expect(later.body.id).toBe(answers[0]?.body.id)

    // the same id with other content: the server's record comes back with the conflict
    const changed = await inspect({ ...fields, note: '未开工' }, photos)
    expect(changed.status).toBe(409)
    expect(changed.body.error.code).toBe('inspection_conflict')
    expect(changed.body.error.details[0].current.note).toBe('已开工')
  })

  it('refuses a photo that is not an image, too many photos, and bad fields, writing nothing', async () => {
    const before = await countRows(`select 1 from inspections`)
    const base = {
      client_id: randomUUID(),
      subject_type: 'parcel',
      subject_id: String(parcelId),
      finding: 'normal',
    }
    const html = await inspect(base, [{ bytes: HTML, name: 'photo.jpg' }])
    expect(html.status).toBe(415)
    const many = await inspect(
      base,
      Array.from({ length: 11 }, (_, i) => ({ bytes: PLAIN_PHOTO, name: `${i}.jpg` })),
    )
    expect(many.status).toBe(400)
    const badFinding = await inspect({ ...base, finding: 'fine' })
    expect(badFinding.status).toBe(400)
    const halfPosition = await inspect({ ...base, lon: '113.4' })
    expect(halfPosition.status).toBe(400)
    const notUuid = await inspect({ ...base, client_id: '42' })
    expect(notUuid.status).toBe(400)
    const gone = await inspect({ ...base, subject_id: '999999999' })
    expect(gone.status).toBe(404)
    expect(await countRows(`select 1 from inspections`)).toBe(before)
  })
})
