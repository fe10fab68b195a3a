import { afterAll, describe, expect, it } from 'vitest'
import { type PoolClient, withTransaction } from '../../../server/db/pool'
import { MILESTONE_KINDS } from '../../../server/domain/vocabulary'
import { reforecastParcels } from '../../../server/services/land/reforecast'
import { closeTestPool, testPool } from '../../support/app'
import { squarePolygon } from '../../support/factories'

afterAll(closeTestPool)

// The dashboard's monthly 可供地 sums are kept as data (land_available_months, migration 0015) by triggers on the
// forecast writes: they must equal the sums over the stored forecasts after every kind of write.
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
const TODAY = '2026-11-28'

class Rollback extends Error {}

async function kept(db: PoolClient) {
  const { rows } = await db.query<{ month: string; area: string; parcels: number }>(
    `select to_char(month, 'YYYY-MM') as month, round(area_m2, 3)::text as area, parcels::int4 as parcels
     from land_available_months where parcels <> 0 order by month`,
  )
  return rows
}

/** The same sums computed from scratch: every forecast's available_on month, with its parcel's area. */
async function summed(db: PoolClient) {
  const { rows } = await db.query<{ month: string; area: string; parcels: number }>(
    `select to_char(f.available_on, 'YYYY-MM') as month, round(sum(p.area_m2::numeric), 3)::text as area,
       count(*)::int4 as parcels
     from land_forecasts f join parcels p on p.id = f.parcel_id
     where f.available_on is not null group by 1 order by 1`,
  )
  return rows
}

async function inMarch(db: PoolClient) {
  const { rows } = await db.query<{ area: number; parcels: number }>(
    `select area_m2::float8 as area, parcels::int4 as parcels from land_available_months where month = '2027-03-01'`,
  )
  return rows[0] ?? { area: 0, parcels: 0 }
}

describe('land_available_months', () => {
  it('follows every forecast write, geometry change and deletion in the same transaction', async () => {
    await withTransaction(testPool(), async (db) => {
      expect(await kept(db)).toEqual(await summed(db))
      const before = await inMarch(db)

      const { rows } = await db.query<{ id: number; area: number }>(
        `insert into parcels (code, name, land_use, status, target_on, geom)
         values ('T-MONTHS', '测试', 'M1', 'acquiring', '2027-06-01', ST_Multi(ST_SetSRID(ST_GeomFromGeoJSON($1), 4326)))
         returning id::int4 as id, area_m2 as area`,
        [JSON.stringify(squarePolygon(110.4, 20.4))],
      )
      const { id, area } = rows[0] as { id: number; area: number }
      for (const [i, kind] of MILESTONE_KINDS.entries()) {
        await db.query('insert into parcel_milestones (parcel_id, kind, planned_on) values ($1, $2, $3)', [
          id,
          kind,
          PLAN[i],
        ])
      }
      // acquisition 27 days late on 2026-11-28: planning conditions planned 2027-03-01 → forecast 2027-03-28
      await reforecastParcels(db, [id], TODAY)
      let now = await inMarch(db)
      expect(now.parcels).toBe(before.parcels + 1)
      expect(now.area).toBeCloseTo(before.area + area, 3)
      expect(await kept(db)).toEqual(await summed(db))

      // a geometry four times as large: the month carries the new area
      const grown = await db.query<{ area: number }>(
        `update parcels set geom = ST_Multi(ST_SetSRID(ST_GeomFromGeoJSON($2), 4326)) where id = $1
         returning area_m2 as area`,
        [id, JSON.stringify(squarePolygon(110.4, 20.4, 0.002))],
      )
      const bigger = grown.rows[0]?.area as number
      expect(bigger).toBeGreaterThan(area * 3.9)
      now = await inMarch(db)
      expect(now.parcels).toBe(before.parcels + 1)
      expect(now.area).toBeCloseTo(before.area + bigger, 3)
      expect(await kept(db)).toEqual(await summed(db))

      // planning conditions done in April: the parcel moves from March to April
      await db.query(
        `update parcel_milestones set actual_on = '2026-11-20' where parcel_id = $1 and kind <> 'planning_conditions'
           and kind in ('acquisition', 'clearance', 'leveling', 'servicing')`,
        [id],
      )
      await db.query(
        `update parcel_milestones set planned_on = '2027-04-10' where parcel_id = $1 and kind = 'planning_conditions'`,
        [id],
      )
      await reforecastParcels(db, [id], TODAY)
      now = await inMarch(db)
      expect(now.parcels).toBe(before.parcels)
      expect(now.area).toBeCloseTo(before.area, 3)
      expect(await kept(db)).toEqual(await summed(db))

      // deleted: its forecast goes with it (cascade), and so does its area
      await db.query('delete from parcels where id = $1', [id])
      expect(await kept(db)).toEqual(await summed(db))
      throw new Rollback()
    }).catch((err) => {
      if (!(err instanceof Rollback)) throw err
    })
  })
})
