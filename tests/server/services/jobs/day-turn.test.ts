import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import type { Pool } from '../../../../server/db/pool'
import { withTransaction } from '../../../../server/db/pool'
import { MILESTONE_KINDS } from '../../../../server/domain/vocabulary'
import { type DayTurn, type JobClock, scheduleDayTurn } from '../../../../server/services/jobs/day-turn'
import { reforecastEveryParcel, reforecastParcels } from '../../../../server/services/land/reforecast'
import { closeTestPool, DEMO_TODAY, testPool } from '../../../support/app'
import { squarePolygon } from '../../../support/factories'
import { schemaPool } from '../../../support/schema-pool'

const CODE = 'T-DAYTURN'
// one plan per milestone, in order; acquisition (2026-11-01) is not done and overdue on the demo's today
const PLAN = [
  '2026-11-01',
  '2026-12-01',
  '2027-01-01',
  '2027-02-01',
  '2027-03-01',
  '2027-04-15',
  '2027-05-01',
  '2027-06-01',
]

/**
 * A clock set by hand. `now()` is the wall clock; timers run on their own steady time, as Node's do: `advance`
 * moves both on and fires the timers due, in order; `jump` sets the wall clock alone (an operator, NTP, a laptop
 * waking up), so a timer armed for the old midnight does not fire at the new one.
 */
class TestClock implements JobClock {
  private wall: number
  private steady = 0
  private timers: { at: number; fn: () => void; live: boolean }[] = []
  constructor(start: string) {
    this.wall = Date.parse(start)
  }
  now() {
    return new Date(this.wall)
  }
  after(ms: number, fn: () => void) {
    const timer = { at: this.steady + ms, fn, live: true }
    this.timers.push(timer)
    return () => {
      timer.live = false
    }
  }
  advance(ms: number) {
    const until = this.steady + ms
    for (;;) {
      const due = this.timers.filter((t) => t.live && t.at <= until).sort((a, b) => a.at - b.at)[0]
      if (!due) break
      this.wall += due.at - this.steady
      this.steady = due.at
      due.live = false
      due.fn()
    }
    this.wall += until - this.steady
    this.steady = until
  }
  jump(to: string) {
    this.wall = Date.parse(to)
  }
  pending() {
    return this.timers.filter((t) => t.live).length
  }
}

/** A schedule on `clock` whose turns are collected; `next()` resolves with the turn that comes next. */
function watch(pool: Pool, clock: TestClock, checkEveryMs = 250) {
  const turns: DayTurn[] = []
  const waiting: ((turn: DayTurn) => void)[] = []
  const stop = scheduleDayTurn(pool, {
    clock,
    checkEveryMs,
    onTurn: (turn) => {
      turns.push(turn)
      waiting.shift()?.(turn)
    },
  })
  const next = () => new Promise<DayTurn>((resolve) => waiting.push(resolve))
  return { turns, stop, next }
}

let parcel = 0

/** Every stored forecast computed for the demo's today, as the district was loaded. */
async function forecastEverythingFor(day: string) {
  await withTransaction(testPool(), (db) => reforecastEveryParcel(db, day))
}

async function stored(id: number) {
  const { rows } = await testPool().query(
    `select computed_for, ready_on, handover_on, readiness, critical_kind from land_forecasts where parcel_id = $1`,
    [id],
  )
  return rows[0]
}

/** Parcels the day's turn to `day` must re-forecast: what depends on today and was computed before it, or none. */
async function countStale(day: string) {
  const { rows } = await testPool().query<{ n: number }>(
    `select (select count(*) from land_forecasts where depends_on_today and computed_for < $1)::int
       + (select count(*) from parcels p where not exists (select 1 from land_forecasts f where f.parcel_id = p.id))::int
       as n`,
    [day],
  )
  return rows[0]?.n as number
}

beforeAll(async () => {
  await testPool().query('delete from parcels where code = $1', [CODE])
  parcel = await withTransaction(testPool(), async (db) => {
    const { rows } = await db.query<{ id: number }>(
      `insert into parcels (code, name, land_use, status, target_on, geom)
       values ($1, '测试', 'M1', 'acquiring', '2027-06-01', ST_Multi(ST_SetSRID(ST_GeomFromGeoJSON($2), 4326)))
       returning id::int4 as id`,
      [CODE, JSON.stringify(squarePolygon(110.4, 20.4))],
    )
    const id = rows[0]?.id as number
    for (const [i, kind] of MILESTONE_KINDS.entries()) {
      await db.query('insert into parcel_milestones (parcel_id, kind, planned_on) values ($1, $2, $3)', [
        id,
        kind,
        PLAN[i],
      ])
    }
    await reforecastParcels(db, [id], DEMO_TODAY)
    return id
  })
  await forecastEverythingFor(DEMO_TODAY)
})

afterAll(async () => {
  await testPool().query('delete from parcels where code = $1', [CODE])
  // the forecasts as the other test files expect them: computed for the demo's today
  await forecastEverythingFor(DEMO_TODAY)
  await closeTestPool()
})

