import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { seedDemoAccounts } from '../../../data/demo/load-district'
import { createApp } from '../../../server/app'
import { migrate } from '../../../server/db/migrate'
import { createPool, type Pool } from '../../../server/db/pool'
import { upsertSetting } from '../../../server/db/zone'
import { inProcessBus } from '../../../server/events'
import { schemaPool } from '../../support/schema-pool'

// A small zone of its own (the grading ranks every firm of the zone, so the demo's firms must not be there): four
// firms graded, four not. Every firm's parcel is the same square moved east, and a shift in longitude does not
// change an area on the spheroid: all firms have the same land, so min–max scores do not depend on it and the
// expected numbers below are worked out by hand from the reported figures.
const url = inject('databaseUrl')
const schema = `${inject('testSchema')}_eval`
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

// firm: tax, output, energy (tce), employees, R&D — 2025
const FIGURES: Record<string, [number, number, number | null, number, number] | null> = {
  F1: [400, 10000, 500, 100, 500],
  F2: [200, 6000, 300, 100, 120],
  F3: [100, 4000, 100, 50, 40],
  F4: [300, 8000, 700, 200, 240],
  // not graded: energy not reported (its huge tax must not move the others' min and max)
  F5: [10000, 90000, null, 10, 10],
  // not graded: no output, so no R&D share
  F6: [0, 0, 0, 5, 0],
  // not graded: land but no 2025 row
  F7: null,
}

