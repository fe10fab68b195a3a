import { unzipSync } from 'fflate'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { inProcessBus } from '../../../server/events'
import { freezePastAgendas } from '../../../server/services/meetings/freeze-agendas'
import { closeTestPool, DEMO_TODAY, loginCookie, testApp, testPool } from '../../support/app'

// 压实责任 in the demo district (issue 16, point 7): departments with users who log in with the demo password,
// supervision orders in every state, and two past regular meetings (例会) whose agendas and minutes can be read.
const app = testApp()
let cookie = ''

beforeAll(async () => {
  cookie = await loginCookie(app, 'leader')
})
afterAll(closeTestPool)

async function get(path: string) {
  const res = await app.request(path, { headers: { cookie } })
  return res
}

/** Calendar days from `from` to `to` (YYYY-MM-DD), counted on UTC midnights. */
function days(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000)
}

describe('the demo district’s departments, orders and meetings', () => {
  it('has the departments the issue names, each with a user who logs in with guatu-demo', async () => {
    const departments = (await (await get('/api/departments')).json()) as { name: string; users: number }[]
    const names = departments.map((d) => d.name)
    expect(names).toEqual(expect.arrayContaining(['征拆办', '建设局', '供电局', '招商局', '土地储备中心']))
    // the demo's own accounts (other test files may add users to a department)
    const { rows } = await testPool().query<{ username: string; department: string }>(
      `select u.username, d.name as department from users u join departments d on d.id = u.department_id
       where u.username = any($1::text[]) order by u.username`,
      [['gongdian', 'investor', 'jianshe', 'officer', 'zhaoshang', 'zhengchai']],
    )
    expect(Object.fromEntries(rows.map((r) => [r.username, r.department]))).toEqual({
      gongdian: '供电局',
      investor: '招商局',
      jianshe: '建设局',
      officer: '土地储备中心',
      zhaoshang: '招商局',
      zhengchai: '征拆办',
    })
    for (const username of ['zhengchai', 'jianshe', 'gongdian', 'zhaoshang']) {
      const res = await app.request('/api/auth/login', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username, password: 'guatu-demo' }),
      })
      expect(res.status, username).toBe(200)
    }
  })

  it('has orders in every state of their life', async () => {
    const { rows } = await testPool().query<{ status: string }>(
      `select distinct status from orders where kind = 'supervision' order by status`,
    )
    expect(rows.map((r) => r.status)).toEqual(['accepted', 'done', 'in_progress', 'issued', 'returned'])
  })

  it('has two past meetings, four and two weeks before its today, each with decisions and minutes', async () => {
    const meetings = (await (await get('/api/meetings')).json()) as {
      id: number
      title: string
      held_on: string
    }[]
    const demo = meetings
      .filter((m) => /^落地推进指挥部工作例会（第[12]次）$/.test(m.title))
      .sort((a, b) => a.held_on.localeCompare(b.held_on))
    expect(demo.map((m) => [m.title, m.held_on])).toEqual([
      ['落地推进指挥部工作例会（第1次）', '2026-10-31'],
      ['落地推进指挥部工作例会（第2次）', '2026-11-14'],
    ])
    expect(days('2026-10-31', DEMO_TODAY)).toBe(28)
    const openOrders: (number | null)[][] = []

    for (const meeting of demo) {
      const agenda = await (await get(`/api/meetings/${meeting.id}/agenda`)).json()
      // a past meeting's agenda is as of its day: every late item was due before it (its days counted to it), or
      // is not due yet and graded for its lag (infrastructure behind its planned progress)
      expect(agenda.as_of).toBe(meeting.held_on)
      const items = agenda.late_by_department.flatMap(
        (g: { items: { due_on: string; days_late: number; level: string }[] }) => g.items,
      )
      expect(items.length).toBeGreaterThan(0)
      for (const item of items) {
        if (item.due_on < meeting.held_on) expect(item.days_late).toBe(days(item.due_on, meeting.held_on))
        else expect([item.days_late, item.level === 'normal']).toEqual([0, false])
      }
      expect(agenda.decisions.length).toBeGreaterThan(0)
      // the orders open going into it: none issued after its day (the next meeting's decisions), not its own
      for (const order of agenda.open_orders as { issued_on: string; meeting_id: number | null }[]) {
        expect(order.issued_on <= meeting.held_on).toBe(true)
        expect(order.meeting_id).not.toBe(meeting.id)
      }
      openOrders.push(agenda.open_orders.map((o: { meeting_id: number | null }) => o.meeting_id))
      const docx = await get(`/api/meetings/${meeting.id}/minutes.docx`)
      expect(docx.status).toBe(200)
      const xml = new TextDecoder().decode(
        unzipSync(new Uint8Array(await docx.arrayBuffer()))['word/document.xml'],
      )
      expect(xml).toContain(`${meeting.title}会议纪要`)
      for (const decision of agenda.decisions as { instructions: string }[])
        expect(xml).toContain(decision.instructions.replace(/&/g, '&amp;'))
      const pdf = await get(`/api/meetings/${meeting.id}/minutes.pdf`)
      expect(pdf.status).toBe(200)
      expect(
        Buffer.from(await pdf.arrayBuffer())
          .subarray(0, 5)
          .toString(),
      ).toBe('%PDF-')
    }
    expect((await (await get(`/api/meetings/${demo[1]?.id}/agenda`)).json()).previous).toMatchObject({
      title: '落地推进指挥部工作例会（第1次）',
      held_on: '2026-10-31',
    })
  })

  it('has its two past meetings frozen by the start-up day’s turn, their agendas as they read before', async () => {
    // a server another test file started has run its start-up turn on this schema: the demo's meetings are taken
    // back to the state the demo loads them in (not frozen) first
    const { rows } = await testPool().query<{ id: number }>(
      `update meetings set agenda = null, agenda_frozen_at = null
       where title in ('落地推进指挥部工作例会（第1次）', '落地推进指挥部工作例会（第2次）') and held_on < $1
       returning id, held_on`,
      [DEMO_TODAY],
    )
    expect(rows).toHaveLength(2)
    const ids = rows.map((r) => r.id)
    const read = async (id: number) =>
      (await (await get(`/api/meetings/${id}/agenda`)).json()) as Record<string, unknown>
    const before = await Promise.all(ids.map(read))
    let frozen: number[] = []
    try {
      // the turn server/main.ts runs at start-up, on the demo's today
      frozen = await freezePastAgendas({
        pool: testPool(),
        events: inProcessBus(),
        today: () => DEMO_TODAY,
      })
      expect(frozen).toEqual(expect.arrayContaining(ids))
      const after = await Promise.all(ids.map(read))
      for (const [i, agenda] of after.entries()) {
        expect(agenda.frozen_at).toEqual(expect.any(String))
        // all as before but the meeting's version, which the freeze moved on
        expect({ ...agenda, frozen_at: null, meeting: null }).toEqual({ ...before[i], meeting: null })
        expect(agenda.meeting).toEqual({ ...(before[i]?.meeting as object), version: expect.any(Number) })
      }
    } finally {
      // the other test files find the demo as it was loaded, and their own meetings as they left them
      await testPool().query(
        'update meetings set agenda = null, agenda_frozen_at = null where id = any($1::bigint[])',
        [[...ids, ...frozen]],
      )
    }
  })
})
