import { findFirmDistances } from '../../db/firms'
import { findMatchCandidates, findProjectsForParcel } from '../../db/matching'
import { parcelExists } from '../../db/projects'
import {
  compareMatches,
  evaluateMatch,
  MATCH_RULES,
  type MatchReason,
  type ParcelFacts,
  type ProjectWants,
} from '../../domain/matching'
import { m2ToMu } from '../../domain/units'
import type { LandUse, ProjectStage, Sector } from '../../domain/vocabulary'
import { fail } from '../../errors'
import { isRevitalizeParcel } from '../firms/queries'
import type { ServiceDeps } from '../write'
import { expansionFirms } from './expansion-firms'
import { matchWeights, parcelFacts } from './parcel-facts'

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

/**
 * GET /api/parcels/:id/matches: the projects a parcel fits, best first, the same way round as a project's
 * matches: `limit` eligible ones, then up to `limit` "eligible once". A transferred or built-on parcel fits no
 * project (an empty list) unless it is land to put back to use (盘活); 404 for no such parcel.
 */
export async function projectsForParcel(
  deps: Pick<ServiceDeps, 'pool' | 'today'>,
  parcelId: number,
  limit: number,
): Promise<ProjectMatch[]> {
  const db = deps.pool
  const today = deps.today()
  const candidate = (includeBuilt: boolean) =>
    findMatchCandidates(db, {
      parcelIds: [parcelId],
      today,
      chainRadiusM: MATCH_RULES.chainRadiusM,
      substationRadiusM: MATCH_RULES.substationRadiusM,
      includeBuilt,
    })
  let [row] = await candidate(false)
  // land to put back to use (盘活: a D-grade firm's, or a breached commitment's) is offered as supply though built
  // on; its land is there already (handed over long ago), so without a stored date it counts as ready today
  let revitalize = false
  if (!row && (await isRevitalizeParcel(deps, parcelId))) {
    ;[row] = await candidate(true)
    revitalize = true
  }
  if (!row) {
    if (!(await parcelExists(db, parcelId)))
      throw fail(404, 'not_found', 'parcel.not_found', { id: parcelId })
    return []
  }
  const [weights, facts, projects] = await Promise.all([
    matchWeights(db),
    parcelFacts([row]),
    findProjectsForParcel(
      db,
      { landUse: row.land_use, areaMu: m2ToMu(row.area_m2) },
      MATCH_RULES.areaTolerance,
      MATCH_RULES.defaultLandUses,
    ),
  ])
  const base = facts.get(row.parcel_id) as ParcelFacts
  if (revitalize) base.handover_on ??= today
  // expansions (增资扩产) are measured to their firm's land: the firm's grade decides whether it weighs
  const firms = await expansionFirms(
    db,
    projects.map((p) => p.id),
    today,
  )
  const distances =
    firms.size > 0
      ? await findFirmDistances(
          db,
          parcelId,
          [...new Set([...firms.values()].map((f) => f.firm_id))],
          MATCH_RULES.nearFirmFadeM,
        )
      : new Map<number, number>()
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
      expansion_of: firms.get(project.id) ?? null,
    }
    const firmId = wants.expansion_of?.firm_id
    // a project's own reservation does not hold the parcel against it
    const fact: ParcelFacts = {
      ...base,
      held_by: base.held_by?.project_id === project.id ? null : base.held_by,
      firm_distance_m: firmId !== undefined ? (distances.get(firmId) ?? null) : null,
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
