import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { DEMO_TODAY, generateDemoDistrict } from '../../../data/demo/generate'
import { loadDemoDistrict } from '../../../data/demo/load-district'
import { migrate } from '../../../server/db/migrate'
import { createPool, type Pool } from '../../../server/db/pool'
import { addDays } from '../../../server/domain/dates'
import { reforecastEveryParcel } from '../../../server/services/land/reforecast'
import { schemaPool } from '../../support/schema-pool'

// The demo district as loaded, in a schema of its own: other test files change parcels of the shared test
// schema (milestones marked done, statuses, new parcels), so exact counts there would depend on file order.
const url = inject('databaseUrl')
const schema = `${inject('testSchema')}_mix`
let pool: Pool

async function adminQuery(sql: string) {
  const admin = createPool(url, 1)
  try {
    await admin.query(sql)
  } finally {
    await admin.end()
  }
}

beforeAll(async () => {
  await adminQuery(`drop schema if exists ${schema} cascade`)
  await adminQuery(`create schema ${schema}`)
  pool = schemaPool(url, schema, 2)
  await migrate(pool)
  await loadDemoDistrict(pool, generateDemoDistrict(), { accounts: false, today: DEMO_TODAY })
})

afterAll(async () => {
  await pool?.end()
  await adminQuery(`drop schema if exists ${schema} cascade`)
})

interface Stored {
  code: string
  status: string
  readiness: string | null
  ready_on: string | null
  handover_on: string | null
  critical_kind: string | null
  computed_for: string
}

/** Every parcel re-forecast as of `today` with the default zone settings, and what land_forecasts holds. */
async function forecastOn(today: string): Promise<Stored[]> {
  await reforecastEveryParcel(pool, today)
  const { rows } = await pool.query<Stored>(
    `select p.code, p.status, f.readiness, f.ready_on, f.handover_on, f.critical_kind, f.computed_for
     from parcels p join land_forecasts f on f.parcel_id = p.id order by p.code`,
  )
  return rows
}

function countBy(rows: Stored[], key: (r: Stored) => string) {
  const counts: Record<string, number> = {}
  for (const r of rows) counts[key(r)] = (counts[key(r)] ?? 0) + 1
  return counts
}

/** Readiness counts per status. */
function byStatus(rows: Stored[]) {
  const statuses = [...new Set(rows.map((r) => r.status))]
  return Object.fromEntries(
    statuses.map((s) => [
      s,
      countBy(
        rows.filter((r) => r.status === s),
        (r) => r.readiness ?? 'none',
      ),
    ]),
  )
}

async function milestonesOf(codes: string[]) {
  const { rows } = await pool.query<{
    code: string
    status: string
    kind: string
    planned_on: string | null
    actual_on: string | null
  }>(
    `select p.code, p.status, m.kind, m.planned_on, m.actual_on
     from parcels p join parcel_milestones m on m.parcel_id = p.id where p.code = any($1)`,
    [codes],
  )
  return rows
}

