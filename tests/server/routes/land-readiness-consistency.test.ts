import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { DEMO_TODAY, generateDemoDistrict } from '../../../data/demo/generate'
import { loadDemoDistrict } from '../../../data/demo/load-district'
import { createApp } from '../../../server/app'
import { migrate } from '../../../server/db/migrate'
import { createPool, type Pool } from '../../../server/db/pool'
import { inProcessBus } from '../../../server/events'
import { countReadyToOffer } from '../../../web/features/timeline/ready-to-offer'
import { loginCookie } from '../../support/app'
import { schemaPool } from '../../support/schema-pool'

// One meaning of 可供地 by a date (issue 12): ready to offer by then and not yet handed over. The list's
// available_by, OGC datetime, the dashboard's month sums and the time slider's count must select the same parcels.
// The demo district in a schema of its own, so that other test files' writes cannot slip in between the reads.
const url = inject('databaseUrl')
const schema = `${inject('testSchema')}_consistency`
let pool: Pool
let app: ReturnType<typeof createApp>
let cookie = ''

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
  pool = schemaPool(url, schema, 4)
  await migrate(pool)
  await loadDemoDistrict(pool, generateDemoDistrict(), { accounts: true, today: DEMO_TODAY })
  app = createApp({
    pool,
    databaseKind: inject('databaseKind'),
    today: () => DEMO_TODAY,
    sessionHours: 1,
    basemapStyleUrl: null,
    events: inProcessBus(),
  })
  cookie = await loginCookie(app, 'leader')
})

afterAll(async () => {
  await pool?.end()
  await adminQuery(`drop schema if exists ${schema} cascade`)
})

async function get(path: string) {
  const res = await app.request(path, { headers: { cookie } })
  expect(res.status).toBe(200)
  return res.json()
}

interface Feature {
  id: number
  properties: { status: string; area_m2: number; available_on: string | null; readiness: string | null }
}

// month ends, so that the dashboard's months up to the date cover exactly the days up to it
const DATES = ['2026-06-30', '2026-11-30', '2026-12-31', '2027-03-31', '2027-06-30', '2027-12-31']

describe('可供地 by a date means the same everywhere', () => {
  it.each(DATES)('by %s: available_by = OGC datetime = dashboard month sums = slider count', async (date) => {
    const list = await get(`/api/parcels?available_by=${date}&limit=10000`)
    const listed = (list.features as Feature[]).map((f) => f.id).sort((a, b) => a - b)
    expect(list.numberMatched).toBe(listed.length)

    const ogc = await get(`/ogc/collections/parcels/items?datetime=../${date}&limit=10000`)
    const ogcIds = (ogc.features as { id: number }[]).map((f) => Number(f.id)).sort((a, b) => a - b)
    expect(ogcIds).toEqual(listed)

    // the dashboard from the zone's first month: its month sums up to the date add up to the listed area
    const dashboard = await get(`/api/dashboard?from=2000-01-01&to=${date}`)
    const months = dashboard.land.available_mu_by_month as { month: string; mu: number }[]
    const dashboardMu = months.reduce((sum, m) => sum + m.mu, 0)
    const listedMu = (list.features as Feature[]).reduce((sum, f) => sum + f.properties.area_m2 * 0.0015, 0)
    // each month is rounded to 0.01 mu
    expect(Math.abs(dashboardMu - listedMu)).toBeLessThanOrEqual(0.005 * months.length + 1e-9)

    const readiness = await get('/api/parcels/readiness')
    expect(countReadyToOffer(readiness.parcels, date)).toBe(listed.length)

    // what it means, checked on the listed parcels: nothing handed over, every date on or before the date
    for (const f of list.features as Feature[]) {
      expect(['under_construction', 'in_production']).not.toContain(f.properties.status)
      expect(f.properties.readiness).not.toBe('done')
      expect(String(f.properties.available_on) <= date).toBe(true)
    }
  })

  it('grows with the date, and holds every parcel the zone already offers from today on', async () => {
    const sizes = []
    for (const date of DATES)
      sizes.push((await get(`/api/parcels?available_by=${date}&limit=1`)).numberMatched)
    expect([...sizes].sort((a, b) => a - b)).toEqual(sizes)
    expect(sizes[0]).toBeLessThan(sizes[sizes.length - 1])
    const offered = await get('/api/parcels?status=available,reserved&limit=10000')
    const byToday = new Set(
      ((await get(`/api/parcels?available_by=${DEMO_TODAY}&limit=10000`)).features as Feature[]).map(
        (f) => f.id,
      ),
    )
    expect(offered.numberMatched).toBeGreaterThan(50)
    for (const f of offered.features as Feature[]) expect(byToday.has(f.id)).toBe(true)
  })

  it('leaves out parcels handed over whatever the date', async () => {
    const handedOver = await get(
      '/api/parcels?status=under_construction,in_production&available_by=2099-12-31',
    )
    expect(handedOver.numberMatched).toBe(0)
    const all = await get('/api/parcels?status=under_construction,in_production&limit=1')
    expect(all.numberMatched).toBe(120)
  })
})
