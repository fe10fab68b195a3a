import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type CandidateRow, findMatchCandidates } from '../../../../server/db/matching'
import { findProject, type ProjectRow } from '../../../../server/db/projects'
import { findSetting } from '../../../../server/db/zone'
import {
  type ExpansionFirm,
  evaluateMatch,
  type LineKind,
  MATCH_WEIGHTS_SETTING,
  type MatchWeights,
  mergeMatchWeights,
  type ParcelFacts,
  type ProjectWants,
  type Substation,
} from '../../../../server/domain/matching'
import type { LandUse, Sector } from '../../../../server/domain/vocabulary'
import { expansionFirms } from '../../../../server/services/matching/expansion-firms'
import { parcelFacts } from '../../../../server/services/matching/parcel-facts'
import { matchesForProject } from '../../../../server/services/matching/parcels-for-project'
import { closeTestPool, DEMO_TODAY, testPool } from '../../../support/app'

// Matching ranks the candidates in SQL by the best score each can reach and measures and scores only the best,
// in rounds (server/services/matching/parcels-for-project.ts). Here every candidate parcel is measured by plain
// queries on the spheroid and scored with the pure scoring instead: for every demo project and every limit, both
// must give the same lists.

const LIMITS = [1, 3, 10]
const CHAIN_RADIUS_M = 2000
const SUBSTATION_RADIUS_M = 3000

type Listed = [parcelId: number, score: number, eligible: boolean]

const projects: ProjectRow[] = []
let candidates: CandidateRow[] = []
let facts: Map<number, ParcelFacts>
let weights: MatchWeights
/** per parcel, the non-dropped projects with a location within the chain radius: [project, sector, metres] */
const neighbours = new Map<number, [number, Sector, number][]>()

/** Nearest finished and unfinished road, water main and power line, and the substations in reach, per parcel. */
async function measureInfrastructure(pool: ReturnType<typeof testPool>, ids: number[]) {
  const lines = await pool.query<{
    parcel: number
    kind: LineKind
    done: boolean
    name: string
    distance_m: number
    finish_on: string | null
  }>(
    `select distinct on (p.id, i.kind, i.status = 'done') p.id as parcel, i.kind, i.status = 'done' as done,
       i.name, round(ST_Distance(i.geom::geography, p.geom::geography)::numeric, 1)::float8 as distance_m,
       coalesce(i.actual_finish, i.planned_finish) as finish_on
     from parcels p cross join infrastructure i
     where p.id = any($1::bigint[]) and i.kind in ('road', 'water', 'power')
     order by p.id, i.kind, i.status = 'done', ST_Distance(i.geom::geography, p.geom::geography), i.id`,
    [ids],
  )
  const substations = await pool.query<Substation & { parcel: number }>(
    `select p.id as parcel, i.name, round(ST_Distance(i.geom::geography, p.geom::geography)::numeric, 1)::float8
         as distance_m, coalesce(i.actual_finish, i.planned_finish) as finish_on, i.capacity_kva,
       i.status = 'done' as done
     from parcels p join infrastructure i
       on i.kind = 'substation' and ST_DWithin(i.geom::geography, p.geom::geography, $2)
     where p.id = any($1::bigint[])
     order by p.id, ST_Distance(i.geom::geography, p.geom::geography), i.id`,
    [ids, SUBSTATION_RADIUS_M],
  )
  const none = () => ({ done: null, planned: null })
  const measured = new Map<number, Pick<ParcelFacts, 'lines' | 'substations'>>(
    ids.map((id) => [id, { lines: { road: none(), water: none(), power: none() }, substations: [] }]),
  )
  for (const { parcel, kind, done, ...item } of lines.rows) {
    const line = (measured.get(parcel) as ParcelFacts).lines[kind]
    if (done) line.done = item
    else line.planned = item
  }
  for (const { parcel, ...substation } of substations.rows) {
    const list = (measured.get(parcel) as ParcelFacts).substations
    // the five nearest, as the scoring is given them
    if (list.length < 5) list.push(substation)
  }
  return measured
}

