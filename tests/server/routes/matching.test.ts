import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { MATCH_CRITERIA } from '../../../server/domain/matching'
import { closeTestPool, loginCookie, testApp, testPool } from '../../support/app'
import { FIXTURE_PREFIX, type Fixture, loadFixture, removeFixture } from './match-fixture'

const app = testApp()
let cookie = ''
let fixture: Fixture
let projectId = 0

interface Match {
  parcel_id: number
  code: string
  score: number
  eligible: boolean
  eligible_once?: string
  reasons: { criterion: string; score: number; weight: number; detail: string }[]
}

beforeAll(async () => {
  cookie = await loginCookie(app, 'investor')
  fixture = await loadFixture(testPool())
  const res = await app.request('/api/projects', {
    method: 'POST',
    headers: { cookie, 'content-type': 'application/json' },
    body: JSON.stringify({
      name: `${FIXTURE_PREFIX}P 光电显示模组项目`,
      company: `${FIXTURE_PREFIX}P 光电公司`,
      sector: 'optoelectronics',
      investment_wan: 120000,
      needs: { area_mu_min: 30, area_mu_max: 40, land_use: ['M1'], needed_by: '2027-06-30', power_kva: 5000 },
    }),
  })
  expect(res.status).toBe(201)
  projectId = (await res.json()).id
})

afterAll(async () => {
  await removeFixture(testPool())
  await closeTestPool()
})

async function get(path: string) {
  const res = await app.request(path, { headers: { cookie } })
  return { status: res.status, body: await res.json() }
}

/** The project's matches among the fixture parcels only: the demo district's parcels fit it too. */
async function fixtureMatches(): Promise<Match[]> {
  const { status, body } = await get(`/api/projects/${projectId}/matches?limit=100`)
  expect(status).toBe(200)
  return (body as Match[]).filter((m) => m.code.startsWith(FIXTURE_PREFIX))
}

const code = (key: string) => `${FIXTURE_PREFIX}${key}`

