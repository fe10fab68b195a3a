import { Hono } from 'hono'
import {
  type CandidateRow,
  findMatchCandidates,
  findProjectsForParcel,
  rankMatchCandidates,
} from '../../db/matching'
import { findServicingFloors } from '../../db/parcels'
import type { Queryable } from '../../db/pool'
import { type ProjectRow, parcelExists } from '../../db/projects'
import { findSetting, findSettings } from '../../db/zone'
import type { AppDeps } from '../../deps'
import {
  areaGate,
  compareMatches,
  evaluateMatch,
  MATCH_RULES,
  MATCH_WEIGHTS_SETTING,
  type MatchReason,
  type MatchWeights,
  mergeMatchWeights,
  type ParcelFacts,
  type ProjectWants,
  topSettled,
} from '../../domain/matching'
import { MatchQuery } from '../../domain/project'
import { IdParam } from '../../domain/query'
import { forecastParcel } from '../../domain/schedule'
import { mergeLandSettings } from '../../domain/settings'
import { M2_PER_MU, m2ToMu, muToM2, round } from '../../domain/units'
import type { LandUse, ParcelStatus, ProjectStage, Sector } from '../../domain/vocabulary'
import { ApiError } from '../../errors'
import type { AuthEnv } from '../middleware/authenticate'
import { validate } from '../validation'

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
  available_on: string | null
  geometry: GeoJSON.MultiPolygon
  reasons: MatchReason[]
}

export interface ProjectMatch {
  project_id: number
  name: string
  company: string
  sector: Sector
  stage: ProjectStage
  score: number
  eligible: boolean
  eligible_once?: string
  eligible_once_zh?: string
  reasons: MatchReason[]
}

export async function matchWeights(db: Queryable): Promise<MatchWeights> {
  return mergeMatchWeights(await findSetting(db, MATCH_WEIGHTS_SETTING))
}

const NONE_NEAR = { done: null, planned: null }

/** Candidate rows as the facts scoring needs, with the forecast hand-over date computed for each one. */
async function toFacts(
  db: Queryable,
  rows: CandidateRow[],
  today: string,
): Promise<Map<number, ParcelFacts>> {
  const settings = mergeLandSettings(
    await findSettings(db, ['milestone_durations', 'at_risk_margin_days', 'serving_distance_m']),
  )
  const floors = await findServicingFloors(
    db,
    rows.map((r) => r.parcel_id),
    settings.serving_distance_m,
  )
  const facts = new Map<number, ParcelFacts>()
  for (const row of rows) {
    const floor = floors.get(row.parcel_id)
    const forecast = forecastParcel(
      row.milestones,
      row.target_on,
      today,
      settings.at_risk_margin_days,
      floor ? { servicing: floor } : {},
    )
    const ready = row.status === 'available' || row.status === 'reserved'
    const availableOn = ready ? today : forecast.available_on
    const next = forecast.milestones.find((m) => m.status !== 'done' && m.forecast_on)
    facts.set(row.parcel_id, {
      parcel_id: row.parcel_id,
      code: row.code,
      land_use: row.land_use as LandUse,
      area_m2: row.area_m2,
      compactness: row.compactness ?? 0,
      available_on: availableOn,
      next_milestone: next?.forecast_on ? { kind: next.kind, forecast_on: next.forecast_on } : null,
      held_by: row.held_by,
      // not measured: nothing within reach
      lines: row.lines ?? { road: NONE_NEAR, water: NONE_NEAR, power: NONE_NEAR },
      substations: row.substations ?? [],
      chain: row.chain ?? {},
    })
  }
  return facts
}

function wantsOf(project: ProjectRow): ProjectWants {
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
  const wants = wantsOf(project)
  const gate = areaGate(wants)
  const weights = await matchWeights(db)
  const filter = {
    landUses: wants.land_use?.length ? wants.land_use : MATCH_RULES.defaultLandUses,
    minAreaM2: gate.min === null ? null : muToM2(gate.min),
    maxAreaM2: gate.max === null ? null : muToM2(gate.max),
    projectId: project.id,
    neededBy: wants.needed_by,
    today,
    chainRadiusM: MATCH_RULES.chainRadiusM,
    substationRadiusM: MATCH_RULES.substationRadiusM,
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
    const facts = await toFacts(db, rows, today)
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
        available_on: fact.available_on,
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

/** The projects a parcel fits, best first, the same way round: eligible ones, then "eligible once". */
export async function matchesForParcel(
  db: Queryable,
  parcelId: number,
  today: string,
  limit: number,
): Promise<ProjectMatch[] | null> {
  const [row] = await findMatchCandidates(db, {
    parcelIds: [parcelId],
    today,
    chainRadiusM: MATCH_RULES.chainRadiusM,
    substationRadiusM: MATCH_RULES.substationRadiusM,
  })
  if (!row) return null
  const [weights, facts, projects] = await Promise.all([
    matchWeights(db),
    toFacts(db, [row], today),
    findProjectsForParcel(
      db,
      { landUse: row.land_use, areaMu: m2ToMu(row.area_m2) },
      MATCH_RULES.areaTolerance,
      MATCH_RULES.defaultLandUses,
    ),
  ])
  const base = facts.get(row.parcel_id) as ParcelFacts
  const eligible: ProjectMatch[] = []
  const once: ProjectMatch[] = []
  for (const project of projects) {
    const wants: ProjectWants = {
      project_id: project.id,
      sector: project.sector,
      area_mu_min: project.area_mu_min,
      area_mu_max: project.area_mu_max,
      land_use: (project.land_use as LandUse[] | null) ?? null,
      needed_by: project.needed_by,
      power_kva: project.power_kva,
    }
    // a project's own reservation does not hold the parcel against it
    const fact: ParcelFacts = {
      ...base,
      held_by: base.held_by?.project_id === project.id ? null : base.held_by,
    }
    const outcome = evaluateMatch(wants, fact, weights, today)
    if (outcome.kind === 'excluded') continue
    const match: ProjectMatch = {
      project_id: project.id,
      name: project.name,
      company: project.company,
      sector: project.sector,
      stage: project.stage,
      score: outcome.score,
      eligible: outcome.kind === 'eligible',
      ...(outcome.kind === 'eligible_once'
        ? { eligible_once: outcome.eligible_once, eligible_once_zh: outcome.eligible_once_zh }
        : {}),
      reasons: outcome.reasons,
    }
    ;(match.eligible ? eligible : once).push(match)
  }
  const byScore = (a: ProjectMatch, b: ProjectMatch) =>
    compareMatches({ score: a.score, id: a.project_id }, { score: b.score, id: b.project_id })
  return [...eligible.sort(byScore).slice(0, limit), ...once.sort(byScore).slice(0, limit)]
}

/** GET /api/parcels/:id/matches, mounted beside the parcel routes. */
export function parcelMatchRoutes(deps: AppDeps) {
  return new Hono<AuthEnv>().get(
    '/:id/matches',
    validate('param', IdParam),
    validate('query', MatchQuery),
    async (c) => {
      const { id } = c.req.valid('param')
      const matches = await matchesForParcel(deps.pool, id, deps.today(), c.req.valid('query').limit)
      if (matches === null) {
        if (!(await parcelExists(deps.pool, id))) throw new ApiError(404, 'not_found', `No parcel ${id}`)
        // transferred or built on: no project can have it
        return c.json([] as ProjectMatch[])
      }
      return c.json(matches)
    },
  )
}
