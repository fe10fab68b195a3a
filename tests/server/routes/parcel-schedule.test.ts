import { afterAll, describe, expect, it } from 'vitest'
import { closeTestPool, testApp, testPool } from '../../support/app'
import { parcelApi } from '../../support/parcel-api'

// today is DEMO_TODAY 2026-11-28; the zone's durations are the defaults: 收储 90, 清表 60, 场地平整 45,
// 七通一平 90, 规划条件 30, 挂牌出让 35, 成交 15, 交地 30 days — 395 days in all
const PREFIX = 'T-SCHED-'
const api = parcelApi(testApp(), PREFIX)

afterAll(async () => {
  await testPool().query('delete from parcels where code like $1', [`${PREFIX}%`])
  await closeTestPool()
})

// worked out by hand. Backwards from 2027-09-30: 交地 starts 2027-08-31, 成交 2027-08-16, 挂牌出让 2027-07-12 (its
// statutory latest start, 10 working days and 20 days before Monday 2027-08-16, is 2027-07-13: 35 days is longer),
// 规划条件 2027-06-12, 七通一平 2027-03-14, 场地平整 2027-01-28, 清表 2026-11-29 (tomorrow: not past),
// 收储 2026-08-31 (past).
// Forwards from 2026-11-28 with nothing done: 收储 to 2027-02-26, 清表 2027-04-27, 场地平整 2027-06-11,
// 七通一平 2027-09-09, 规划条件 2027-10-09, 挂牌出让 2027-11-13 (statutory: 20 days to Friday 2027-10-29, then
// 10 working days to 2027-11-12), 成交 2027-11-28, 交地 2027-12-28.
const INFEASIBLE = '2027-09-30'
const EARLIEST = '2027-12-28'