describe('GET /api/projects/:id/matches', () => {
  it('ranks the eligible fixture parcels A, C, B and leaves out those failing a gate', async () => {
    const body = await fixtureMatches()
    const eligible = (body as Match[]).filter((m) => m.eligible).map((m) => m.code)
    expect(eligible).toEqual([code('A'), code('C'), code('B')])
    const all = (body as Match[]).map((m) => m.code)
    // D wrong land use, E too big, H transferred, I held past the needed-by date
    for (const key of ['D', 'E', 'H', 'I']) expect(all).not.toContain(code(key))
  })

  it('gives A the full score and C a lower area score with the shortfall in mu', async () => {
    const body = await fixtureMatches()
    const a = (body as Match[]).find((m) => m.code === code('A')) as Match
    const c = (body as Match[]).find((m) => m.code === code('C')) as Match
    expect(a.score).toBeGreaterThan(95)
    expect(c.score).toBeLessThan(a.score)
    const area = c.reasons.find((r) => r.criterion === 'area')
    expect(area?.detail).toMatch(/2\.0 mu short of the minimum 30\.0 mu/)
    const infra = a.reasons.find((r) => r.criterion === 'infrastructure')
    expect(infra?.detail).toMatch(/water main finished \d+ m away/)
    expect(infra?.detail).toMatch(/substation TEST-M-substation \(100000 kVA\) finished/)
  })

  it('explains every criterion of every result with a score, a weight and numbers', async () => {
    const { body } = await get(`/api/projects/${projectId}/matches`)
    expect(body.length).toBeGreaterThan(0)
    for (const match of body as Match[]) {
      expect(match.reasons.map((r) => r.criterion)).toEqual([...MATCH_CRITERIA])
      for (const reason of match.reasons) {
        expect(reason.score).toBeGreaterThanOrEqual(0)
        expect(reason.score).toBeLessThanOrEqual(100)
        expect(reason.weight).toBeGreaterThan(0)
        expect(reason.detail).toMatch(/\d/)
      }
      expect(match.score).toBeGreaterThanOrEqual(0)
      expect(match.score).toBeLessThanOrEqual(100)
    }
  })

  it('lists F and G separately as eligible once the hand-over happens or the reservation lapses', async () => {
    const body = await fixtureMatches()
    const once = (body as Match[]).filter((m) => !m.eligible)
    expect(once.map((m) => m.code).sort()).toEqual([code('F'), code('G')])
    const f = once.find((m) => m.code === code('F'))
    expect(f?.eligible_once).toMatch(/eligible once hand-over happens on 2027-09-30 .*92 days after/)
    const g = once.find((m) => m.code === code('G'))
    expect(g?.eligible_once).toMatch(/reservation .* lapses on 2027-01-31/)
  })

  it('answers at most `limit` eligible parcels, best first, then the eligible-once ones', async () => {
    const { body } = await get(`/api/projects/${projectId}/matches?limit=3`)
    const eligible = (body as Match[]).filter((m) => m.eligible)
    expect(eligible).toHaveLength(3)
    expect(eligible.map((m) => m.score)).toEqual([...eligible.map((m) => m.score)].sort((a, b) => b - a))
    const firstOnce = (body as Match[]).findIndex((m) => !m.eligible)
    expect(firstOnce).toBe(3)
    expect((body as Match[]).slice(firstOnce).every((m) => !m.eligible)).toBe(true)
  })

  it('answers for a small limit the head of what a large one answers, for demo projects needing land', async () => {
    // a small limit scores only the candidates whose bound can still reach the lists, in rounds; limit=100 scores
    // (nearly) all of the demo district's: a bound below a true score would leave a parcel out of the head.
    // The projects with the most candidates (those without an area range: hundreds)
    const { rows } = await testPool().query<{ id: number }>(
      `select x.id from projects x
       where x.stage <> 'dropped'
       order by (select count(*) from parcels p
         where p.land_use = any(coalesce(x.need_land_use, '{M0,M1,M2}'))
           and p.area_m2 between coalesce(x.need_area_mu_min, 0) * 600 and coalesce(x.need_area_mu_max, 1e6) * 733.4
           and p.status not in ('transferred', 'under_construction', 'in_production')) desc, x.id
       limit 3`,
    )
    expect(rows).toHaveLength(3)
    let compared = 0
    for (const { id } of rows) {
      const all = (await get(`/api/projects/${id}/matches?limit=100`)).body as Match[]
      for (const limit of [1, 4]) {
        const head = (await get(`/api/projects/${id}/matches?limit=${limit}`)).body as Match[]
        const part = (eligible: boolean, list: Match[]) =>
          list.filter((m) => m.eligible === eligible).map((m) => [m.parcel_id, m.score])
        expect(part(true, head)).toEqual(part(true, all).slice(0, limit))
        expect(part(false, head)).toEqual(part(false, all).slice(0, limit))
        compared += head.length
      }
    }
    expect(compared).toBeGreaterThan(10)
  })

  it('follows the weights in the zone settings', async () => {
    const pool = testPool()
    await pool.query(`insert into zone_settings (key, value) values ('matching_weights', $1::jsonb)`, [
      JSON.stringify({ area: 100, timing: 0, infrastructure: 0, chain: 0, shape: 0 }),
    ])
    try {
      const body = await fixtureMatches()
      const eligible = (body as Match[]).filter((m) => m.eligible)
      // on area alone B (35 mu, mid-range) equals A, and C (short) comes last
      expect(eligible.at(-1)?.code).toBe(code('C'))
      expect(eligible[0]?.reasons.find((r) => r.criterion === 'area')?.weight).toBe(100)
    } finally {
      await pool.query(`delete from zone_settings where key = 'matching_weights'`)
    }
  })

  it('answers 404 for an unknown project and 400 for a bad limit', async () => {
    expect((await get('/api/projects/99999999/matches')).status).toBe(404)
    const bad = await get(`/api/projects/${projectId}/matches?limit=0`)
    expect(bad.status).toBe(400)
    expect(bad.body.error.code).toBe('validation_failed')
  })
})

describe('GET /api/parcels/:id/matches', () => {
  it('ranks the fixture project for parcel A with its reasons', async () => {
    const { status, body } = await get(`/api/parcels/${fixture.parcels.A}/matches`)
    expect(status).toBe(200)
    const mine = body.find((m: { project_id: number }) => m.project_id === projectId)
    expect(mine).toBeDefined()
    expect(mine.eligible).toBe(true)
    expect(mine.reasons.map((r: { criterion: string }) => r.criterion)).toEqual([...MATCH_CRITERIA])
  })

  it('answers an empty list for a transferred parcel and 404 for an unknown one', async () => {
    expect((await get(`/api/parcels/${fixture.parcels.H}/matches`)).body).toEqual([])
    expect((await get('/api/parcels/99999999/matches')).status).toBe(404)
  })

  it('does not offer the fixture project a parcel of the wrong land use', async () => {
    const { body } = await get(`/api/parcels/${fixture.parcels.D}/matches`)
    expect(body.some((m: { project_id: number }) => m.project_id === projectId)).toBe(false)
  })
})
