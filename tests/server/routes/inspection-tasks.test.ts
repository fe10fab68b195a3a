import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { inProcessBus } from '../../../server/events'
import { startDeadlineInspections } from '../../../server/services/orders/inspection-tasks'
import { closeTestPool, DEMO_TODAY, loginCookie, testApp, testPool } from '../../support/app'

// 巡查任务 (issue 17, point 3): inspection tasks are orders of kind 'inspection', made when another department marks
// a milestone done and when a promised start of construction passes, or by a leader; done only once someone went.
const app = testApp()
const cookies: Record<string, string> = {}
const created = { inspections: [] as number[], orders: [] as number[] }
// a clearance not yet done whose acquisition is: 征拆办 may mark it done today
let clearance = { id: 0, parcelId: 0, code: '', version: 0 }

beforeAll(async () => {
  for (const user of ['leader', 'zhengchai', 'officer', 'jianshe'])
    cookies[user] = await loginCookie(app, user)
  const { rows } = await testPool().query<{ id: number; parcel_id: number; code: string; version: number }>(
    `select m.id::int, m.parcel_id::int, p.code, m.version from parcel_milestones m
     join parcels p on p.id = m.parcel_id
     join parcel_milestones a on a.parcel_id = m.parcel_id and a.kind = 'acquisition' and a.actual_on is not null
     where m.kind = 'clearance' and m.actual_on is null and m.planned_on is not null
     order by m.id limit 1`,
  )
  const row = rows[0]
  if (!row) throw new Error('the demo has no clearance to mark done')
  clearance = { id: row.id, parcelId: row.parcel_id, code: row.code, version: row.version }
})