describe('POST /api/parcels/:id/schedule (倒排 checked against today)', () => {
  it('previews an infeasible target with the milestones whose latest start is past and the earliest target', async () => {
    const parcel = await api.create(110.77, 20.77)
    const preview = await api.send('POST', `/api/parcels/${parcel.id}/schedule`, { target_on: INFEASIBLE })
    expect(preview.status).toBe(200)
    expect(preview.body.check).toEqual({
      past: [{ kind: 'acquisition', start_on: '2026-08-31' }],
      earliest_target: EARLIEST,
      feasible: false,
    })
    const marks = preview.body.milestones.map(
      (m: { kind: string; start_on: string; start_passed: boolean }) => [m.kind, m.start_on, m.start_passed],
    )
    expect(marks).toEqual([
      ['acquisition', '2026-08-31', true],
      ['clearance', '2026-11-29', false],
      ['leveling', '2027-01-28', false],
      ['servicing', '2027-03-14', false],
      ['planning_conditions', '2027-06-12', false],
      ['listing', '2027-07-12', false],
      ['transfer', '2027-08-16', false],
      ['handover', '2027-08-31', false],
    ])
  })

  it('counts from the actual dates: with 收储 done the earliest target is 305 days from today, 2027-09-29', async () => {
    const parcel = await api.create(110.78, 20.78)
    await testPool().query(
      `insert into parcel_milestones (parcel_id, kind, planned_on, actual_on) values ($1, 'acquisition', '2026-11-20', '2026-11-20')`,
      [parcel.id],
    )
    const preview = await api.send('POST', `/api/parcels/${parcel.id}/schedule`, { target_on: INFEASIBLE })
    // 收储 is done, so its past latest start does not count; the rest, 305 days from 2026-11-28, ends 2027-09-29
    // (挂牌出让 2027-07-11 to 2027-08-15; statutory only to 2027-08-13)
    expect(preview.body.check).toEqual({ past: [], earliest_target: '2027-09-29', feasible: true })
    expect(preview.body.milestones[0].start_passed).toBe(false)
  })

  it('refuses to save an infeasible plan without confirmation and writes nothing', async () => {
    const parcel = await api.create(110.79, 20.79)
    const path = `/api/parcels/${parcel.id}/schedule`
    const refused = await api.send('POST', path, { target_on: INFEASIBLE, save: true, version: 1 })
    expect(refused.status).toBe(409)
    expect(refused.body.error.code).toBe('schedule_infeasible')
    expect(refused.body.error.message).toContain('收储 (2026-08-31) 的最晚开始日期已过')
    expect(refused.body.error.message).toContain(EARLIEST)
    expect(refused.body.error.details).toEqual([
      { past: [{ kind: 'acquisition', start_on: '2026-08-31' }], earliest_target: EARLIEST },
    ])
    const detail = (await api.send('GET', `/api/parcels/${parcel.id}`)).body
    expect(detail.properties).toMatchObject({ version: 1, target_on: null })
    expect((await api.send('GET', `/api/parcels/${parcel.id}/milestones`)).body).toEqual([])
    const history = (await api.send('GET', `/api/parcels/${parcel.id}/history`)).body
    expect(history.map((h: { action: string }) => h.action)).toEqual(['create'])
  })

  it('saves an infeasible plan with confirm_infeasible and records that it was saved knowingly', async () => {
    const parcel = await api.create(110.8, 20.8)
    const saved = await api.send('POST', `/api/parcels/${parcel.id}/schedule`, {
      target_on: INFEASIBLE,
      save: true,
      confirm_infeasible: true,
      version: 1,
    })
    expect(saved.status).toBe(200)
    expect(saved.body).toMatchObject({ saved: true, version: 2, check: { feasible: false } })
    const milestones = (await api.send('GET', `/api/parcels/${parcel.id}/milestones`)).body
    expect(milestones.find((m: { kind: string }) => m.kind === 'handover').planned_on).toBe(INFEASIBLE)
    const [latest] = (await api.send('GET', `/api/parcels/${parcel.id}/history`)).body
    expect(latest.reason_en).toBe(
      'backward schedule (倒排), saved although infeasible: earliest feasible 2027-12-28',
    )
    expect(latest.reason).toBe('倒排计划（明知不可行仍保存；最早可行日期 2027-12-28）')
    expect(latest.changes.confirmed_infeasible).toBe(true)
  })

  it('documents confirm_infeasible in the OpenAPI document', async () => {
    const doc = (await api.send('GET', '/api/openapi.json')).body
    const body = doc.paths['/api/parcels/{id}/schedule'].post.requestBody.content['application/json'].schema
    expect(body.properties.confirm_infeasible).toMatchObject({ type: 'boolean' })
    expect(body.properties.confirm_infeasible.description).toMatch(/schedule_infeasible/)
  })

  it('saves the earliest feasible target as before, without confirmation', async () => {
    const parcel = await api.create(110.81, 20.81)
    const saved = await api.send('POST', `/api/parcels/${parcel.id}/schedule`, {
      target_on: EARLIEST,
      save: true,
      version: 1,
    })
    expect(saved.status).toBe(200)
    // 395 days back from 2027-12-28 is today: no latest start is past
    expect(saved.body.milestones[0]).toMatchObject({ start_on: '2026-11-28', start_passed: false })
    expect(saved.body.check).toEqual({ past: [], earliest_target: EARLIEST, feasible: true })
    const [latest] = (await api.send('GET', `/api/parcels/${parcel.id}/history`)).body
    expect(latest.reason_en).toBe('backward schedule (倒排)')
    expect(latest.changes).not.toHaveProperty('confirmed_infeasible')
  })

  it('holds the earliest target back by unfinished infrastructure serving the parcel', async () => {
    const parcel = await api.create(110.82, 20.82)
    // a water main 50 m away, finishing 2027-12-01: 七通一平 cannot finish before, so 规划条件 2027-12-31,
    // 挂牌出让 35 days to 2028-02-04 (statutory: 2028-02-03), 成交 2028-02-19, 交地 2028-03-20 (2028 is a leap year)
    const { rows } = await testPool().query(
      `insert into infrastructure (kind, name, status, progress_pct, planned_finish, geom)
       values ('water', '测试供水管', 'in_progress', 10, '2027-12-01',
         ST_SetSRID(ST_MakeLine(ST_MakePoint(110.8195, 20.8205), ST_MakePoint(110.8195, 20.8215)), 4326))
       returning id`,
    )
    try {
      const preview = await api.send('POST', `/api/parcels/${parcel.id}/schedule`, { target_on: EARLIEST })
      expect(preview.body.check).toMatchObject({ earliest_target: '2028-03-20', feasible: false, past: [] })
    } finally {
      await testPool().query('delete from infrastructure where id = $1', [rows[0].id])
    }
  })
})
