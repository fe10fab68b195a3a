import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { escalationLevel } from '../../../server/domain/escalation'
import { closeTestPool, DEMO_TODAY, loginCookie, testApp, testPool } from '../../support/app'

// 压实责任 (issue 16) through the API: departments as records, late items graded, and a supervision order's whole
// life between a leader and a department's users.
const app = testApp()
const cookies: Record<string, string> = {}

beforeAll(async () => {
  for (const user of ['leader', 'zhengchai', 'jianshe', 'investor', 'officer', 'admin'])
    cookies[user] = await loginCookie(app, user)
})

afterAll(async () => {
  await testPool().query(`delete from orders where instructions like 'T-ORD%'`)
  await closeTestPool()
})

async function call(method: string, path: string, user: string, body?: unknown) {
  const res = await app.request(path, {
    method,
    headers: { cookie: cookies[user] ?? '', 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  })
  return { status: res.status, body: await res.json() }
}

async function departmentId(name: string): Promise<number> {
  const { rows } = await testPool().query<{ id: number }>('select id from departments where name = $1', [
    name,
  ])
  return rows[0]?.id as number
}

/** A late clearance milestone of the demo (owned by 征拆办). */
async function lateClearance(): Promise<{ id: number; parcel_id: number }> {
  const { rows } = await testPool().query<{ id: number; parcel_id: number }>(
    `select id, parcel_id from parcel_milestones where kind = 'clearance' and actual_on is null
       and planned_on < $1 order by planned_on, id limit 1`,
    [DEMO_TODAY],
  )
  if (!rows[0]) throw new Error('the demo has no late clearance')
  return rows[0]
}

describe('departments', () => {
  it('own every milestone, blocker and infrastructure item that names an owner, under that name', async () => {
    const { rows } = await testPool().query<{ t: string; n: number }>(
      `select 'milestone' as t, count(*)::int as n from parcel_milestones m left join departments d on d.id = m.department_id
         where m.owner is not null and d.name is distinct from m.owner
       union all select 'blocker', count(*)::int from blockers b left join departments d on d.id = b.department_id
         where d.name is distinct from b.owner
       union all select 'infrastructure', count(*)::int from infrastructure i left join departments d on d.id = i.department_id
         where i.owner is not null and d.name is distinct from i.owner`,
    )
    expect(rows).toEqual([
      { t: 'milestone', n: 0 },
      { t: 'blocker', n: 0 },
      { t: 'infrastructure', n: 0 },
    ])
  })

  it('are listed with their users', async () => {
    const { status, body } = await call('GET', '/api/departments', 'leader')
    expect(status).toBe(200)
    const byName = Object.fromEntries(body.map((d: { name: string }) => [d.name, d]))
    for (const name of ['征拆办', '建设局', '供电局', '招商局'])
      expect(byName[name]?.users).toBeGreaterThan(0)
    expect(byName.招商局.name_en).toBe('Investment Promotion Bureau')
  })

  it('follow an owner renamed on a milestone, creating the department named', async () => {
    const db = testPool()
    const m = await lateClearance()
    await db.query(`update parcel_milestones set owner = 'T-ORD 新部门' where id = $1`, [m.id])
    const { rows } = await db.query<{ name: string }>(
      'select d.name from parcel_milestones m join departments d on d.id = m.department_id where m.id = $1',
      [m.id],
    )
    expect(rows[0]?.name).toBe('T-ORD 新部门')
    await db.query(`update parcel_milestones set owner = '征拆办' where id = $1`, [m.id])
    await db.query(`delete from departments where name = 'T-ORD 新部门'`)
  })
})

describe('GET /api/late', () => {
  it('grades every late item as the domain rule does, worst first', async () => {
    const { status, body } = await call('GET', '/api/late', 'leader')
    expect(status).toBe(200)
    expect(body.length).toBeGreaterThan(10)
    const rank = { red: 0, yellow: 1, normal: 2 } as const
    let previous = 0
    for (const item of body) {
      const level = escalationLevel(
        { due_on: item.due_on, start_on: item.start_on, progress_pct: item.progress_pct },
        DEMO_TODAY,
      )
      expect(item.level, `${item.item_type} ${item.item_id}`).toBe(level)
      expect(rank[item.level as keyof typeof rank]).toBeGreaterThanOrEqual(previous)
      previous = rank[item.level as keyof typeof rank]
    }
    expect(new Set(body.map((i: { level: string }) => i.level))).toEqual(new Set(['red', 'yellow', 'normal']))
  })

  it('lists the same late milestones as GET /api/milestones/late', async () => {
    const late = await call('GET', '/api/late?type=milestone', 'leader')
    const milestones = await call('GET', '/api/milestones/late', 'leader')
    expect(late.body.length).toBe(milestones.body.length)
  })

  it('filters by level and by department', async () => {
    const red = await call('GET', '/api/late?level=red', 'leader')
    expect(red.body.length).toBeGreaterThan(0)
    expect(red.body.every((i: { level: string }) => i.level === 'red')).toBe(true)
    const id = await departmentId('征拆办')
    const mine = await call('GET', `/api/late?department=${id}`, 'leader')
    expect(mine.body.length).toBeGreaterThan(0)
    expect(mine.body.every((i: { department: string }) => i.department === '征拆办')).toBe(true)
  })

  it("lists a project's late follow-up action as its manager department's, graded from the day it was recorded", async () => {
    const db = testPool()
    // a project still pursued, with a department, whose follow-ups (if any) are all older than the test's
    const { rows } = await db.query<{ id: number; name: string; department: string }>(
      `select p.id, p.name, d.name as department from projects p join departments d on d.id = p.department_id
       where p.stage <> 'dropped'
         and not exists (select 1 from project_follow_ups f where f.project_id = p.id and f.happened_on >= '2026-11-08')
       order by p.id limit 1`,
    )
    const project = rows[0]
    if (!project) throw new Error('the demo has no project for the test')
    const insert = async (happened: string, next: string) =>
      (
        await db.query<{ id: number }>(
          `insert into project_follow_ups (project_id, kind, happened_on, who, what, next_action, next_on)
           values ($1, 'visit', $2, '张经理', 'T-FU 走访', 'T-FU 再次洽谈', $3) returning id`,
          [project.id, happened, next],
        )
      ).rows[0]?.id as number
    try {
      // recorded 11-08, next action due 11-18: 10 days late on 11-28 out of a 10-day term (100 points behind) → red
      const id = await insert('2026-11-08', '2026-11-18')
      const late = await call('GET', '/api/late?type=follow_up', 'leader')
      expect(late.status).toBe(200)
      const item = late.body.find((i: { item_id: number }) => i.item_id === id)
      expect(item).toMatchObject({
        item_type: 'follow_up',
        title: `${project.name}：T-FU 再次洽谈`,
        project_id: project.id,
        department: project.department,
        due_on: '2026-11-18',
        start_on: '2026-11-08',
        days_late: 10,
        lag_pct: 100,
        level: 'red',
      })
      // a newer follow-up whose next action is not yet due closes the older one's
      await insert('2026-11-20', '2026-12-10')
      const after = await call('GET', '/api/late?type=follow_up', 'leader')
      expect(after.body.some((i: { project_id: number }) => i.project_id === project.id)).toBe(false)
    } finally {
      await db.query(`delete from project_follow_ups where what = 'T-FU 走访'`)
    }
  })

  it('answers 400 for an unknown level', async () => {
    const { status, body } = await call('GET', '/api/late?level=orange', 'leader')
    expect(status).toBe(400)
    expect(body.error.code).toBe('validation_failed')
  })
})

describe('a supervision order (督办)', () => {
  let order: { id: number; version: number; status: string }

  it('is issued by a leader on a late item to its department', async () => {
    const m = await lateClearance()
    const { status, body } = await call('POST', '/api/orders', 'leader', {
      item_type: 'milestone',
      item_id: m.id,
      department_id: await departmentId('征拆办'),
      instructions: 'T-ORD 月底前完成清表',
      due_on: '2026-12-15',
    })
    expect(status).toBe(201)
    expect(body).toMatchObject({
      status: 'issued',
      department: '征拆办',
      issued_by: 'leader',
      level: 'normal',
      // where the map opens it: the milestone's parcel
      parcel_id: m.parcel_id,
      project_id: null,
    })
    expect(body.notes.map((n: { action: string }) => n.action)).toEqual(['issue'])
    order = body
  })

  it('may not be issued by an investment officer, or due before today', async () => {
    const m = await lateClearance()
    const body = {
      item_type: 'milestone',
      item_id: m.id,
      department_id: await departmentId('征拆办'),
      instructions: 'T-ORD x',
      due_on: '2026-12-15',
    }
    expect((await call('POST', '/api/orders', 'investor', body)).status).toBe(403)
    const early = await call('POST', '/api/orders', 'leader', { ...body, due_on: '2026-11-27' })
    expect(early.status).toBe(400)
    expect(early.body.error.code).toBe('validation_failed')
    const none = await call('POST', '/api/orders', 'leader', { ...body, item_id: 999999999 })
    expect(none.status).toBe(404)
  })

  it('is answered by its department and not by another', async () => {
    const other = await call('PATCH', `/api/orders/${order.id}`, 'jianshe', {
      action: 'respond',
      note: '不是我们的',
      version: order.version,
    })
    expect(other.status).toBe(403)
    expect(other.body.error.code).toBe('forbidden')
    const leader = await call('PATCH', `/api/orders/${order.id}`, 'leader', {
      action: 'done',
      version: order.version,
    })
    expect(leader.status).toBe(403)
    const { status, body } = await call('PATCH', `/api/orders/${order.id}`, 'zhengchai', {
      action: 'respond',
      note: '已约谈权属人',
      version: order.version,
    })
    expect(status).toBe(200)
    expect(body.status).toBe('in_progress')
    expect(body.version).toBe(order.version + 1)
    order = body
  })

  it('cannot be accepted before it is done', async () => {
    const { status, body } = await call('PATCH', `/api/orders/${order.id}`, 'leader', {
      action: 'accept',
      version: order.version,
    })
    expect(status).toBe(409)
    expect(body.error.code).toBe('order_state')
  })

  it('is marked done by its department, and appears in its users’ tasks', async () => {
    const { status, body } = await call('PATCH', `/api/orders/${order.id}`, 'zhengchai', {
      action: 'done',
      note: '清表完成',
      version: order.version,
    })
    expect(status).toBe(200)
    expect(body).toMatchObject({ status: 'done', done_on: DEMO_TODAY })
    order = body
    const mine = await call('GET', '/api/orders?assignee=me', 'zhengchai')
    expect(mine.body.map((o: { id: number }) => o.id)).toContain(order.id)
    const theirs = await call('GET', '/api/orders?assignee=me', 'jianshe')
    expect(theirs.body.map((o: { id: number }) => o.id)).not.toContain(order.id)
    const issued = await call('GET', '/api/orders?issuer=me', 'leader')
    expect(issued.body.map((o: { id: number }) => o.id)).toContain(order.id)
  })

  it('answers 409 version_conflict to a stale version, in the one error shape', async () => {
    const { status, body } = await call('PATCH', `/api/orders/${order.id}`, 'leader', {
      action: 'accept',
      version: order.version - 1,
    })
    expect(status).toBe(409)
    expect(body.error.code).toBe('version_conflict')
    expect(body.error.details[0].current.status).toBe('done')
  })

  it('is returned by the leader with a reason, done again and accepted', async () => {
    const bare = await call('PATCH', `/api/orders/${order.id}`, 'leader', {
      action: 'return',
      version: order.version,
    })
    expect(bare.status).toBe(400)
    const returned = await call('PATCH', `/api/orders/${order.id}`, 'leader', {
      action: 'return',
      note: '现场仍有附着物',
      version: order.version,
    })
    expect(returned.body.status).toBe('returned')
    const done = await call('PATCH', `/api/orders/${order.id}`, 'zhengchai', {
      action: 'done',
      version: returned.body.version,
    })
    expect(done.body.status).toBe('done')
    const accepted = await call('PATCH', `/api/orders/${order.id}`, 'leader', {
      action: 'accept',
      note: '同意办结',
      version: done.body.version,
    })
    expect(accepted.status).toBe(200)
    expect(accepted.body).toMatchObject({ status: 'accepted', accepted_on: DEMO_TODAY })
    expect(accepted.body.notes.map((n: { action: string }) => n.action)).toEqual([
      'issue',
      'respond',
      'done',
      'return',
      'done',
      'accept',
    ])
    const history = await testPool().query<{ n: number }>(
      `select count(*)::int as n from history where entity_type = 'order' and entity_id = $1`,
      [order.id],
    )
    expect(history.rows[0]?.n).toBe(6)
  })

  it('escalates like any item when open past its due date', async () => {
    const m = await lateClearance()
    const issued = await call('POST', '/api/orders', 'leader', {
      item_type: 'milestone',
      item_id: m.id,
      department_id: await departmentId('建设局'),
      instructions: 'T-ORD 逾期督办',
      due_on: '2026-12-01',
    })
    // as if issued on 1 August and due on 20 August: 100 days late on the demo's today
    await testPool().query(
      `update orders set issued_on = '2026-08-01', due_on = '2026-08-20' where id = $1`,
      [issued.body.id],
    )
    const late = await call('GET', '/api/late?type=order&level=red', 'leader')
    const row = late.body.find((i: { item_id: number }) => i.item_id === issued.body.id)
    expect(row).toMatchObject({ item_type: 'order', days_late: 100, level: 'red', department: '建设局' })
    const detail = await call('GET', `/api/orders/${issued.body.id}`, 'jianshe')
    expect(detail.body).toMatchObject({ level: 'red', days_late: 100 })
  })
})