beforeAll(async () => {
  await adminQuery(`drop schema if exists ${schema} cascade`)
  await adminQuery(`create schema ${schema}`)
  pool = schemaPool(url, schema, 2)
  await migrate(pool)
  await seedDemoAccounts(pool)
  const names = [...Object.keys(FIGURES), 'F8'] // F8: no parcel at all
  for (const [i, name] of names.entries()) {
    const { rows } = await pool.query<{ id: string }>('insert into firms (name) values ($1) returning id', [
      name,
    ])
    const firmId = Number(rows[0]?.id)
    if (name !== 'F8') {
      const x = 113.4 + i * 0.01
      const { rows: parcel } = await pool.query<{ id: string }>(
        `insert into parcels (code, land_use, status, geom)
         values ($1, 'M1', 'in_production', ST_Multi(ST_MakeEnvelope($2::float8, 22.55, $2::float8 + 0.002, 22.552, 4326)))
         returning id`,
        [`E-${name}`, x],
      )
      await pool.query('insert into firm_parcels (firm_id, parcel_id) values ($1, $2)', [
        firmId,
        parcel[0]?.id,
      ])
    }
    const f = FIGURES[name]
    if (f) {
      await pool.query(
        `insert into firm_indicators (firm_id, year, tax_wan, output_wan, energy_tce, employees, rd_wan)
         values ($1, 2025, $2, $3, $4, $5, $6)`,
        [firmId, ...f],
      )
    }
  }
  // 标准地 commitments on F1 (kept), F2 (not started, 151 days past its start deadline) and F3 (nothing due yet)
  await pool.query(
    `insert into land_commitments (parcel_id, firm_id, sold_on, tax_wan_per_mu, start_by, complete_by,
       output_from_year, started_on, completed_on)
     select p.id, fp.firm_id, '2023-01-01', t.tax, t.start_by::date, t.complete_by::date, 2027, t.started_on::date,
       t.completed_on::date
     from (values ('E-F1', 1, '2023-06-30', '2025-06-30', '2023-05-01', '2025-05-31'),
                  ('E-F2', 1, '2026-06-30', '2027-12-31', null, null),
                  ('E-F3', 1, '2027-03-31', '2028-12-31', null, null)) t(code, tax, start_by, complete_by, started_on,
                    completed_on)
     join parcels p on p.code = t.code join firm_parcels fp on fp.parcel_id = p.id`,
  )
  // a project looking for 50–80 mu of M1: the land to put back to use is offered to it as supply
  await pool.query(
    `insert into projects (name, company, sector, stage, lead_on, need_area_mu_min, need_area_mu_max, need_land_use)
     values ('P 盘活需求', 'P 公司', 'services', 'signed', '2026-06-01', 50, 80, '{M1}')`,
  )
  app = createApp({
    pool,
    databaseKind: inject('databaseKind'),
    today: () => '2026-11-28',
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
})

afterAll(async () => {
  await pool?.end()
  await adminQuery(`drop schema if exists ${schema} cascade`)
})

async function get(path: string) {
  const res = await app.request(path, { headers: { cookie } })
  return { status: res.status, body: await res.json() }
}

type Firm = {
  name: string
  area_mu: number
  score: number | null
  rank: number | null
  grade: string | null
  indicators: Record<string, number>
  breakdown: { key: string; score: number; points: number }[]
  not_graded: { reason: string; missing: string[] } | null
}

describe('GET /api/evaluation', () => {
  it('scores each graded firm Σ weight × [20 + 80 × (x − min)/(max − min)], energy per mu mirrored', async () => {
    const { status, body } = await get('/api/evaluation?year=2025')
    expect(status).toBe(200)
    const byName = Object.fromEntries((body.firms as Firm[]).map((f) => [f.name, f]))
    // indicator scores worked out by hand (tax, output, energy, R&D share, output per employee):
    // F1 100, 100, 46.67, 100, 100 → 45 + 20 + 7 + 15 + 5 = 92
    // F2 46.67, 46.67, 73.33, 40, 46.67 → 21 + 9.33 + 11 + 6 + 2.33 = 49.67
    // F3 20, 20, 100, 20, 73.33 → 9 + 4 + 15 + 3 + 3.67 = 34.67
    // F4 73.33, 73.33, 20, 60, 20 → 33 + 14.67 + 3 + 9 + 1 = 60.67
    expect(
      ['F1', 'F4', 'F2', 'F3'].map((n) => [n, byName[n]?.score, byName[n]?.rank, byName[n]?.grade]),
    ).toEqual([
      ['F1', 92, 1, 'A'],
      ['F4', 60.67, 2, 'B'],
      ['F2', 49.67, 3, 'C'],
      ['F3', 34.67, 4, 'C'],
    ])
    expect(Object.fromEntries((byName.F2?.breakdown ?? []).map((b) => [b.key, [b.score, b.points]]))).toEqual(
      {
        tax_per_mu: [46.67, 21],
        output_per_mu: [46.67, 9.33],
        energy_per_mu: [73.33, 11],
        rd_share: [40, 6],
        output_per_employee: [46.67, 2.33],
      },
    )
    expect(body.counts).toEqual({ A: 1, B: 1, C: 2, D: 0, not_graded: 4 })
  })

  it('divides by the land of the firm’s parcels in 亩, from their area on the spheroid', async () => {
    const { rows } = await pool.query<{ mu: number }>(
      `select ST_Area(geom::geography) / (10000.0 / 15) as mu from parcels where code = 'E-F1'`,
    )
    const mu = rows[0]?.mu ?? 0
    expect(mu).toBeGreaterThan(50)
    const { body } = await get('/api/evaluation?year=2025')
    const f1 = (body.firms as Firm[]).find((f) => f.name === 'F1')
    expect(f1?.area_mu).toBeCloseTo(mu, 2)
    expect(f1?.indicators.tax_per_mu).toBeCloseTo(400 / mu, 3)
    expect(f1?.indicators.rd_share).toBeCloseTo(5, 6)
    expect(f1?.indicators.output_per_employee).toBeCloseTo(100, 6)
  })

  it('says why a firm is not graded', async () => {
    const { body } = await get('/api/evaluation?year=2025')
    const byName = Object.fromEntries((body.firms as Firm[]).map((f) => [f.name, f]))
    expect(['F5', 'F6', 'F7', 'F8'].map((n) => [n, byName[n]?.grade, byName[n]?.not_graded?.reason])).toEqual(
      [
        ['F5', null, 'missing_values'],
        ['F6', null, 'zero_denominator'],
        ['F7', null, 'no_indicators'],
        ['F8', null, 'no_land'],
      ],
    )
    expect(byName.F5?.not_graded?.missing).toEqual(['energy_tce'])
  })

  it('grades D the bottom share and B to the cumulative share the settings give', async () => {
    await upsertSetting(pool, 'evaluation', {
      indicators: [
        { key: 'tax_per_mu', weight: 45 },
        { key: 'output_per_mu', weight: 20 },
        { key: 'energy_per_mu', weight: 15 },
        { key: 'rd_share', weight: 15 },
        { key: 'output_per_employee', weight: 5 },
      ],
      grade_percentiles: { a: 25, b: 50, d: 25 },
    })
    try {
      const { body } = await get('/api/evaluation?year=2025')
      const graded = (body.firms as Firm[]).filter((f) => f.grade).map((f) => [f.name, f.grade])
      // 4 firms: ⌊1⌋ A, ⌊2⌋ A or B, ⌊1⌋ D
      expect(graded).toEqual([
        ['F1', 'A'],
        ['F4', 'B'],
        ['F2', 'C'],
        ['F3', 'D'],
      ])
    } finally {
      await pool.query(`delete from zone_settings where key = 'evaluation'`)
    }
  })

  it('scores tax per mu alone 20 to 100 when it is the only indicator', async () => {
    await upsertSetting(pool, 'evaluation', {
      indicators: [{ key: 'tax_per_mu', weight: 100 }],
      grade_percentiles: { a: 25, b: 70, d: 5 },
    })
    try {
      const { body } = await get('/api/evaluation?year=2025')
      const scores = (body.firms as Firm[]).filter((f) => f.grade).map((f) => [f.name, f.score])
      // tax 400, 300, 200, 100: 100, 73.33, 46.67, 20; F5 and F6 now graded (energy and output not needed):
      // F6's tax 0 is the new min and F5's 10,000 the new max
      expect(scores).toEqual([
        ['F5', 100],
        ['F1', 23.2],
        ['F4', 22.4],
        ['F2', 21.6],
        ['F3', 20.8],
        ['F6', 20],
      ])
    } finally {
      await pool.query(`delete from zone_settings where key = 'evaluation'`)
    }
  })

  it('summarises the year for leaders: tax per mu, share of A/B, land to put back to use', async () => {
    const { body } = await get('/api/evaluation?year=2025')
    const { rows } = await pool.query<{ mu: number }>(
      `select ST_Area(geom::geography) / (10000.0 / 15) as mu from parcels where code = 'E-F1'`,
    )
    const mu = rows[0]?.mu ?? 1
    // tax reported by F1–F6 (F7 reports nothing): 400 + 200 + 100 + 300 + 10000 + 0 over six equal parcels
    expect(body.summary.tax_wan_per_mu).toBeCloseTo(11000 / (6 * mu), 2)
    expect(body.summary.share_ab).toBe(0.5)
    // no D grade; F2's commitment is breached
    expect(
      body.summary.revitalize.map((p: { parcel_code: string; reasons: string[] }) => [
        p.parcel_code,
        p.reasons,
      ]),
    ).toEqual([['E-F2', ['commitment_breached']]])
  })

  it('answers 400 validation_failed for a year that is not one', async () => {
    const { status, body } = await get('/api/evaluation?year=20x5')
    expect(status).toBe(400)
    expect(body.error.code).toBe('validation_failed')
  })
})

describe('the evaluation settings, changed by an admin through PATCH /api/zone/settings', () => {
  async function as(who: string, method: string, path: string, body?: unknown) {
    const login = await app.request('/api/auth/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: who, password: 'guatu-demo' }),
    })
    const session = (login.headers.get('set-cookie') ?? '').split(';')[0] ?? ''
    const res = await app.request(path, {
      method,
      headers: { cookie: session, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    })
    return { status: res.status, body: await res.json() }
  }

  it('regrade the year at once: output per mu alone, A the top 25 %, D the bottom 25 %', async () => {
    const { body: current } = await as('admin', 'GET', '/api/zone/settings')
    expect(current.evaluation).toEqual({
      indicators: [
        { key: 'tax_per_mu', weight: 45 },
        { key: 'output_per_mu', weight: 20 },
        { key: 'energy_per_mu', weight: 15 },
        { key: 'rd_share', weight: 15 },
        { key: 'output_per_employee', weight: 5 },
      ],
      grade_percentiles: { a: 25, b: 70, d: 5 },
    })
    const evaluation = {
      indicators: [{ key: 'output_per_mu', weight: 100 }],
      grade_percentiles: { a: 25, b: 50, d: 25 },
    }
    try {
      const saved = await as('admin', 'PATCH', '/api/zone/settings', { evaluation, version: current.version })
      expect(saved.status).toBe(200)
      expect(saved.body.evaluation).toEqual(evaluation)
      const { body } = await get('/api/evaluation?year=2025')
      expect(body.settings).toEqual(evaluation)
      // output alone grades F5 and F6 too (energy is not needed): output 90000, 10000, 8000, 6000, 4000, 0 on
      // equal land → 20 + 80 × x / 90000; of 6 firms ⌊1.5⌋ = 1 A, ⌊3⌋ = 3 A or B, ⌊1.5⌋ = 1 D
      expect((body.firms as Firm[]).filter((f) => f.grade).map((f) => [f.name, f.score, f.grade])).toEqual([
        ['F5', 100, 'A'],
        ['F1', 28.89, 'B'],
        ['F4', 27.11, 'B'],
        ['F2', 25.33, 'C'],
        ['F3', 23.56, 'C'],
        ['F6', 20, 'D'],
      ])
    } finally {
      await pool.query(`delete from zone_settings where key = 'evaluation'`)
    }
  })

  it('refuse weights that do not sum to 100, percentiles out of order and an unknown indicator with 400', async () => {
    const { body: current } = await as('admin', 'GET', '/api/zone/settings')
    const percentiles = { a: 25, b: 70, d: 5 }
    for (const evaluation of [
      { indicators: [{ key: 'tax_per_mu', weight: 90 }], grade_percentiles: percentiles },
      { indicators: [{ key: 'tax_per_mu', weight: 100 }], grade_percentiles: { a: 50, b: 40, d: 5 } },
      { indicators: [{ key: 'profit_per_mu', weight: 100 }], grade_percentiles: percentiles },
    ]) {
      const refused = await as('admin', 'PATCH', '/api/zone/settings', {
        evaluation,
        version: current.version,
      })
      expect([refused.status, refused.body.error.code], JSON.stringify(evaluation)).toEqual([
        400,
        'validation_failed',
      ])
    }
    const { body: after } = await as('admin', 'GET', '/api/zone/settings')
    expect([after.version, after.evaluation]).toEqual([current.version, current.evaluation])
  })

  it('are an admin’s: a land officer and a leader are refused', async () => {
    const { body: current } = await as('admin', 'GET', '/api/zone/settings')
    const evaluation = {
      indicators: [{ key: 'tax_per_mu', weight: 100 }],
      grade_percentiles: { a: 25, b: 70, d: 5 },
    }
    for (const who of ['officer', 'leader']) {
      const refused = await as(who, 'PATCH', '/api/zone/settings', { evaluation, version: current.version })
      expect([who, refused.status, refused.body.error.code]).toEqual([who, 403, 'forbidden'])
    }
  })
})

describe('GET /api/commitments', () => {
  it('lists a breached commitment with its shortfall', async () => {
    const { status, body } = await get('/api/commitments?status=breached')
    expect(status).toBe(200)
    expect(body).toHaveLength(1)
    // not started by 2026-06-30; on 2026-11-28 that is 31 + 31 + 30 + 31 + 28 = 151 days late
    expect(body[0]).toMatchObject({
      parcel_code: 'E-F2',
      firm_name: 'F2',
      status: 'breached',
      shortfall: [{ check: 'start', due_on: '2026-06-30', shortfall: 151 }],
    })
  })

  it('tells met from pending', async () => {
    const { body } = await get('/api/commitments')
    expect(body.map((c: { parcel_code: string; status: string }) => [c.parcel_code, c.status])).toEqual([
      ['E-F1', 'met'],
      ['E-F2', 'breached'],
      ['E-F3', 'pending'],
    ])
  })
})

describe('the checks of a commitment, each year and at each deadline', () => {
  it('compares output and tax per mu every finished year from the year owed, and completion at its deadline', async () => {
    const { rows } = await pool.query<{ parcel: string; firm: string; mu: number }>(
      `select p.id as parcel, fp.firm_id as firm, ST_Area(p.geom::geography) / (10000.0 / 15) as mu
       from parcels p join firm_parcels fp on fp.parcel_id = p.id where p.code = 'E-F4'`,
    )
    const { parcel, firm, mu } = rows[0] as { parcel: string; firm: string; mu: number }
    // started in time, completed 10 days late; 100 万元 output and 10 万元 tax per mu owed from 2024. F4 reported
    // nothing for 2024 and 8000 output and 300 tax for 2025 on its one parcel; 2026 is not finished on 2026-11-28
    await pool.query(
      `insert into land_commitments (parcel_id, firm_id, sold_on, output_wan_per_mu, tax_wan_per_mu, start_by,
         complete_by, output_from_year, started_on, completed_on)
       values ($1, $2, '2022-01-01', 100, 10, '2022-06-30', '2023-12-31', 2024, '2022-06-01', '2024-01-10')`,
      [parcel, firm],
    )
    try {
      const list = await get('/api/commitments?status=breached')
      const commitment = list.body.find((c: { parcel_code: string }) => c.parcel_code === 'E-F4')
      const tax2025 = Math.round((300 / mu) * 100) / 100
      expect(tax2025).toBeLessThan(10)
      expect(8000 / mu).toBeGreaterThan(100)
      expect(
        commitment.checks.map(
          (c: { check: string; year: number | null; status: string; shortfall: number }) => [
            c.check,
            c.year,
            c.status,
            c.shortfall,
          ],
        ),
      ).toEqual([
        ['start', null, 'met', 0],
        ['completion', null, 'breached', 10],
        // nothing reported for 2024: the whole commitment short
        ['output', 2024, 'breached', 100],
        ['tax', 2024, 'breached', 10],
        ['output', 2025, 'met', 0],
        ['tax', 2025, 'breached', Math.round((10 - tax2025) * 100) / 100],
      ])
      // a late item from its first breached check, the completion deadline: 2023-12-31 to 2026-11-28
      const late = await get('/api/commitments/late')
      const item = late.body.find((c: { code: string }) => c.code === 'E-F4')
      expect(item).toMatchObject({
        due_on: '2023-12-31',
        days_late: (Date.UTC(2026, 10, 28) - Date.UTC(2023, 11, 31)) / 86_400_000,
      })
      expect(item.breached).toHaveLength(4)
    } finally {
      await pool.query('delete from land_commitments where parcel_id = $1', [parcel])
    }
  })
})

describe('GET /api/evaluation/parcels', () => {
  it('answers per parcel the grade of its firm and its commitment status', async () => {
    const { body } = await get('/api/evaluation/parcels?year=2025')
    const { rows } = await pool.query<{ id: string; code: string }>(
      `select id, code from parcels order by id`,
    )
    const code = new Map(rows.map((r) => [Number(r.id), r.code]))
    expect(
      body.parcels.map((p: { parcel_id: number; grade: string | null; commitment: string | null }) => [
        code.get(p.parcel_id),
        p.grade,
        p.commitment,
      ]),
    ).toEqual([
      ['E-F1', 'A', 'met'],
      ['E-F2', 'C', 'breached'],
      ['E-F3', 'C', 'pending'],
      ['E-F4', 'B', null],
      ['E-F5', null, null],
      ['E-F6', null, null],
      ['E-F7', null, null],
    ])
  })
})

describe('breached commitments as late items, and the leaders’ figures on the dashboard', () => {
  it('lists a breached commitment as late, owned by 经发局, days late since its first breached check', async () => {
    const { status, body } = await get('/api/commitments/late')
    expect(status).toBe(200)
    // start due 2026-06-30, today 2026-11-28: 151 days
    expect(body).toMatchObject([
      {
        code: 'E-F2',
        firm_name: 'F2',
        owner: '经发局',
        due_on: '2026-06-30',
        days_late: 151,
        breached: [{ check: 'start', shortfall: 151 }],
      },
    ])
  })

  it('counts it in the dashboard’s late items by owner, beside the milestones and blockers', async () => {
    const { status, body } = await get('/api/dashboard?from=2026-01-01&to=2026-04-30')
    expect(status).toBe(200)
    expect(body.late_commitments).toBe(1)
    // this zone has no milestones, blockers, infrastructure or follow-ups: the one late item is the commitment
    expect(body.late_by_owner).toEqual([
      { owner: '经发局', milestones: 0, blockers: 0, infrastructure: 0, follow_ups: 0, commitments: 1 },
    ])
    // …and one more kind of late item in the list, with its shortfall
    expect(body.late_items).toEqual([
      {
        kind: 'commitment',
        owner: '经发局',
        due_on: '2026-06-30',
        label: 'E-F2 F2',
        detail: 'F2',
        parcel_id: expect.any(Number),
        project_id: null,
        infrastructure_id: null,
        days_late: 151,
        commitment_id: expect.any(Number),
        // the item an order on it would name: the commitment itself
        item_id: body.late_items[0]?.commitment_id,
        breached: [
          { check: 'start', year: null, due_on: '2026-06-30', committed: null, actual: null, shortfall: 151 },
        ],
      },
    ])
    expect(body.late_milestones).toBe(0)
  })

  it('gives the leaders’ 亩均 figures of the last finished year, worked out by hand', async () => {
    const { body } = await get('/api/dashboard?from=2026-01-01&to=2026-04-30')
    const { rows } = await pool.query<{ mu: number }>(
      `select ST_Area(geom::geography) / (10000.0 / 15) as mu from parcels where code = 'E-F1'`,
    )
    const mu = rows[0]?.mu ?? 1
    expect(body.efficiency.year).toBe(2025)
    // Σ tax of F1–F6 = 400 + 200 + 100 + 300 + 10000 + 0 = 11000 万元 over six parcels of `mu` 亩 each
    expect(body.efficiency.tax_wan_per_mu).toBeCloseTo(11000 / (6 * mu), 2)
    // A: F1, B: F4, C: F2 and F3 → 2 of 4
    expect(body.efficiency.share_ab).toBe(0.5)
    expect(body.efficiency.counts).toEqual({ A: 1, B: 1, C: 2, D: 0, not_graded: 4 })
    // 盘活: F2's parcel (commitment breached), one parcel of `mu` 亩
    expect(body.efficiency.revitalize_parcels).toBe(1)
    expect(body.efficiency.revitalize_mu).toBeCloseTo(mu, 2)
  })
})

describe('GET /api/revitalize', () => {
  it('lists the land to put back to use with its reasons and area', async () => {
    const { status, body } = await get('/api/revitalize')
    expect(status).toBe(200)
    expect(body.year).toBe(2025)
    expect(
      body.parcels.map((p: { parcel_code: string; reasons: string[] }) => [p.parcel_code, p.reasons]),
    ).toEqual([['E-F2', ['commitment_breached']]])
  })

  it('offers it as supply to the projects looking for land, while a kept parcel in production is not', async () => {
    const { rows } = await pool.query<{ id: string; code: string }>(
      `select id, code from parcels where code in ('E-F1', 'E-F2')`,
    )
    const id = Object.fromEntries(rows.map((r) => [r.code, r.id]))
    const supply = await get(`/api/parcels/${id['E-F2']}/matches`)
    expect(supply.status).toBe(200)
    expect(supply.body.map((m: { name: string }) => m.name)).toEqual(['P 盘活需求'])
    const kept = await get(`/api/parcels/${id['E-F1']}/matches`)
    expect(kept.body).toEqual([])
  })
})

describe('GET /api/firms/:id', () => {
  it('gives the firm’s figures year by year, each year graded or not with its reason', async () => {
    const { rows } = await pool.query<{ id: string; mu: number }>(
      `select f.id, ST_Area(p.geom::geography) / (10000.0 / 15) as mu
       from firms f join firm_parcels fp on fp.firm_id = f.id join parcels p on p.id = fp.parcel_id
       where f.name = 'F1'`,
    )
    const id = Number(rows[0]?.id)
    const mu = rows[0]?.mu ?? 1
    // 2024: energy not reported
    await pool.query(
      `insert into firm_indicators (firm_id, year, tax_wan, output_wan, energy_tce, employees, rd_wan)
       values ($1, 2024, 350, 9000, null, 90, 450)`,
      [id],
    )
    try {
      const { status, body } = await get(`/api/firms/${id}`)
      expect(status).toBe(200)
      expect(body).toMatchObject({ name: 'F1', parcel_ids: [expect.any(Number)] })
      expect(body.parcels).toEqual([{ id: body.parcel_ids[0], code: 'E-F1', area_mu: expect.any(Number) }])
      expect(body.parcels[0].area_mu).toBeCloseTo(mu, 2)
      expect(body.area_mu).toBeCloseTo(mu, 2)
      type Year = {
        year: number
        tax_wan: number
        energy_tce: number | null
        per_mu: Record<string, number>
        score: number | null
        grade: string | null
        breakdown: { key: string; points: number }[]
        not_graded: { reason: string; missing: string[]; message: Record<string, string> } | null
      }
      const years = body.years as Year[]
      expect(years.map((y) => [y.year, y.tax_wan, y.energy_tce, y.score, y.grade])).toEqual([
        [2024, 350, null, null, null],
        [2025, 400, 500, 92, 'A'],
      ])
      expect(years[0]?.not_graded).toEqual({
        reason: 'missing_values',
        missing: ['energy_tce'],
        message: { 'zh-CN': '缺少评价所需的指标', en: 'indicators the evaluation needs are missing' },
      })
      // the values per mu of a year not graded are still shown where they can be computed
      expect(years[0]?.per_mu.tax_per_mu).toBeCloseTo(350 / mu, 3)
      // the 2025 points add up to the score: 45 + 20 + 7 + 15 + 5
      expect(years[1]?.breakdown.map((b) => [b.key, b.points])).toEqual([
        ['tax_per_mu', 45],
        ['output_per_mu', 20],
        ['energy_per_mu', 7],
        ['rd_share', 15],
        ['output_per_employee', 5],
      ])
    } finally {
      await pool.query('delete from firm_indicators where firm_id = $1 and year = 2024', [id])
    }
  })

  it('answers 404 not_found in Chinese for a firm that does not exist', async () => {
    const { status, body } = await get('/api/firms/999999999')
    expect([status, body.error.code]).toEqual([404, 'not_found'])
    expect(body.error.message).toMatch(/企业/)
  })
})

describe('POST /api/firms, PATCH /api/firms/:id', () => {
  async function send(method: string, path: string, body: unknown, who = 'investor') {
    const login = await app.request('/api/auth/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: who, password: 'guatu-demo' }),
    })
    const session = (login.headers.get('set-cookie') ?? '').split(';')[0] ?? ''
    const res = await app.request(path, {
      method,
      headers: { cookie: session, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    })
    return { status: res.status, body: await res.json() }
  }

  it('creates a firm, edits it at its version, and refuses a stale version, a taken parcel and a leader', async () => {
    const created = await send('POST', '/api/firms', { name: 'F9', sector: 'services' })
    expect(created.status).toBe(201)
    expect(created.body).toMatchObject({ name: 'F9', sector: 'services', version: 1, parcelIds: [] })
    const id = created.body.id as number
    try {
      const edited = await send('PATCH', `/api/firms/${id}`, {
        name: 'F9 新材料',
        sector: 'new_materials',
        version: 1,
      })
      expect(edited.status).toBe(200)
      expect(edited.body).toMatchObject({ name: 'F9 新材料', sector: 'new_materials', version: 2 })
      const stale = await send('PATCH', `/api/firms/${id}`, { name: 'F9 again', version: 1 })
      expect([stale.status, stale.body.error.code]).toEqual([409, 'version_conflict'])
      // E-F1 is F1's land: a parcel is used by one firm at most
      const { rows } = await pool.query<{ id: string }>(`select id from parcels where code = 'E-F1'`)
      const taken = await send('PATCH', `/api/firms/${id}`, { parcel_ids: [Number(rows[0]?.id)], version: 2 })
      expect(taken.status).toBe(409)
      const unknown = await send('PATCH', `/api/firms/${id}`, { parcel_ids: [999_999_999], version: 2 })
      expect([unknown.status, unknown.body.error.code]).toEqual([400, 'validation_failed'])
      // nothing of the refused writes was kept
      const { body } = await get(`/api/firms/${id}`)
      expect(body).toMatchObject({ name: 'F9 新材料', version: 2, parcel_ids: [] })
      const leader = await send('POST', '/api/firms', { name: 'F10' }, 'leader')
      expect(leader.status).toBe(403)
    } finally {
      await pool.query('delete from history where entity_type = $1 and entity_id = $2', ['firm', id])
      await pool.query('delete from firms where id = $1', [id])
    }
  })
})