beforeAll(async () => {
  const pool = testPool()
  const ids = await pool.query<{ id: number }>(
    `select id from projects where name not like 'TEST-%' order by id`,
  )
  for (const { id } of ids.rows) projects.push((await findProject(pool, id, DEMO_TODAY)) as ProjectRow)
  // every parcel that is not transferred or built on (no other gate, no ranking), its forecast made as matching
  // makes it; measured below
  candidates = await findMatchCandidates(pool, {
    today: DEMO_TODAY,
    chainRadiusM: CHAIN_RADIUS_M,
    substationRadiusM: SUBSTATION_RADIUS_M,
    measure: [],
  })
  facts = parcelFacts(candidates)
  const measured = await measureInfrastructure(
    pool,
    candidates.map((c) => c.parcel_id),
  )
  for (const [id, m] of measured) Object.assign(facts.get(id) as ParcelFacts, m)
  weights = mergeMatchWeights(await findSetting(pool, MATCH_WEIGHTS_SETTING))
  // expansions (增资扩产) of graded firms: the firm, its grade, and every parcel's distance to its land (PostGIS)
  expansion = await expansionFirms(
    pool,
    projects.map((p) => p.id),
    DEMO_TODAY,
  )
  const firmLand = await pool.query<{ parcel: number; firm: number; d: number }>(
    `select c.id::int as parcel, fp.firm_id::int as firm,
       round(min(ST_Distance(q.geom::geography, c.geom::geography))::numeric, 1)::float8 as d
     from parcels c join firm_parcels fp on true join parcels q on q.id = fp.parcel_id and q.id <> c.id
     where ST_DWithin(q.geom::geography, c.geom::geography, 1000)
     group by c.id, fp.firm_id`,
  )
  for (const r of firmLand.rows) firmDistance.set(`${r.parcel}:${r.firm}`, r.d)
  const pairs = await pool.query<{ parcel: number; project: number; sector: Sector; d: number }>(
    `select p.id as parcel, x.id as project, x.sector,
       round(ST_Distance(x.location::geography, p.geom::geography)::numeric, 1)::float8 as d
     from parcels p join projects x on ST_DWithin(x.location::geography, p.geom::geography, $1)
     where x.stage <> 'dropped'`,
    [CHAIN_RADIUS_M],
  )
  for (const r of pairs.rows) {
    const list = neighbours.get(r.parcel) ?? []
    list.push([r.project, r.sector, r.d])
    neighbours.set(r.parcel, list)
  }
})

afterAll(closeTestPool)

let expansion = new Map<number, ExpansionFirm>()
const firmDistance = new Map<string, number>()

/** The same-sector chain around a parcel as `project` sees it: every neighbour but itself, per sector. */
function chainFor(parcelId: number, projectId: number): ParcelFacts['chain'] {
  const chain: ParcelFacts['chain'] = {}
  for (const [id, sector, d] of neighbours.get(parcelId) ?? []) {
    if (id === projectId) continue
    const seen = chain[sector]
    chain[sector] = seen
      ? { count: seen.count + 1, nearest_m: Math.min(seen.nearest_m, d) }
      : { count: 1, nearest_m: d }
  }
  return chain
}

/** Every candidate scored for the project, best first (higher score, then lower parcel id), `limit` per list. */
function bruteForce(project: ProjectRow, limit: number): Listed[] {
  const wants: ProjectWants = {
    project_id: project.id,
    sector: project.sector,
    area_mu_min: project.needs.area_mu_min,
    area_mu_max: project.needs.area_mu_max,
    land_use: (project.needs.land_use as LandUse[] | null) ?? null,
    needed_by: project.needs.needed_by,
    power_kva: project.needs.power_kva,
    expansion_of: expansion.get(project.id) ?? null,
  }
  const firm = wants.expansion_of?.firm_id
  const eligible: Listed[] = []
  const once: Listed[] = []
  for (const row of candidates) {
    const base = facts.get(row.parcel_id) as ParcelFacts
    const fact: ParcelFacts = {
      ...base,
      chain: chainFor(row.parcel_id, project.id),
      // a project's own reservation does not hold the parcel against it
      held_by: base.held_by?.project_id === project.id ? null : base.held_by,
      firm_distance_m: firm === undefined ? null : (firmDistance.get(`${row.parcel_id}:${firm}`) ?? null),
    }
    const outcome = evaluateMatch(wants, fact, weights, DEMO_TODAY)
    if (outcome.kind === 'eligible') eligible.push([row.parcel_id, outcome.score, true])
    if (outcome.kind === 'eligible_once') once.push([row.parcel_id, outcome.score, false])
  }
  const best = (a: Listed, b: Listed) => b[1] - a[1] || a[0] - b[0]
  return [...eligible.sort(best).slice(0, limit), ...once.sort(best).slice(0, limit)]
}

describe('matchesForProject', () => {
  it('has the demo district to work on', () => {
    expect(projects.length).toBeGreaterThan(100)
    expect(candidates.length).toBeGreaterThan(300)
  })

  it.each(LIMITS)(
    'answers at limit %i what scoring every candidate answers, for every demo project',
    async (limit) => {
      let listed = 0
      for (const project of projects) {
        const pruned = await matchesForProject(testPool(), project, DEMO_TODAY, limit)
        const got: Listed[] = pruned.map((m) => [m.parcel_id, m.score, m.eligible])
        expect({ project: project.id, list: got }).toEqual({
          project: project.id,
          list: bruteForce(project, limit),
        })
        listed += got.length
      }
      // most projects find some land: the comparison is not of empty lists
      expect(listed).toBeGreaterThan(projects.length * Math.min(limit, 2))
    },
    600_000,
  )
})
