import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { seedDemoAccounts } from '../../../data/demo/load-district'
import { createApp } from '../../../server/app'
import { rankMatchCandidates } from '../../../server/db/matching'
import { migrate } from '../../../server/db/migrate'
import { createPool, type Pool } from '../../../server/db/pool'
import { DEFAULT_MATCH_WEIGHTS, MATCH_RULES } from '../../../server/domain/matching'
import { M2_PER_MU, muToM2 } from '../../../server/domain/units'
import { inProcessBus } from '../../../server/events'
import { reforecastParcels } from '../../../server/services/land/reforecast'
import { schemaPool } from '../../support/schema-pool'
import { squareMu } from './match-fixture'

// A zone of its own (grades rank every firm of the zone, so the demo's firms must not be there): four firms graded
// 2025 — FA the best (A), FB (B), FC and FD (C) — each on 30 mu in production; three 30 mu parcels available for
// expansions of FA and FC: N 50 m east of FA's land, X 550 m east of it, Z 3 km away. No infrastructure and no
// other project anywhere, so the parcels differ only in how near FA's land they are.
const url = inject('databaseUrl')
const schema = `${inject('testSchema')}_nearfirm`
const TODAY = '2026-11-28'
// metres per degree at 20°N (as in match-fixture.ts); FA's square is √(30 × 666.67) = 141.4 m a side
const LON_M = 104_600
const SIDE = Math.sqrt((30 * 10000) / 15)
let pool: Pool
let app: ReturnType<typeof createApp>
let cookie = ''
const ids: Record<string, number> = {}

async function adminQuery(sql: string) {
  const admin = createPool(url, 1)
  try {
    await admin.query(sql)
  } finally {
    await admin.end()
  }
}

async function addParcel(code: string, lon: number, lat: number, status: string) {
  const { rows } = await pool.query<{ id: string }>(
    `insert into parcels (code, land_use, status, geom)
     values ($1, 'M1', $2, ST_Multi(ST_SetSRID(ST_GeomFromGeoJSON($3), 4326))) returning id`,
    [code, status, JSON.stringify(squareMu(lon, lat, 30))],
  )
  ids[code] = Number(rows[0]?.id)
  return ids[code] as number
}

beforeAll(async () => {
  await adminQuery(`drop schema if exists ${schema} cascade`)
  await adminQuery(`create schema ${schema}`)
  pool = schemaPool(url, schema, 2)
  await migrate(pool)
  await seedDemoAccounts(pool)
  // firm: tax, output, energy, employees, R&D in 2025 — FA best on every indicator
  const firms: [string, number, number[]][] = [
    ['FA', 110.0, [900, 20000, 100, 100, 1000]],
    ['FB', 110.1, [400, 10000, 200, 100, 400]],
    ['FC', 110.2, [200, 6000, 300, 100, 120]],
    ['FD', 110.3, [100, 4000, 400, 100, 40]],
  ]
  for (const [name, lon, figures] of firms) {
    const { rows } = await pool.query<{ id: string }>('insert into firms (name) values ($1) returning id', [
      name,
    ])
    ids[name] = Number(rows[0]?.id)
    const parcel = await addParcel(`L-${name}`, lon, 20.0, 'in_production')
    await pool.query('insert into firm_parcels (firm_id, parcel_id) values ($1, $2)', [ids[name], parcel])
    await pool.query(
      `insert into firm_indicators (firm_id, year, tax_wan, output_wan, energy_tce, employees, rd_wan)
       values ($1, 2025, $2, $3, $4, $5, $6)`,
      [ids[name], ...figures],
    )
  }
  const east = 110.0 + SIDE / LON_M
  await addParcel('N', east + 50 / LON_M, 20.0, 'available')
  await addParcel('X', east + 550 / LON_M, 20.0, 'available')
  await addParcel('Z', east + 3000 / LON_M, 20.0, 'available')
  await reforecastParcels(pool, [ids.N, ids.X, ids.Z] as number[], TODAY)
  for (const firm of ['FA', 'FC']) {
    const { rows } = await pool.query<{ id: string }>(
      `insert into projects (name, company, sector, kind, stage, firm_id, lead_on, need_area_mu_min,
         need_area_mu_max, need_land_use)
       values ($1, $2, 'services', 'expansion', 'signed', $3, '2026-06-01', 25, 35, '{M1}') returning id`,
      [`${firm} 增资扩产`, firm, ids[firm]],
    )
    ids[`P-${firm}`] = Number(rows[0]?.id)
  }
  app = createApp({
    pool,
    databaseKind: inject('databaseKind'),
    today: () => TODAY,
    sessionHours: 1,
    basemapStyleUrl: null,
    events: inProcessBus(),
  })
  const res = await app.request('/api/auth/login', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'investor', password: 'guatu-demo' }),
  })
  cookie = (res.headers.get('set-cookie') ?? '').split(';')[0] ?? ''
})

