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
