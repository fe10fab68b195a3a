import { findMatchCandidates, rankMatchCandidates } from '../../db/matching'
import type { Queryable } from '../../db/pool'
import { findProject, type ProjectRow } from '../../db/projects'
import {
  areaGate,
  compareMatches,
  evaluateMatch,
  MATCH_RULES,
  type MatchReason,
  nearFirmScore,
  type ParcelFacts,
  type ProjectWants,
  topSettled,
} from '../../domain/matching'
import { M2_PER_MU, m2ToMu, muToM2, round } from '../../domain/units'
import type { LandUse, ParcelStatus, Sector } from '../../domain/vocabulary'
import { fail } from '../../errors'
import type { ServiceDeps } from '../write'
import { expansionFirms } from './expansion-firms'
import { matchWeights, parcelFacts } from './parcel-facts'

export interface ParcelMatch {
  parcel_id: number
  code: string
  score: number
  eligible: boolean
  eligible_once?: string
  eligible_once_zh?: string
  area_mu: number
  land_use: LandUse
  status: ParcelStatus
  /** 交地日期 forecast: what the timing is scored on */
  handover_on: string | null
  /** 可供日期 while not handed over */
  available_on: string | null
  geometry: GeoJSON.MultiPolygon
  reasons: MatchReason[]
}

/** What a project asks of a site, as scoring takes it. */
export function projectWants(project: ProjectRow): ProjectWants {
  return {
    project_id: project.id,
    sector: project.sector as Sector,
    area_mu_min: project.needs.area_mu_min,
    area_mu_max: project.needs.area_mu_max,
    land_use: (project.needs.land_use as LandUse[] | null) ?? null,
    needed_by: project.needs.needed_by,
    power_kva: project.needs.power_kva,
  }
}

/** GET /api/projects/:id/matches: the parcels that fit the project, best first; 404 for no such project. */
export async function parcelsForProject(
  deps: Pick<ServiceDeps, 'pool' | 'today'>,
  id: number,
  limit: number,
) {
  const today = deps.today()
  const project = await findProject(deps.pool, id, today)
  if (!project) throw fail(404, 'not_found', 'project.not_found', { id })
  return matchesForProject(deps.pool, project, today, limit)
}

/**
 * The parcels that fit a project, best first: `limit` eligible ones, then up to `limit` that are "eligible once"
 * something planned happens (eligible: false with the reason). The candidates (land use and area gated in SQL)
 * are ranked in SQL by the highest score each can reach; only the best are measured, forecast and scored, more
 * of them in rounds until no candidate left unscored can enter either list — the same lists as scoring them all,
 * without measuring the tens of thousands a city offers.
 */
export async function matchesForProject(
  db: Queryable,
  project: ProjectRow,
  today: string,
  limit: number,
): Promise<ParcelMatch[]> {
  const firm = (await expansionFirms(db, [project.id], today)).get(project.id) ?? null
  const wants: ProjectWants = { ...projectWants(project), expansion_of: firm }
  const gate = areaGate(wants)
  const weights = await matchWeights(db)
  // an expansion is measured to its firm's land; only an A/B firm's weighs in the score (and in its bound)
  const nearFirm = firm
    ? {
        firmId: firm.firm_id,
        weight: nearFirmScore(firm, null).weight,
        adjacentM: MATCH_RULES.nearFirmAdjacentM,
        fadeM: MATCH_RULES.nearFirmFadeM,
      }
    : null
  const filter = {
    landUses: wants.land_use?.length ? wants.land_use : MATCH_RULES.defaultLandUses,
    minAreaM2: gate.min === null ? null : muToM2(gate.min),
    maxAreaM2: gate.max === null ? null : muToM2(gate.max),
    projectId: project.id,
    neededBy: wants.needed_by,
    today,
    chainRadiusM: MATCH_RULES.chainRadiusM,
    substationRadiusM: MATCH_RULES.substationRadiusM,
    firmId: firm?.firm_id ?? null,
    firmReachM: MATCH_RULES.nearFirmFadeM,
  }
  const eligible: ParcelMatch[] = []
  const once: ParcelMatch[] = []
  const scored = new Set<number>()
  const byScore = (a: ParcelMatch, b: ParcelMatch) =>
    compareMatches({ score: a.score, id: a.parcel_id }, { score: b.score, id: b.parcel_id })
  const rank = (take: number) =>
    rankMatchCandidates(db, {
      filter,
      sector: wants.sector,
      powerKva: wants.power_kva,
      areaMuMin: wants.area_mu_min,
      areaMuMax: wants.area_mu_max,
      weights,
      rules: { ...MATCH_RULES, m2PerMu: M2_PER_MU },
      take,
      nearFirm,
    })
  // rank many, score the best few; score more (twice as many each time) while the lists can still change
  let take = Math.max(20 * limit, 40)
  let ranked = await rank(take)
  let next = 0
  let chunk = Math.max(3 * limit, 8)
  for (;;) {
    if (next >= ranked.candidates.length) {
      if (ranked.candidates.length < take) break
      take *= 8
      ranked = await rank(take)
      next = 0
    }
    const batch = ranked.candidates.slice(next, next + chunk).filter((c) => !scored.has(c.id))
    next += chunk
    chunk *= 2
    for (const c of batch) scored.add(c.id)
    const rows =
      batch.length > 0
        ? await findMatchCandidates(db, {
            ...filter,
            parcelIds: batch.map((c) => c.id),
            measure: batch.filter((c) => c.near).map((c) => c.id),
          })
        : []
    const facts = parcelFacts(rows)
    for (const row of rows) {
      const fact = facts.get(row.parcel_id) as ParcelFacts
      // the project's own reservation does not hold the parcel against it
      if (fact.held_by?.project_id === project.id) fact.held_by = null
      const outcome = evaluateMatch(wants, fact, weights, today)
      if (outcome.kind === 'excluded') continue
      const match: ParcelMatch = {
        parcel_id: row.parcel_id,
        code: row.code,
        score: outcome.score,
        eligible: outcome.kind === 'eligible',
        ...(outcome.kind === 'eligible_once'
          ? { eligible_once: outcome.eligible_once, eligible_once_zh: outcome.eligible_once_zh }
          : {}),
        area_mu: round(m2ToMu(row.area_m2), 2),
        land_use: row.land_use,
        status: row.status,
        handover_on: fact.handover_on,
        available_on: row.available_on,
        geometry: row.geometry,
        reasons: outcome.reasons,
      }
      ;(match.eligible ? eligible : once).push(match)
    }
    eligible.sort(byScore)
    once.sort(byScore)
    const rest = ranked.candidates.slice(next)
    const best = (bounds: (number | null)[]) =>
      bounds.reduce<number | null>((m, b) => (b !== null && (m === null || b > m) ? b : m), null)
    const settled =
      topSettled(eligible, limit, best([ranked.restEligible, ...rest.map((c) => c.eligible)])) &&
      topSettled(once, limit, best([ranked.restOnce, ...rest.map((c) => c.once)]))
    if (settled) break
  }
  return [...eligible.slice(0, limit), ...once.slice(0, limit)]
}