afterAll(async () => {
  await pool?.end()
  await adminQuery(`drop schema if exists ${schema} cascade`)
})

type Reason = { criterion: string; score: number; weight: number; detail: string; detail_zh: string }
type Match = { parcel_id: number; code: string; score: number; eligible: boolean; reasons: Reason[] }

async function get(path: string) {
  const res = await app.request(path, { headers: { cookie } })
  expect(res.status).toBe(200)
  return res.json()
}

/** The distance on the spheroid from FA's land to a parcel, as PostGIS measures it, in metres. */
async function fromFa(code: string): Promise<number> {
  const { rows } = await pool.query<{ d: number }>(
    `select ST_Distance(a.geom::geography, b.geom::geography) as d
     from parcels a, parcels b where a.code = 'L-FA' and b.code = $1`,
    [code],
  )
  return rows[0]?.d ?? Number.NaN
}

const nearFirm = (m: Match | undefined) => m?.reasons.find((r) => r.criterion === 'near_firm')

describe('matching an expansion (增资扩产) to land next to its firm', () => {
  it('grades the fixture firms FA A and FC C in 2025', async () => {
    const body = await get('/api/evaluation?year=2025')
    const grade = Object.fromEntries(
      (body.firms as { name: string; grade: string }[]).map((f) => [f.name, f.grade]),
    )
    expect(grade).toEqual({ FA: 'A', FB: 'B', FC: 'C', FD: 'C' })
  })

  it('scores land next to an A firm 100 on near_firm with weight 20, fading to 0 at 1 km', async () => {
    const matches = (await get(`/api/projects/${ids['P-FA']}/matches?limit=10`)) as Match[]
    expect(matches.map((m) => m.code)).toEqual(['N', 'X', 'Z'])
    const [n, x, z] = matches
    expect(await fromFa('N')).toBeLessThan(100)
    expect(nearFirm(n)).toMatchObject({ score: 100, weight: 20 })
    // 550 m away (as measured): 100 × (1 − (d − 100) / 900)
    const d = await fromFa('X')
    expect(d).toBeGreaterThan(540)
    expect(d).toBeLessThan(560)
    expect(nearFirm(x)?.score).toBeCloseTo(Math.round(1000 * (1 - (d - 100) / 900)) / 10, 5)
    expect(nearFirm(z)).toMatchObject({ score: 0, weight: 20 })
    expect(nearFirm(n)?.detail_zh).toContain('A类')
    // the other five criteria score N and Z alike: the 20 points of 120 make the whole difference (±0.1 rounding)
    expect(Math.abs((n?.score ?? 0) - (z?.score ?? 0) - (20 * 100) / 120)).toBeLessThanOrEqual(0.1)
  })

  it('answers for limit 1 the head of what a larger limit answers (the SQL bound still bounds the score)', async () => {
    const one = (await get(`/api/projects/${ids['P-FA']}/matches?limit=1`)) as Match[]
    const ten = (await get(`/api/projects/${ids['P-FA']}/matches?limit=10`)) as Match[]
    expect(one.map((m) => [m.code, m.score])).toEqual([[ten[0]?.code, ten[0]?.score]])
  })

  it('ranks each candidate in SQL by a bound at or above its score, near_firm included', async () => {
    const matches = (await get(`/api/projects/${ids['P-FA']}/matches?limit=10`)) as Match[]
    const ranked = await rankMatchCandidates(pool, {
      filter: {
        landUses: ['M1'],
        minAreaM2: muToM2(25 * 0.9),
        maxAreaM2: muToM2(35 * 1.1),
        projectId: ids['P-FA'],
        neededBy: null,
        today: TODAY,
        chainRadiusM: MATCH_RULES.chainRadiusM,
        substationRadiusM: MATCH_RULES.substationRadiusM,
      },
      sector: 'services',
      powerKva: null,
      areaMuMin: 25,
      areaMuMax: 35,
      weights: DEFAULT_MATCH_WEIGHTS,
      rules: { ...MATCH_RULES, m2PerMu: M2_PER_MU },
      take: 10,
      nearFirm: {
        firmId: ids.FA as number,
        weight: 20,
        adjacentM: MATCH_RULES.nearFirmAdjacentM,
        fadeM: MATCH_RULES.nearFirmFadeM,
      },
    })
    const bound = new Map(ranked.candidates.map((c) => [c.id, c.eligible]))
    for (const m of matches) {
      const b = bound.get(m.parcel_id) ?? Number.NaN
      expect(b).toBeGreaterThanOrEqual(m.score)
      // and a useful bound: shape starts at 100 and the planar distance is 3 % short, nothing more
      expect(b - m.score).toBeLessThan(3)
    }
    expect(ranked.candidates.map((c) => c.id)).toEqual([ids.N, ids.X, ids.Z])
  })

  it('gives the same score from the parcel’s side', async () => {
    const fromProject = (await get(`/api/projects/${ids['P-FA']}/matches?limit=10`)) as Match[]
    const fromParcel = (await get(`/api/parcels/${ids.N}/matches?limit=10`)) as (Match & {
      project_id: number
    })[]
    const mine = fromParcel.find((m) => m.project_id === ids['P-FA'])
    expect(mine?.score).toBe(fromProject.find((m) => m.code === 'N')?.score)
    expect(nearFirm(mine)).toMatchObject({ score: 100, weight: 20 })
  })

  it('gives a C firm’s expansion no preference, and says why', async () => {
    const matches = (await get(`/api/projects/${ids['P-FC']}/matches?limit=10`)) as Match[]
    expect(matches).toHaveLength(3)
    for (const m of matches) {
      expect(nearFirm(m)).toMatchObject({ score: 0, weight: 0 })
      expect(nearFirm(m)?.detail).toContain('only A/B firms')
    }
    // FC's land is 10 km away: the three parcels score alike
    expect(new Set(matches.map((m) => m.score)).size).toBe(1)
  })
})

