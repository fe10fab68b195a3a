import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { closeTestPool, DEMO_TODAY, loginCookie, testApp, testPool } from '../../support/app'

// Follow-up records (issue 15): a project's visits and talks, the next action of its latest one, and that next
// action counted late for the project's manager once its date has passed — in the dashboard's late-by-owner.
const app = testApp()
const cookies: Record<string, string> = {}
const MANAGER = '跟进测试经理'
const created: number[] = []

beforeAll(async () => {
  for (const user of ['investor', 'leader']) cookies[user] = await loginCookie(app, user)
})

afterAll(async () => {
  if (created.length) await testPool().query('delete from projects where id = any($1)', [created])
  await closeTestPool()
})

async function call(method: string, path: string, body?: unknown, user = 'investor') {
  const res = await app.request(path, {
    method,
    headers: { cookie: cookies[user] ?? '', 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  })
  return { status: res.status, body: await res.json() }
}

async function makeProject(name: string) {
  const { status, body } = await call('POST', '/api/projects', {
    name,
    company: `${name} 有限公司`,
    sector: 'automotive',
    kind: 'expansion',
    investment_wan: 12000,
    manager: MANAGER,
    contacts: '王经理 13800000000',
    lead_on: '2026-09-01',
  })
  expect(status).toBe(201)
  created.push(body.id)
  return body
}

const lateFollowUpsOf = async (owner: string) => {
  const { body } = await call('GET', `/api/dashboard?from=2026-01-01&to=${DEMO_TODAY}`, undefined, 'leader')
  return {
    count: body.late_by_owner.find((o: { owner: string }) => o.owner === owner)?.follow_ups ?? 0,
    items: body.late_items.filter(
      (i: { kind: string; owner: string }) => i.kind === 'follow_up' && i.owner === owner,
    ),
  }
}

describe('/api/projects/:id/follow-ups', () => {
  it('records a visit and a talk; the latest next action is the open one, late once past its date', async () => {
    const project = await makeProject('跟进测试 汽车零部件扩产')
    expect(project.contacts).toBe('王经理 13800000000')
    const first = await call('POST', `/api/projects/${project.id}/follow-ups`, {
      kind: 'visit',
      happened_on: '2026-10-10',
      who: '张科长、企业王经理',
      what: '走访现场，了解扩产用地需求',
      next_action: '提交用地需求表',
      next_on: '2026-11-01',
    })
    expect(first.status).toBe(201)
    expect(first.body).toMatchObject({ kind: 'visit', latest: true, late: true, actor: 'investor' })
    expect(await lateFollowUpsOf(MANAGER)).toMatchObject({ count: 1 })
    const { items } = await lateFollowUpsOf(MANAGER)
    expect(items).toEqual([
      expect.objectContaining({
        label: '提交用地需求表',
        detail: '跟进测试 汽车零部件扩产',
        project_id: project.id,
        item_id: first.body.id,
        due_on: '2026-11-01',
        days_late: 27,
      }),
    ])

    // a newer talk takes over: its next action is ahead, so nothing is late for the manager
    const second = await call('POST', `/api/projects/${project.id}/follow-ups`, {
      kind: 'talk',
      happened_on: '2026-11-20',
      who: '企业王经理',
      what: '洽谈投资协议条款',
      next_action: '签约',
      next_on: '2026-12-15',
    })
    expect(second.status).toBe(201)
    expect(second.body).toMatchObject({ latest: true, late: false })
    expect((await lateFollowUpsOf(MANAGER)).count).toBe(0)

    const list = await call('GET', `/api/projects/${project.id}/follow-ups`, undefined, 'leader')
    expect(list.status).toBe(200)
    expect(
      list.body.map((f: { kind: string; latest: boolean; late: boolean }) => [f.kind, f.latest, f.late]),
    ).toEqual([
      ['talk', true, false],
      ['visit', false, false],
    ])
    const history = await call('GET', `/api/projects/${project.id}/history`)
    expect(JSON.stringify(history.body)).toContain('洽谈投资协议条款')
  })

  it.each([
    ['a next action without its date', { next_action: '回访' }],
    ['a date without its action', { next_on: '2026-12-01' }],
    ['a next action before the follow-up', { next_action: '回访', next_on: '2026-10-01' }],
    ['a follow-up in the future', { happened_on: '2026-12-01' }],
    ['an unknown kind', { kind: 'dinner' }],
    ['no one met', { who: ' ' }],
  ])('refuses %s with 400, writing nothing', async (_, change) => {
    const project = await makeProject(`跟进测试 拒绝 ${created.length}`)
    const { status, body } = await call('POST', `/api/projects/${project.id}/follow-ups`, {
      kind: 'visit',
      happened_on: '2026-11-02',
      who: '企业',
      what: '走访',
      ...change,
    })
    expect(status).toBe(400)
    expect(body.error.code).toBe('validation_failed')
    const { rows } = await testPool().query(
      'select count(*)::int as n from project_follow_ups where project_id = $1',
      [project.id],
    )
    expect(rows[0].n).toBe(0)
  })

  it('answers 404 for no project, and 403 to a leader writing', async () => {
    const good = { kind: 'visit', happened_on: '2026-11-02', who: '企业', what: '走访' }
    expect((await call('POST', '/api/projects/999999999/follow-ups', good)).status).toBe(404)
    expect((await call('GET', '/api/projects/999999999/follow-ups')).status).toBe(404)
    const project = await makeProject('跟进测试 权限')
    expect((await call('POST', `/api/projects/${project.id}/follow-ups`, good, 'leader')).status).toBe(403)
  })
})

describe('GET /api/dashboard late items', () => {
  it('counts every kind of late item per owner, and lists each one', async () => {
    const { body } = await call('GET', '/api/dashboard?from=2026-01-01&to=2026-04-30', undefined, 'leader')
    const db = testPool()
    const one = async (sql: string) => (await db.query(sql, [DEMO_TODAY])).rows[0].n as number
    const milestones = await one(
      'select count(*)::int as n from parcel_milestones where actual_on is null and planned_on < $1',
    )
    const blockers = await one(
      "select count(*)::int as n from blockers where status <> 'resolved' and due_on < $1",
    )
    const infrastructure = await one(
      "select count(*)::int as n from infrastructure where status <> 'done' and planned_finish < $1",
    )
    type Owner = { milestones: number; blockers: number; infrastructure: number; follow_ups: number }
    const sum = (key: keyof Owner) => body.late_by_owner.reduce((n: number, o: Owner) => n + o[key], 0)
    expect(sum('milestones')).toBe(milestones)
    expect(sum('blockers')).toBe(blockers)
    expect(sum('infrastructure')).toBe(infrastructure)
    expect(infrastructure).toBeGreaterThan(0)
    const count = (kind: string) => body.late_items.filter((i: { kind: string }) => i.kind === kind).length
    expect([count('milestone'), count('blocker'), count('infrastructure'), count('follow_up')]).toEqual([
      milestones,
      blockers,
      infrastructure,
      sum('follow_ups'),
    ])
  })

  it('gives the figures of one sector when asked, the per-sector chart still of all', async () => {
    const all = await call('GET', '/api/dashboard?from=2026-01-01&to=2026-04-30', undefined, 'leader')
    const one = await call(
      'GET',
      '/api/dashboard?from=2026-01-01&to=2026-04-30&sector=automotive',
      undefined,
      'leader',
    )
    const { rows } = await testPool().query(
      `select count(*)::int as n, sum(investment_wan)::int as wan from projects
       where sector = 'automotive' and signed_on between '2026-01-01' and '2026-04-30' and stage <> 'dropped'`,
    )
    expect(one.body.sector).toBe('automotive')
    expect(one.body.signed).toMatchObject({ count: rows[0].n, investment_wan: rows[0].wan })
    expect(one.body.signed.by_sector).toEqual(all.body.signed.by_sector)
  })
})
