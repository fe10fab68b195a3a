import { afterAll, describe, expect, it } from 'vitest'
import { migrate } from '../../../server/db/migrate'
import { withTransaction } from '../../../server/db/pool'
import { closeTestPool, testPool } from '../../support/app'

afterAll(closeTestPool)

// each case runs in a transaction that rolls back, so the shared demo data is untouched
class Rollback extends Error {}
async function inRollback(work: (db: import('pg').PoolClient) => Promise<void>) {
  await withTransaction(testPool(), async (db) => {
    await work(db)
    throw new Rollback()
  }).catch((err) => {
    if (!(err instanceof Rollback)) throw err
  })
}

const SQUARE = `ST_Multi(ST_GeomFromText('POLYGON((113.40 22.50, 113.401 22.50, 113.401 22.501, 113.40 22.501, 113.40 22.50))', 4326))`

describe('migrations', () => {
  it('are recorded, and a second run applies nothing', async () => {
    const { rows } = await testPool().query('select name from schema_migrations order by name')
    expect(rows.map((r) => r.name)[0]).toBe('0001_enable_postgis.sql')
    expect(await migrate(testPool())).toEqual([])
  })
})

describe('parcels table', () => {
  it('computes the area on the spheroid and keeps a 3857 copy', async () => {
    await inRollback(async (db) => {
      const { rows } = await db.query(
        `insert into parcels (code, land_use, geom) values ('T-AREA', 'M1', ${SQUARE})
         returning area_m2, ST_SRID(geom_3857) as srid,
           ST_Area(geom::geography) as geography_area`,
      )
      expect(rows[0].srid).toBe(3857)
      expect(rows[0].area_m2).toBeCloseTo(rows[0].geography_area, 6)
      // 0.001° × 0.001° at 22.5°N ≈ 111.32 m × 102.85 m on the ellipsoid
      expect(rows[0].area_m2).toBeGreaterThan(11_300)
      expect(rows[0].area_m2).toBeLessThan(11_500)
    })
  })

  it('rejects a self-intersecting polygon', async () => {
    await expect(
      inRollback(async (db) => {
        await db.query(
          `insert into parcels (code, land_use, geom) values ('T-BOW', 'M1',
           ST_Multi(ST_GeomFromText('POLYGON((113.4 22.5, 113.41 22.51, 113.41 22.5, 113.4 22.51, 113.4 22.5))', 4326)))`,
        )
      }),
    ).rejects.toMatchObject({ code: '23514' })
  })

  it('rejects a duplicate code and an unknown land use', async () => {
    await expect(
      inRollback(async (db) => {
        await db.query(
          `insert into parcels (code, land_use, geom) select code, 'M1', geom from parcels limit 1`,
        )
      }),
    ).rejects.toMatchObject({ code: '23505' })
    await expect(
      inRollback(async (db) => {
        await db.query(`insert into parcels (code, land_use, geom) values ('T-LU', 'X9', ${SQUARE})`)
      }),
    ).rejects.toMatchObject({ code: '23514' })
  })
})

describe('reservations table', () => {
  it('lets only one active reservation hold a parcel', async () => {
    await expect(
      inRollback(async (db) => {
        const { rows } = await db.query(
          `insert into parcels (code, land_use, status, geom) values ('T-RES', 'M1', 'available', ${SQUARE}) returning id`,
        )
        const parcelId = rows[0].id
        const projects = await db.query('select id from projects order by id limit 2')
        for (const p of projects.rows) {
          await db.query(
            `insert into reservations (project_id, parcel_id, reserved_on, until) values ($1, $2, '2026-11-01', '2026-12-31')`,
            [p.id, parcelId],
          )
        }
      }),
    ).rejects.toMatchObject({ code: '23505' })
  })
})

describe('projects table', () => {
  it('rejects negative investment and needs with min above max', async () => {
    await expect(
      inRollback(async (db) => {
        await db.query(`update projects set investment_wan = -1 where id = (select min(id) from projects)`)
      }),
    ).rejects.toMatchObject({ code: '23514' })
    await expect(
      inRollback(async (db) => {
        await db.query(
          `update projects set need_area_mu_min = 50, need_area_mu_max = 10 where id = (select min(id) from projects)`,
        )
      }),
    ).rejects.toMatchObject({ code: '23514' })
  })
})

describe('parcel overview cells', () => {
  // the z13 cells summed into cells 8 and 64 times wider: what parcel_overview_coarse_cells must hold
  const DRIFT = `select count(*)::int as n
    from (select k.k, floor(cx::float8 / k.k)::int as cx, floor(cy::float8 / k.k)::int as cy, status,
            sum(parcels)::int as parcels, sum(area_m2) as area_m2
          from parcel_overview_cells cross join (values (8), (64)) k(k) group by 1, 2, 3, 4) f
    full join parcel_overview_coarse_cells c using (k, cx, cy, status)
    where f.parcels is distinct from c.parcels or abs(coalesce(f.area_m2, 0) - coalesce(c.area_m2, 0)) > 0.01`

  it('keeps the coarse cells equal to the z13 cells summed, through inserts, updates and deletes', async () => {
    await inRollback(async (db) => {
      const drift = async () => (await db.query<{ n: number }>(DRIFT)).rows[0]?.n
      expect(await drift()).toBe(0)
      const { rows } = await db.query<{ id: number }>(
        `insert into parcels (code, land_use, status, geom)
         select 'OVR-' || i, 'M1', 'planned', ST_Multi(ST_Translate(${SQUARE}, i * 0.01, 0)) from generate_series(1, 5) i
         returning id`,
      )
      expect(await drift()).toBe(0)
      const coarse = async () =>
        (
          await db.query<{ n: number }>(
            `select coalesce(sum(parcels), 0)::int as n from parcel_overview_coarse_cells where k = 64 and status = 'available'`,
          )
        ).rows[0]?.n
      const before = await coarse()
      await db.query(`update parcels set status = 'available' where code like 'OVR-%'`)
      expect(await coarse()).toBe((before ?? 0) + 5)
      expect(await drift()).toBe(0)
      await db.query('delete from parcels where id = any($1::bigint[])', [rows.map((r) => r.id)])
      expect(await coarse()).toBe(before)
      expect(await drift()).toBe(0)
    })
  })
})