describe('the demo district’s land readiness', () => {
  it('is a believable mix on 2026-11-28: of 603 parcels 120 done, 380 on plan, 62 at risk, 41 late', async () => {
    const rows = await forecastOn(DEMO_TODAY)
    expect(rows).toHaveLength(603)
    expect(rows.every((r) => r.computed_for === DEMO_TODAY)).toBe(true)
    const counts = countBy(rows, (r) => r.readiness ?? 'none')
    expect(counts).toEqual({ done: 120, on_track: 380, at_risk: 62, late: 41 })
    // the bands asked for: a majority on plan or done (83 %), some at risk (10.3 %), a few late (6.8 %)
    expect((120 + 380) / 603).toBeGreaterThan(0.5)
    expect(62 / 603).toBeGreaterThanOrEqual(0.1)
    expect(62 / 603).toBeLessThanOrEqual(0.2)
    expect(41 / 603).toBeGreaterThanOrEqual(0.03)
    expect(41 / 603).toBeLessThanOrEqual(0.08)
    expect(byStatus(rows)).toEqual({
      planned: { on_track: 92, at_risk: 18, late: 13 },
      acquiring: { on_track: 59, at_risk: 11, late: 8 },
      clearing: { on_track: 54, at_risk: 10, late: 8 },
      servicing: { on_track: 55, at_risk: 9, late: 8 },
      available: { on_track: 73, at_risk: 13, late: 1 },
      reserved: { on_track: 5, at_risk: 1 },
      transferred: { on_track: 42, late: 3 },
      under_construction: { done: 47 },
      in_production: { done: 73 },
    })
  })

  it('is still believable 60 days on (2027-01-27): 120 done, 310 on plan, 56 at risk, 117 late', async () => {
    const rows = await forecastOn('2027-01-27')
    // the parcels at risk on 2026-11-28 have become late (their next milestone passed, nobody marked it done);
    // another group, due in February, is at risk now
    expect(countBy(rows, (r) => r.readiness ?? 'none')).toEqual({
      done: 120,
      on_track: 310,
      at_risk: 56,
      late: 117,
    })
    expect((120 + 310) / 603).toBeGreaterThan(0.7)
    expect(56 / 603).toBeGreaterThan(0.09)
    expect(117 / 603).toBeLessThan(0.2)
  })

  it('keeps some parcels at risk and most on plan on every tenth day of the two months after', async () => {
    for (const days of [10, 20, 30, 40, 50]) {
      const today = addDays(DEMO_TODAY, days)
      const counts = countBy(await forecastOn(today), (r) => r.readiness ?? 'none')
      expect(counts.at_risk, today).toBeGreaterThanOrEqual(10)
      expect((counts.done ?? 0) + (counts.on_track ?? 0), today).toBeGreaterThan(0.7 * 603)
    }
  })

  it('has every available, reserved and transferred parcel ready to offer before today', async () => {
    const rows = await forecastOn(DEMO_TODAY)
    const offered = rows.filter((r) => ['available', 'reserved', 'transferred'].includes(r.status))
    expect(offered).toHaveLength(87 + 6 + 45)
    for (const r of offered) expect(r.ready_on !== null && r.ready_on < DEMO_TODAY, r.code).toBe(true)
    const planning = (await milestonesOf(offered.map((r) => r.code))).filter(
      (m) => m.kind === 'planning_conditions',
    )
    expect(planning).toHaveLength(offered.length)
    for (const m of planning) expect(m.actual_on !== null && m.actual_on < DEMO_TODAY, m.code).toBe(true)
  })

  it('reads every parcel under construction or in production done, its hand-over done', async () => {
    const rows = await forecastOn(DEMO_TODAY)
    const built = rows.filter((r) => ['under_construction', 'in_production'].includes(r.status))
    expect(built).toHaveLength(47 + 73)
    for (const r of built) expect(r.readiness, r.code).toBe('done')
    const handovers = (await milestonesOf(built.map((r) => r.code))).filter((m) => m.kind === 'handover')
    expect(handovers).toHaveLength(built.length)
    for (const m of handovers) expect(m.actual_on !== null && m.actual_on < DEMO_TODAY, m.code).toBe(true)
  })

  it('makes each late parcel late by an overdue milestone, and no at-risk parcel has one', async () => {
    const rows = await forecastOn(DEMO_TODAY)
    const milestones = await milestonesOf(rows.map((r) => r.code))
    const overdue = new Set(
      milestones.filter((m) => !m.actual_on && m.planned_on && m.planned_on < DEMO_TODAY).map((m) => m.code),
    )
    const late = rows.filter((r) => r.readiness === 'late')
    const atRisk = rows.filter((r) => r.readiness === 'at_risk')
    for (const r of late) expect(overdue.has(r.code), r.code).toBe(true)
    for (const r of atRisk) expect(overdue.has(r.code), r.code).toBe(false)
    // at risk: a milestone due by 2026-12-28 (the 30-day margin) while the one before it is not done
    const dueSoon = new Set(
      milestones
        .filter((m) => !m.actual_on && m.planned_on && m.planned_on <= '2026-12-28')
        .map((m) => m.code),
    )
    for (const r of atRisk) expect(dueSoon.has(r.code), r.code).toBe(true)
  })

  it('forecasts GX-2026-0174 late: 清表 is 30 days overdue and pushes the hand-over 30 days past its target', async () => {
    // Planned: 收储 2026-05-08 (done 2026-05-02, early: no delay carried), 清表 2026-10-29 (not done), 平整
    // 2027-01-17, 七通一平 2027-03-28, 规划条件 2027-05-17, 挂牌 2027-06-26, 成交 2027-07-26, 交地 2027-08-25 = target.
    // On 2026-11-28 清表 can finish today at the earliest: 30 days behind, and every later milestone with it:
    // 规划条件 2027-06-16 (ready to offer), 交地 2027-09-24, 30 days past 2027-08-25.
    const rows = await forecastOn(DEMO_TODAY)
    expect(rows.find((r) => r.code === 'GX-2026-0174')).toMatchObject({
      status: 'clearing',
      readiness: 'late',
      critical_kind: 'clearance',
      ready_on: '2027-06-16',
      handover_on: '2027-09-24',
    })
    const plan = Object.fromEntries(
      (await milestonesOf(['GX-2026-0174'])).map((m) => [m.kind, [m.planned_on, m.actual_on]]),
    )
    expect(plan.acquisition).toEqual(['2026-05-08', '2026-05-02'])
    expect(plan.clearance).toEqual(['2026-10-29', null])
    expect(plan.planning_conditions).toEqual(['2027-05-17', null])
    expect(plan.handover).toEqual(['2027-08-25', null])
  })

  it('forecasts GX-2026-0039 at risk: 挂牌 not done while 成交 is due within 30 days; late 60 days on', async () => {
    // Ready to offer since 2026-09-29 (规划条件 planned 2026-10-10, done early). 挂牌 is planned 2026-12-19 and
    // 成交 2026-12-27, by 2026-12-28 (30 days after 2026-11-28) while 挂牌 has not happened: a listing needs
    // 20 days of announcement and 10 working days, so 成交 cannot have started. Nothing is behind its plan:
    // 交地 2027-01-26 meets the target 2027-01-26, so at risk, not late.
    const today = await forecastOn(DEMO_TODAY)
    expect(today.find((r) => r.code === 'GX-2026-0039')).toMatchObject({
      status: 'available',
      readiness: 'at_risk',
      critical_kind: 'listing',
      ready_on: '2026-09-29',
      handover_on: '2027-01-26',
    })
    const plan = Object.fromEntries(
      (await milestonesOf(['GX-2026-0039'])).map((m) => [m.kind, [m.planned_on, m.actual_on]]),
    )
    expect(plan.planning_conditions).toEqual(['2026-10-10', '2026-09-29'])
    expect(plan.listing).toEqual(['2026-12-19', null])
    expect(plan.transfer).toEqual(['2026-12-27', null])
    expect(plan.handover).toEqual(['2027-01-26', null])
    // On 2027-01-27 挂牌 is still not done: 39 days behind 2026-12-19, so 交地 moves to 2027-03-06 — late.
    const later = await forecastOn('2027-01-27')
    expect(later.find((r) => r.code === 'GX-2026-0039')).toMatchObject({
      readiness: 'late',
      handover_on: '2027-03-06',
    })
  })
})