describe('scheduleDayTurn', () => {
  it('does nothing before the zone midnight and re-forecasts the stale parcels for the new day once it has passed', async () => {
    // 23:59:59 in Asia/Shanghai on the demo's today is 15:59:59 UTC
    const clock = new TestClock('2026-11-28T23:59:59+08:00')
    const { turns, stop, next } = watch(testPool(), clock)
    try {
      // at start it turns the day it finds: every forecast is of that day already
      expect(await next()).toMatchObject({ day: '2026-11-28', parcels: 0 })
      expect(await stored(parcel)).toMatchObject({ computed_for: '2026-11-28', handover_on: '2027-06-28' })

      // the checks every 250 ms up to 23:59:59.999 find the same zone day: nothing starts
      clock.advance(999)
      expect(turns).toHaveLength(1)
      const stale = await countStale('2026-11-29')
      expect(stale).toBeGreaterThan(1)

      // midnight: the 29th begins, every forecast that depends on today is recomputed for it
      const turned = next()
      clock.advance(1)
      expect(await turned).toMatchObject({ day: '2026-11-29', parcels: stale })
      // nothing ran between the start and midnight: the second turn is the midnight one
      expect(turns.map((t) => t.day)).toEqual(['2026-11-28', '2026-11-29'])
      expect(await countStale('2026-11-29')).toBe(0)
      // acquisition planned 2026-11-01 and still not done is 28 days late on the 29th (27 on the 28th): every
      // later milestone one day further, the hand-over 2027-06-01 + 28 = 2027-06-29, past the target 2027-06-01
      expect(await stored(parcel)).toEqual({
        computed_for: '2026-11-29',
        ready_on: '2027-03-29',
        handover_on: '2027-06-29',
        readiness: 'late',
        critical_kind: 'acquisition',
      })

      // the checks the rest of the day find the day turned already
      clock.advance(60 * 60 * 1000)
      expect(turns).toHaveLength(2)
    } finally {
      await stop()
    }
  })

  it('catches up at the next check when the wall clock jumps past midnight without the midnight timer', async () => {
    await forecastEverythingFor(DEMO_TODAY)
    const clock = new TestClock('2026-11-28T10:00:00+08:00')
    const { turns, stop, next } = watch(testPool(), clock, 60_000)
    try {
      expect(await next()).toMatchObject({ day: '2026-11-28', parcels: 0 })
      // the machine slept or its clock was set: the wall reads 2 December, the midnight timer is 14 hours away
      clock.jump('2026-12-02T09:30:00+08:00')
      const stale = await countStale('2026-12-02')
      const turned = next()
      clock.advance(60_000)
      expect(await turned).toMatchObject({ day: '2026-12-02', parcels: stale })
      expect(turns).toHaveLength(2)
      // 2026-11-01 to 2026-12-02 is 31 days: hand-over 2027-06-01 + 31 = 2027-07-02
      expect(await stored(parcel)).toMatchObject({
        computed_for: '2026-12-02',
        ready_on: '2027-04-01',
        handover_on: '2027-07-02',
      })
    } finally {
      await stop()
    }
  })

  it('stops after the run under way has finished, and runs no more', async () => {
    await forecastEverythingFor(DEMO_TODAY)
    const clock = new TestClock('2026-11-29T08:00:00+08:00')
    const order: string[] = []
    const stop = scheduleDayTurn(testPool(), {
      clock,
      onTurn: (turn) => order.push(`turned ${turn.day}`),
    })
    // the start-up turn is re-forecasting the 29th now: stopping waits for it
    await stop()
    order.push('stopped')
    expect(order).toEqual(['turned 2026-11-29', 'stopped'])
    expect(await countStale('2026-11-29')).toBe(0)
    expect(clock.pending()).toBe(0)
    clock.advance(3 * 24 * 60 * 60 * 1000)
    expect(order).toHaveLength(2)
  })

  it.runIf(inject('databaseKind') === 'postgres')(
    're-forecasts once in all when two instances turn the day at the same moment',
    async () => {
      await forecastEverythingFor(DEMO_TODAY)
      const pools = [0, 1].map(() => schemaPool(inject('databaseUrl'), inject('testSchema'), 2))
      const clocks = pools.map(() => new TestClock('2026-11-28T23:59:59+08:00'))
      const instances = pools.map((pool, i) => watch(pool, clocks[i] as TestClock, 60_000))
      try {
        await Promise.all(instances.map((s) => s.next()))
        const stale = await countStale('2026-11-29')
        expect(stale).toBeGreaterThan(1)
        const turned = instances.map((s) => s.next())
        for (const clock of clocks) clock.advance(1000)
        const turns = await Promise.all(turned)
        expect(turns.map((t) => t.day)).toEqual(['2026-11-29', '2026-11-29'])
        // one re-forecast them all; the other found the lock taken (null) or, when it came after, nothing left
        expect(turns.reduce((sum, t) => sum + (t.parcels ?? 0), 0)).toBe(stale)
        expect(turns.map((t) => t.parcels)).toContain(stale)
        expect(await countStale('2026-11-29')).toBe(0)
      } finally {
        await Promise.all(instances.map((s) => s.stop()))
        await Promise.all(pools.map((p) => p.end()))
      }
    },
  )
})