describe('an expansion created on its firm’s existing site', () => {
  it('belongs to the firm using that site, so matching steers it next to the firm’s land', async () => {
    const res = await app.request('/api/projects', {
      method: 'POST',
      headers: { cookie, 'content-type': 'application/json' },
      body: JSON.stringify({
        name: 'FA 二期',
        company: 'FA',
        sector: 'services',
        kind: 'expansion',
        existing_parcel_id: ids['L-FA'],
        needs: { area_mu_min: 25, area_mu_max: 35, land_use: ['M1'] },
      }),
    })
    expect(res.status).toBe(201)
    const id = (await res.json()).id as number
    try {
      const { rows } = await pool.query<{ firm_id: number | null }>(
        'select firm_id::int from projects where id = $1',
        [id],
      )
      expect(rows).toEqual([{ firm_id: ids.FA }])
      const matches = (await get(`/api/projects/${id}/matches?limit=10`)) as Match[]
      expect(matches.map((m) => m.code)).toEqual(['N', 'X', 'Z'])
      expect(nearFirm(matches[0])).toMatchObject({ score: 100, weight: 20 })
    } finally {
      await pool.query(`delete from history where entity_type = 'project' and entity_id = $1`, [id])
      await pool.query('delete from projects where id = $1', [id])
    }
  })
})
