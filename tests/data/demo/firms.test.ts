import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { generateDemoFirms } from '../../../data/demo/firms'
import { DEMO_TODAY, generateDemoDistrict } from '../../../data/demo/generate'
import { loadDemoDistrict } from '../../../data/demo/load-district'
import { createApp } from '../../../server/app'
import { migrate } from '../../../server/db/migrate'
import { createPool, type Pool } from '../../../server/db/pool'
import { inProcessBus } from '../../../server/events'
import { schemaPool } from '../../support/schema-pool'

// The demo district's firms (亩均效益, 标准地, issue 18) as loaded, in a schema of their own (other files change the
// shared schema's firms and settings): firms behind the projects that took land, three years of figures, a
// spread of grades every year, a few breached commitments, and the district's own figures as they were.
const url = inject('databaseUrl')
const schema = `${inject('testSchema')}_firms`
const district = generateDemoDistrict()
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
  pool = schemaPool(url, schema, 2)
  await migrate(pool)
  await loadDemoDistrict(pool, district, { accounts: true, today: DEMO_TODAY })
  app = createApp({
    pool,
    databaseKind: inject('databaseKind'),
    today: () => DEMO_TODAY,
    sessionHours: 1,
    basemapStyleUrl: null,
    events: inProcessBus(),
  })
  const res = await app.request('/api/auth/login', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'leader', password: 'guatu-demo' }),
  })
  cookie = (res.headers.get('set-cookie') ?? '').split(';')[0] ?? ''
}, 240_000)

afterAll(async () => {
  await pool?.end()
  await adminQuery(`drop schema if exists ${schema} cascade`)
})

async function get(path: string) {
  const res = await app.request(path, { headers: { cookie } })
  expect(res.status, path).toBe(200)
  return res.json()
}

describe('generateDemoFirms', () => {
  it('derives the firms without touching the district, the same every time', () => {
    const before = JSON.stringify(district)
    const firms = generateDemoFirms(district)
    expect(JSON.stringify(district)).toBe(before)
    expect(JSON.stringify(generateDemoFirms(generateDemoDistrict()))).toBe(JSON.stringify(firms))
  })
})

describe('the demo firms as loaded', () => {
  it('stand behind every project that took land, under its company’s name', async () => {
    const { rows } = await pool.query<{ stage: string; company: string; firm: string | null }>(
      `select p.stage, p.company, f.name as firm from projects p left join firms f on f.id = p.firm_id
       where p.stage in ('land_acquired', 'construction', 'in_production')`,
    )
    const landed = district.projects.filter((p) =>
      ['land_acquired', 'construction', 'in_production'].includes(p.stage),
    )
    expect(rows).toHaveLength(landed.length)
    expect(rows.filter((r) => r.firm !== r.company)).toEqual([])
  })

  it('report three years, 2023–2025, for every firm producing on its land since before 2023', async () => {
    const { rows } = await pool.query<{ years: number[] }>(
      `select array_agg(i.year order by i.year) as years from firm_indicators i group by i.firm_id`,
    )
    expect(rows.length).toBeGreaterThanOrEqual(40)
    expect(rows.filter((r) => r.years.join() !== '2023,2024,2025')).toEqual([])
    // each of those firms uses land in production (its figures are divided by that land)
    const { rows: landless } = await pool.query(
      `select f.name from firms f where exists (select 1 from firm_indicators i where i.firm_id = f.id)
       and not exists (select 1 from firm_parcels fp join parcels p on p.id = fp.parcel_id
         where fp.firm_id = f.id and p.status = 'in_production')`,
    )
    expect(landless).toEqual([])
  })

  it('spread over A, B, C and D every year, with the shares the default percentiles give', async () => {
    for (const year of [2023, 2024, 2025]) {
      const body = await get(`/api/evaluation?year=${year}`)
      const { A, B, C, D } = body.counts as { A: number; B: number; C: number; D: number }
      const n = A + B + C + D
      expect(n, `${year}`).toBeGreaterThanOrEqual(40)
      // A the top 25 %, A or B to 70 %, D the bottom 5 % (ties can only add to a grade)
      expect(A, `${year} A`).toBeGreaterThanOrEqual(Math.floor(n * 0.25))
      expect(A, `${year} A`).toBeLessThanOrEqual(Math.floor(n * 0.25) + 2)
      expect(A + B, `${year} A+B`).toBeGreaterThanOrEqual(Math.floor(n * 0.7))
      expect(D, `${year} D`).toBeGreaterThanOrEqual(Math.max(1, Math.floor(n * 0.05)))
      expect(C, `${year} C`).toBeGreaterThan(0)
      // a realistic spread: the best firm scores far above the worst
      const scores = (body.firms as { score: number | null }[])
        .map((f) => f.score)
        .filter((s): s is number => s !== null)
      expect(Math.max(...scores) - Math.min(...scores), `${year} spread`).toBeGreaterThan(40)
    }
  })

  it('leave a figure blank now and then: not graded that year, with the reason', async () => {
    const body = await get('/api/evaluation?year=2025')
    const missing = (body.firms as { not_graded: { reason: string } | null }[]).filter(
      (f) => f.not_graded?.reason === 'missing_values',
    )
    expect(missing.length).toBeGreaterThanOrEqual(1)
  })

  it('have a few breached commitments among many kept, each with its shortfall', async () => {
    const all = (await get('/api/commitments')) as { status: string }[]
    const breached = (await get('/api/commitments?status=breached')) as {
      parcel_code: string
      shortfall: { check: string; shortfall: number | null }[]
    }[]
    expect(all.length).toBeGreaterThanOrEqual(40)
    expect(breached.length).toBeGreaterThanOrEqual(3)
    expect(breached.length).toBeLessThanOrEqual(all.length / 5)
    expect(breached.filter((c) => c.shortfall.length === 0)).toEqual([])
    expect(
      breached.flatMap((c) => c.shortfall).filter((s) => !(s.shortfall !== null && s.shortfall > 0)),
    ).toEqual([])
    // late starts, output and tax short of what was promised, and land under-built or under-invested
    const kinds = new Set(breached.flatMap((c) => c.shortfall.map((s) => s.check)))
    for (const kind of ['start', 'output', 'tax', 'investment']) expect(kinds.has(kind), kind).toBe(true)
  })

  it('leave the district’s January–April figures as DOMAIN.md gives them', async () => {
    const body = await get('/api/dashboard?from=2026-01-01&to=2026-04-30')
    expect(body.signed).toMatchObject({ count: 47, investment_yi: 95.43, over_10yi: 2, over_1yi: 16 })
    expect(body.expansion.count).toBe(26)
  })
})
