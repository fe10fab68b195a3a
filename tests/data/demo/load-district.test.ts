import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { buildCity, CITY_CODE_PREFIX } from '../../../data/city/build-city'
import { generateDemoDistrict } from '../../../data/demo/generate'
import { loadDemoDistrict } from '../../../data/demo/load-district'
import { migrate } from '../../../server/db/migrate'
import { createPool, type Pool, withTransaction } from '../../../server/db/pool'
import { schemaPool } from '../../support/schema-pool'

// The loaders in a schema of their own (the run's schema keeps the district as global setup loaded it), on a
// today that is not the demo's: every parcel they leave has its forecast, computed for the day they were given.
const SCHEMA = `guatu_test_loaders_${process.pid}`
const TODAY = '2026-12-05'
const district = generateDemoDistrict()
let pool: Pool

async function forecasts() {
  const { rows } = await pool.query<{
    code: string
    computed_for: string
    handover_on: string | null
    readiness: string | null
    depends_on_today: boolean
  }>(
    `select p.code, f.computed_for, f.handover_on, f.readiness, f.depends_on_today
     from parcels p left join land_forecasts f on f.parcel_id = p.id order by p.code`,
  )
  return rows
}

beforeAll(async () => {
  const admin = createPool(inject('databaseUrl'), 1)
  await admin.query(`create schema ${SCHEMA}`)
  await admin.end()
  pool = schemaPool(inject('databaseUrl'), SCHEMA, 2)
  await migrate(pool)
})

afterAll(async () => {
  await pool.end()
  const admin = createPool(inject('databaseUrl'), 1)
  await admin.query(`drop schema if exists ${SCHEMA} cascade`)
  await admin.end()
})

describe('loadDemoDistrict', () => {
  it('stores a forecast for every parcel, computed for the today it is given', async () => {
    await loadDemoDistrict(pool, district, { accounts: false, today: TODAY })
    const rows = await forecasts()
    expect(rows).toHaveLength(district.parcels.length)
    expect(rows.filter((r) => r.computed_for !== TODAY)).toEqual([])

    const byCode = new Map(rows.map((r) => [r.code, r]))
    // land in production was handed over on its hand-over's actual date: done
    const producing = district.parcels.find(
      (p) => p.status === 'in_production' && p.milestones.some((m) => m.kind === 'handover' && m.actual_on),
    )
    const handedOverOn = producing?.milestones.find((m) => m.kind === 'handover')?.actual_on
    expect(byCode.get(producing?.code ?? '')).toMatchObject({
      handover_on: handedOverOn,
      readiness: 'done',
      depends_on_today: false,
    })
  })

  it('keeps follow-ups on projects in talks and signed, some latest next actions past their date', async () => {
    const { rows } = await pool.query<{ stage: string; manager: string; late: boolean }>(
      `select p.stage, p.manager, f.next_on < $1::date as late
       from project_follow_ups f join projects p on p.id = f.project_id
       where f.id = (select g.id from project_follow_ups g where g.project_id = f.project_id
                     order by g.happened_on desc, g.id desc limit 1)`,
      [TODAY],
    )
    expect(rows.length).toBeGreaterThanOrEqual(6)
    expect(new Set(rows.map((r) => r.stage))).toEqual(new Set(['negotiating', 'signed']))
    const late = rows.filter((r) => r.late)
    expect(late.length).toBeGreaterThanOrEqual(3)
    expect(late.length).toBeLessThan(rows.length)
  })
})

describe('buildCity', () => {
  it('stores the forecast of every city parcel: nothing planned, so its target; done once handed over', async () => {
    const built = await withTransaction(pool, (db) => buildCity(db, 300, TODAY))
    expect(built).toBe(300)
    const rows = await forecasts()
    expect(rows).toHaveLength(district.parcels.length + 300)
    expect(rows.filter((r) => r.computed_for !== TODAY)).toEqual([])
    const { rows: city } = await pool.query<{ status: string; target_on: string | null }>(
      `select p.status, p.target_on, f.handover_on, f.readiness, f.depends_on_today
       from parcels p join land_forecasts f on f.parcel_id = p.id where p.code like $1`,
      [`${CITY_CODE_PREFIX}%`],
    )
    expect(city).toHaveLength(300)
    for (const row of city) {
      expect(row).toEqual({
        status: row.status,
        target_on: row.target_on,
        handover_on: row.target_on,
        readiness: ['under_construction', 'in_production'].includes(row.status) ? 'done' : null,
        depends_on_today: false,
      })
    }
  })
})
