import { afterAll, describe, expect, inject, it } from 'vitest'
import { withTransaction } from '../../../server/db/pool'
import { advisoryLockKey } from '../../../server/db/write-locks'
import { MILESTONE_KINDS } from '../../../server/domain/vocabulary'
import { reforecastParcels, reforecastStale } from '../../../server/services/land/reforecast'
import { closeTestPool, DEMO_TODAY, testPool } from '../../support/app'
import { squarePolygon } from '../../support/factories'
import { schemaPool } from '../../support/schema-pool'

afterAll(closeTestPool)

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

class Rollback extends Error {}

/** Runs `work` on a parcel made for it (far from the demo district) in a transaction that is rolled back. */
async function withParcel(
  work: (db: import('../../../server/db/pool').PoolClient, id: number) => Promise<void>,
) {
  await withTransaction(testPool(), async (db) => {
    const { rows } = await db.query<{ id: number }>(
      `insert into parcels (code, name, land_use, status, target_on, geom)
       values ('T-FORECAST', '测试', 'M1', 'acquiring', '2027-06-01', ST_Multi(ST_SetSRID(ST_GeomFromGeoJSON($1), 4326)))
       returning id::int4 as id`,
      [JSON.stringify(squarePolygon(110.2, 20.2))],
    )
    const id = rows[0]?.id as number
    for (const [i, kind] of MILESTONE_KINDS.entries()) {
      await db.query('insert into parcel_milestones (parcel_id, kind, planned_on) values ($1, $2, $3)', [
        id,
        kind,
        PLAN[i],
      ])
    }
    await work(db, id)
    throw new Rollback()
  }).catch((err) => {
    if (!(err instanceof Rollback)) throw err
  })
}

describe('reforecastParcels', () => {
  it('stores the forecast a parcel has on the day it is computed for', async () => {
    await withParcel(async (db, id) => {
      await reforecastParcels(db, [id], '2026-11-28')
      const { rows } = await db.query(
        `select computed_for, ready_on, handover_on, readiness, critical_kind, depends_on_today
         from land_forecasts where parcel_id = $1`,
        [id],
      )
      // acquisition planned 2026-11-01 is 27 days late on 2026-11-28: every later milestone +27 days
      expect(rows[0]).toEqual({
        computed_for: '2026-11-28',
        ready_on: '2027-03-28',
        handover_on: '2027-06-28',
        readiness: 'late',
        critical_kind: 'acquisition',
        depends_on_today: true,
      })
      // done on time the next day: the plan holds again
      await db.query(
        `update parcel_milestones set actual_on = '2026-11-29' where parcel_id = $1 and kind = 'acquisition'`,
        [id],
      )
      await db.query(
        `update parcel_milestones set planned_on = '2026-11-29' where parcel_id = $1 and kind = 'acquisition'`,
        [id],
      )
      await reforecastParcels(db, [id], '2026-11-29')
      const after = await db.query('select handover_on, readiness from land_forecasts where parcel_id = $1', [
        id,
      ])
      expect(after.rows[0]).toEqual({ handover_on: '2027-06-01', readiness: 'on_track' })
    })
  })
})

describe('reforecastStale', () => {
  it('re-forecasts the parcels whose forecast is from an earlier day or missing, once', async () => {
    const pool = testPool()
    // bring every stored forecast to the demo's today first
    await reforecastStale(pool, DEMO_TODAY)
    const picked = await pool.query<{ id: number }>(
      'select parcel_id::int4 as id from land_forecasts where depends_on_today order by parcel_id limit 7',
    )
    const ids = picked.rows.map((r) => r.id)
    expect(ids).toHaveLength(7)
    // five computed the day before, two never computed; one more from yesterday with nothing ahead stays
    await pool.query(`update land_forecasts set computed_for = '2026-11-27' where parcel_id = any($1)`, [
      ids.slice(0, 5),
    ])
    await pool.query('delete from land_forecasts where parcel_id = any($1)', [ids.slice(5)])
    const settled = await pool.query<{ id: number }>(
      `update land_forecasts set computed_for = '2026-11-27' where parcel_id = (
         select parcel_id from land_forecasts where not depends_on_today order by parcel_id limit 1)
       returning parcel_id::int4 as id`,
    )
    expect(settled.rows).toHaveLength(1)

    expect(await reforecastStale(pool, DEMO_TODAY)).toBe(7)
    expect(await reforecastStale(pool, DEMO_TODAY)).toBe(0)
    const { rows } = await pool.query<{ id: number; computed_for: string }>(
      'select parcel_id::int4 as id, computed_for from land_forecasts where parcel_id = any($1) order by parcel_id',
      [[...ids, settled.rows[0]?.id]],
    )
    expect(rows.filter((r) => r.computed_for === DEMO_TODAY).map((r) => r.id)).toEqual(ids)
    expect(rows.find((r) => r.id === settled.rows[0]?.id)?.computed_for).toBe('2026-11-27')
  })

  it.runIf(inject('databaseKind') === 'postgres')(
    'returns at once, doing nothing, while another instance runs it',
    async () => {
      const other = schemaPool(inject('databaseUrl'), inject('testSchema'), 1)
      const holder = await other.connect()
      try {
        await holder.query('select pg_advisory_lock($1)', [advisoryLockKey('reforecast')])
        await testPool().query(`update land_forecasts set computed_for = '2026-11-27' where depends_on_today`)
        expect(await reforecastStale(testPool(), DEMO_TODAY)).toBeNull()
        await holder.query('select pg_advisory_unlock($1)', [advisoryLockKey('reforecast')])
        expect(await reforecastStale(testPool(), DEMO_TODAY)).toBeGreaterThan(0)
      } finally {
        holder.release()
        await other.end()
      }
    },
  )
})