afterAll(async () => {
  const db = testPool()
  await db.query('delete from inspections where id = any($1::bigint[])', [created.inspections])
  await db.query('delete from orders where id = any($1::bigint[])', [created.orders])
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

async function markClearance(user: string, actual_on: string | null, version: number) {
  return call('PATCH', `/api/parcels/${clearance.parcelId}/milestones/clearance`, user, {
    actual_on,
    version,
  })
}

async function inspect(user: string, subjectType: string, subjectId: number) {
  const form = new FormData()
  for (const [key, value] of Object.entries({
    client_id: randomUUID(),
    subject_type: subjectType,
    subject_id: String(subjectId),
    finding: 'normal',
    note: 'T-INS 现场已清表',
  }))
    form.set(key, value)
  const res = await app.request('/api/inspections', {
    method: 'POST',
    body: form,
    headers: { cookie: cookies[user] ?? '' },
  })
  const body = await res.json()
  if (res.status === 201) created.inspections.push(body.id)
  return { status: res.status, body }
}

async function tasksOn(itemType: string, itemId: number) {
  const { rows } = await testPool().query<{
    id: number
    title: string
    department: string
    due_on: string
    source: string
    issued_by: string
  }>(
    `select o.id::int, o.title, d.name as department, to_char(o.due_on, 'YYYY-MM-DD') as due_on, o.source,
       o.issued_by
     from orders o join departments d on d.id = o.department_id
     where o.kind = 'inspection' and o.item_type = $1 and o.item_id = $2 order by o.id`,
    [itemType, itemId],
  )
  return rows
}

describe('inspection tasks of the demo', () => {
  it('one per land sale whose promised start has passed unrecorded, to the construction bureau', async () => {
    const db = testPool()
    const { rows: missed } = await db.query<{ parcel_id: number }>(
      `select parcel_id::int from land_commitments where start_by < $1 and started_on is null order by parcel_id`,
      [DEMO_TODAY],
    )
    expect(missed.length).toBeGreaterThan(0)
    const { rows: tasks } = await db.query<{ item_id: number; department: string; notes: number }>(
      `select o.item_id::int, d.name as department,
         (select count(*)::int from order_notes n where n.order_id = o.id) as notes
       from orders o join departments d on d.id = o.department_id
       where o.kind = 'inspection' and o.source = 'start_deadline' and o.item_type = 'parcel' order by o.item_id`,
    )
    expect(tasks.map((t) => t.item_id)).toEqual(missed.map((m) => m.parcel_id))
    expect(new Set(tasks.map((t) => t.department))).toEqual(new Set(['建设局']))
    expect(tasks.every((t) => t.notes === 1)).toBe(true)
  })

  it('the day’s turn run again makes no second task for the same sale', async () => {
    const db = testPool()
    const count = async () =>
      (
        await db.query<{ n: number }>(
          `select count(*)::int as n from orders where kind = 'inspection' and source = 'start_deadline'`,
        )
      ).rows[0]?.n
    const before = await count()
    const ids = await startDeadlineInspections({ pool: db, events: inProcessBus(), today: () => DEMO_TODAY })
    expect(ids).toEqual([])
    expect(await count()).toBe(before)
  })

  it('reach the construction bureau in “my tasks”, filtered by kind', async () => {
    const { status, body } = await call('GET', '/api/orders?assignee=me&kind=inspection', 'jianshe')
    expect(status).toBe(200)
    expect(body.length).toBeGreaterThan(0)
    for (const order of body) {
      expect(order).toMatchObject({ kind: 'inspection', source: 'start_deadline', department: '建设局' })
      expect(order.title).toMatch(/开工核查/)
    }
  })
})

describe('a milestone marked done by another department', () => {
  it('makes one task for the land reserve centre, which can be done only after an inspection', async () => {
    const marked = await markClearance('zhengchai', DEMO_TODAY, clearance.version)
    expect(marked.status).toBe(200)
    const tasks = await tasksOn('milestone', clearance.id)
    created.orders.push(...tasks.map((t) => t.id))
    // DEMO_TODAY 2026-11-28 + the demo's 7 days
    expect(tasks).toEqual([
      {
        id: expect.any(Number),
        title: `${clearance.code} 清表完成核查`,
        department: '土地储备中心',
        due_on: '2026-12-05',
        source: 'milestone_done',
        issued_by: 'system',
      },
    ])
    const taskId = tasks[0]?.id as number

    // the centre's user hears of it, titled as a task and not as a 督办
    const bell = await call('GET', '/api/notifications', 'officer')
    const heard = bell.body.items.find((n: { order_id: number | null }) => n.order_id === taskId)
    expect(heard?.title).toBe(`【巡查任务】${clearance.code} 清表完成核查`)

    const task = await call('GET', `/api/orders/${taskId}`, 'officer')
    const refused = await call('PATCH', `/api/orders/${taskId}`, 'officer', {
      action: 'done',
      note: '已核查',
      version: task.body.version,
    })
    expect(refused.status).toBe(409)
    expect(refused.body.error.code).toBe('inspection_required')
    expect(refused.body.error.message).toBe(
      `巡查任务 ${taskId} 须先到现场记录巡查（结论、照片、位置），才能报办结`,
    )
    expect((await call('GET', `/api/orders/${taskId}`, 'officer')).body.status).toBe('issued')

    // an inspection of the parcel since the task was issued is the check
    expect((await inspect('officer', 'parcel', clearance.parcelId)).status).toBe(201)
    const done = await call('PATCH', `/api/orders/${taskId}`, 'officer', {
      action: 'done',
      note: '已核查，清表完成',
      version: task.body.version,
    })
    expect(done.status).toBe(200)
    expect(done.body.status).toBe('done')
    const accepted = await call('PATCH', `/api/orders/${taskId}`, 'leader', {
      action: 'accept',
      version: done.body.version,
    })
    expect(accepted.body.status).toBe('accepted')

    // undone and done again: still the one task
    const undo = await markClearance(
      'zhengchai',
      null,
      marked.body.milestones.find((m: { kind: string }) => m.kind === 'clearance').version,
    )
    expect(undo.status).toBe(200)
    const again = await markClearance(
      'zhengchai',
      DEMO_TODAY,
      undo.body.milestones.find((m: { kind: string }) => m.kind === 'clearance').version,
    )
    expect(again.status).toBe(200)
    expect(await tasksOn('milestone', clearance.id)).toHaveLength(1)
    const back = await markClearance(
      'zhengchai',
      null,
      again.body.milestones.find((m: { kind: string }) => m.kind === 'clearance').version,
    )
    expect(back.status).toBe(200)
  })

  it('makes none when the checking department marks it itself', async () => {
    const { rows } = await testPool().query<{ version: number }>(
      `select version from parcel_milestones where id = $1`,
      [clearance.id],
    )
    const before = await tasksOn('milestone', clearance.id)
    await testPool().query('delete from orders where id = any($1::bigint[])', [before.map((t) => t.id)])
    const marked = await markClearance('officer', DEMO_TODAY, rows[0]?.version as number)
    expect(marked.status).toBe(200)
    expect(await tasksOn('milestone', clearance.id)).toEqual([])
    const back = await markClearance(
      'officer',
      null,
      marked.body.milestones.find((m: { kind: string }) => m.kind === 'clearance').version,
    )
    expect(back.status).toBe(200)
  })
})

describe('an inspection task issued by a leader', () => {
  it('is an order of kind inspection, checked by an inspection on the task itself', async () => {
    // the parcel's inspection of the test before would count as the check: gone
    await testPool().query('delete from inspections where id = any($1::bigint[])', [created.inspections])
    const { rows } = await testPool().query<{ id: number }>(
      `select id::int from departments where name = '征拆办'`,
    )
    const issued = await call('POST', '/api/orders', 'leader', {
      item_type: 'parcel',
      item_id: clearance.parcelId,
      department_id: rows[0]?.id,
      instructions: 'T-INS 请核查围挡',
      due_on: '2026-12-10',
      kind: 'inspection',
    })
    expect(issued.status).toBe(201)
    created.orders.push(issued.body.id)
    expect(issued.body).toMatchObject({ kind: 'inspection', source: 'leader', status: 'issued' })
    const early = await call('PATCH', `/api/orders/${issued.body.id}`, 'zhengchai', {
      action: 'done',
      version: issued.body.version,
    })
    expect(early.status).toBe(409)
    expect((await inspect('zhengchai', 'order', issued.body.id)).status).toBe(201)
    const done = await call('PATCH', `/api/orders/${issued.body.id}`, 'zhengchai', {
      action: 'done',
      version: issued.body.version,
    })
    expect(done.status).toBe(200)
    expect(done.body.status).toBe('done')
    // a supervision order needs no inspection to be done
    const plain = await call('POST', '/api/orders', 'leader', {
      item_type: 'parcel',
      item_id: clearance.parcelId,
      department_id: rows[0]?.id,
      instructions: 'T-INS 请推进',
      due_on: '2026-12-10',
    })
    created.orders.push(plain.body.id)
    expect(plain.body).toMatchObject({ kind: 'supervision', source: 'leader' })
  })
})
