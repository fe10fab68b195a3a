import { unzipSync } from 'fflate'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { closeTestPool, DEMO_TODAY, loginCookie, testApp, testPool } from '../../support/app'

// The regular meeting (例会): an agenda generated from the data, decisions that become orders, minutes as DOCX/PDF.
const app = testApp()
const cookies: Record<string, string> = {}

beforeAll(async () => {
  for (const user of ['leader', 'officer']) cookies[user] = await loginCookie(app, user)
  // the demo's two meetings only: a meeting another test held (the browser test's 第3次, on the demo's today) would be
  // the "previous" one
  await testPool().query(
    `delete from meetings where title not in ('落地推进指挥部工作例会（第1次）', '落地推进指挥部工作例会（第2次）')`,
  )
})

afterAll(async () => {
  await testPool().query(`delete from orders where instructions like 'T-MTG%'`)
  await testPool().query(`delete from meetings where title like 'T-MTG%'`)
  await closeTestPool()
})

async function call(method: string, path: string, user: string, body?: unknown) {
  const res = await app.request(path, {
    method,
    headers: { cookie: cookies[user] ?? '', 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  })
  return res
}

describe('a regular meeting (例会)', () => {
  let meetingId = 0
  let lateTitles: string[] = []

  it('is recorded by a leader, not by an officer', async () => {
    const body = {
      title: 'T-MTG 第12次工作例会',
      held_on: DEMO_TODAY,
      attendees: ['区领导', '征拆办', '建设局'],
    }
    expect((await call('POST', '/api/meetings', 'officer', body)).status).toBe(403)
    await call('POST', '/api/meetings', 'leader', {
      ...body,
      title: 'T-MTG 第11次工作例会',
      held_on: '2026-11-14',
    })
    const res = await call('POST', '/api/meetings', 'leader', body)
    expect(res.status).toBe(201)
    meetingId = (await res.json()).id
  })

  it('has an agenda of what changed since the previous one, the late items by department, blockers and orders', async () => {
    const res = await call('GET', `/api/meetings/${meetingId}/agenda`, 'officer')
    expect(res.status).toBe(200)
    const agenda = await res.json()
    expect(agenda.previous).toMatchObject({ held_on: '2026-11-14' })
    // milestones done in (11-14, 11-28], counted independently
    const done = await testPool().query<{ n: number }>(
      `select count(*)::int as n from parcel_milestones where actual_on > '2026-11-14' and actual_on <= $1`,
      [DEMO_TODAY],
    )
    expect(agenda.changes.milestones_done.length).toBe(Math.min(done.rows[0]?.n ?? 0, 200))
    const late = await (await call('GET', '/api/late', 'officer')).json()
    const items = agenda.late_by_department.flatMap((g: { items: unknown[] }) => g.items)
    expect(items.length).toBe(late.length)
    const first = agenda.late_by_department[0]
    expect(first.red).toBe(Math.max(...agenda.late_by_department.map((g: { red: number }) => g.red)))
    expect(agenda.open_blockers.length).toBeGreaterThan(0)
    lateTitles = items.slice(0, 3).map((i: { title: string }) => i.title)
  })

  it('counts a signing and its stage move since the previous meeting, and not one on the day of the previous', async () => {
    const db = testPool()
    const before = (await (await call('GET', `/api/meetings/${meetingId}/agenda`, 'leader')).json()).changes
    const insert = async (name: string, signedOn: string, investment: number) => {
      const { rows } = await db.query<{ id: number }>(
        `insert into projects (name, company, sector, stage, investment_wan, signed_on)
         values ($1, 'T-MTG 公司', 'new_materials', 'signed', $2, $3) returning id`,
        [name, investment, signedOn],
      )
      await db.query(
        `insert into project_stage_history (project_id, stage, entered_on) values ($1, 'signed', $2)`,
        [rows[0]?.id, signedOn],
      )
    }
    try {
      // signed 11-20: inside (11-14, 11-28]; signed 11-14: the previous meeting's day, already reported there
      await insert('T-MTG 新材料项目', '2026-11-20', 12_345)
      await insert('T-MTG 上次已报项目', '2026-11-14', 50_000)
      const after = (await (await call('GET', `/api/meetings/${meetingId}/agenda`, 'leader')).json()).changes
      expect(after.signed).toEqual({
        count: before.signed.count + 1,
        investment_wan: Number(before.signed.investment_wan) + 12_345,
      })
      expect(after.stage_moves.length).toBe(before.stage_moves.length + 1)
      expect(after.stage_moves).toContainEqual(
        expect.objectContaining({ name: 'T-MTG 新材料项目', stage: 'signed', entered_on: '2026-11-20' }),
      )
      expect(after.stage_moves.map((m: { name: string }) => m.name)).not.toContain('T-MTG 上次已报项目')
    } finally {
      await db.query(`delete from projects where company = 'T-MTG 公司'`)
    }
  })

  it('records a decision as an order to a department, listed with the meeting', async () => {
    const { rows } = await testPool().query<{ id: number; department_id: number }>(
      `select id, department_id from infrastructure where status <> 'done' and department_id is not null limit 1`,
    )
    const res = await call('POST', `/api/meetings/${meetingId}/decisions`, 'leader', {
      item_type: 'infrastructure',
      item_id: rows[0]?.id,
      department_id: rows[0]?.department_id,
      instructions: 'T-MTG 12月20日前完成管线贯通',
      due_on: '2026-12-20',
    })
    expect(res.status).toBe(201)
    const order = await res.json()
    expect(order.meeting_id).toBe(meetingId)
    const agenda = await (await call('GET', `/api/meetings/${meetingId}/agenda`, 'leader')).json()
    expect(agenda.decisions.map((o: { id: number }) => o.id)).toEqual([order.id])
  })

  it('exports minutes as a DOCX that holds the agenda’s late items and the decision', async () => {
    const res = await call('GET', `/api/meetings/${meetingId}/minutes.docx`, 'officer')
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toContain('wordprocessingml')
    const files = unzipSync(new Uint8Array(await res.arrayBuffer()))
    const xml = new TextDecoder().decode(files['word/document.xml'])
    expect(xml).toContain('T-MTG 第12次工作例会会议纪要')
    for (const title of lateTitles) expect(xml).toContain(title.replace(/&/g, '&amp;'))
    expect(xml).toContain('红牌')
    expect(xml).toContain('T-MTG 12月20日前完成管线贯通')
  })

  it('exports minutes as a PDF', async () => {
    const res = await call('GET', `/api/meetings/${meetingId}/minutes.pdf`, 'officer')
    expect(res.status).toBe(200)
    const bytes = Buffer.from(await res.arrayBuffer())
    expect(bytes.subarray(0, 5).toString()).toBe('%PDF-')
    expect(bytes.length).toBeGreaterThan(5000)
  })

  it('answers 404 for a meeting that does not exist', async () => {
    expect((await call('GET', '/api/meetings/999999999/agenda', 'leader')).status).toBe(404)
  })
})
