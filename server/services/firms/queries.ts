import { findZoneTaxPerMu, gradeFirms } from '../../db/evaluation'
import {
  type CommitmentRow,
  findCommitments,
  findFirm,
  findFirmIndicators,
  findFirms,
  findParcelBriefs,
} from '../../db/firms'
import type { Queryable } from '../../db/pool'
import { findLandSettings } from '../../db/zone'
import { type CommitmentStatus, NOT_GRADED_REASONS } from '../../domain/evaluation'
import { fail } from '../../errors'

interface ReadDeps {
  pool: Queryable
  today: () => string
}

/** The last finished year on the zone's today: the year graded by default (2025 on 2026-11-28). */
export function lastFinishedYear(today: string): number {
  return Number(today.slice(0, 4)) - 1
}

export async function listFirms(deps: ReadDeps) {
  const [firms, evaluation] = await Promise.all([
    findFirms(deps.pool),
    evaluate(deps, lastFinishedYear(deps.today())),
  ])
  const grades = new Map(evaluation.firms.map((f) => [f.firm_id, f]))
  return firms.map((f) => ({
    id: f.id,
    name: f.name,
    credit_code: f.creditCode,
    sector: f.sector,
    area_mu: f.areaMu,
    parcel_ids: f.parcelIds,
    project_ids: f.projectIds,
    latest_year: f.latestYear,
    grade: grades.get(f.id)?.grade ?? null,
    score: grades.get(f.id)?.score ?? null,
    version: f.version,
  }))
}

/** A firm with its land, its figures over the years and each year's grade, and its commitments. */
export async function firmDetail(deps: ReadDeps, id: number) {
  const firm = await findFirm(deps.pool, id)
  if (!firm) throw fail(404, 'not_found', 'firm.not_found', { id })
  const settings = (await findLandSettings(deps.pool)).evaluation
  const indicators = await findFirmIndicators(deps.pool, id)
  const years = await Promise.all(
    indicators.map(async (i) => {
      const row = (await gradeFirms(deps.pool, i.year, settings)).find((r) => r.firmId === id)
      return {
        year: i.year,
        tax_wan: i.taxWan,
        output_wan: i.outputWan,
        energy_tce: i.energyTce,
        employees: i.employees,
        rd_wan: i.rdWan,
        per_mu: row?.values ?? {},
        /** per indicator: value, min and max over the firms graded, the 20–100 score, weight and points */
        breakdown: row?.breakdown ?? [],
        rank: row?.rank ?? null,
        score: row?.score ?? null,
        grade: row?.grade ?? null,
        not_graded: row?.reason ? notGraded(row.reason, row.missing) : null,
        version: i.version,
      }
    }),
  )
  const [commitments, parcels] = await Promise.all([
    findCommitments(deps.pool, deps.today(), { firmId: id }),
    findParcelBriefs(deps.pool, firm.parcelIds),
  ])
  return {
    id: firm.id,
    name: firm.name,
    credit_code: firm.creditCode,
    sector: firm.sector,
    area_mu: firm.areaMu,
    parcel_ids: firm.parcelIds,
    /** the parcels the firm uses, with their codes and 亩 (what officers name them by) */
    parcels: parcels.map((p) => ({ id: p.id, code: p.code, area_mu: p.areaMu })),
    project_ids: firm.projectIds,
    years,
    commitments: commitments.map(commitmentAnswer),
    version: firm.version,
  }
}

function notGraded(reason: keyof typeof NOT_GRADED_REASONS, missing: string[]) {
  const text = NOT_GRADED_REASONS[reason]
  return { reason, missing, message: { 'zh-CN': text.zh, en: text.en } }
}

/** Every firm's grading for `year`: per-mu indicators, score and its breakdown, grade, or why not graded. */
export async function evaluate(deps: ReadDeps, year: number) {
  const settings = (await findLandSettings(deps.pool)).evaluation
  const rows = await gradeFirms(deps.pool, year, settings)
  const graded = rows.filter((r) => r.grade)
  const count = (g: string) => graded.filter((r) => r.grade === g).length
  return {
    year,
    settings,
    counts: {
      A: count('A'),
      B: count('B'),
      C: count('C'),
      D: count('D'),
      not_graded: rows.length - graded.length,
    },
    firms: rows.map((r) => ({
      firm_id: r.firmId,
      name: r.name,
      sector: r.sector,
      area_mu: r.areaMu,
      parcel_ids: r.parcelIds,
      indicators: r.values,
      score: r.score,
      rank: r.rank,
      grade: r.grade,
      breakdown: r.breakdown,
      not_graded: r.reason ? notGraded(r.reason, r.missing) : null,
    })),
  }
}

/** A commitment as the API answers it (GET /api/firms/:id, GET /api/commitments, the writes). */
export function commitmentAnswer(c: Awaited<ReturnType<typeof findCommitments>>[number]) {
  const breached = c.checks.filter((k) => k.status === 'breached')
  return {
    id: c.id,
    parcel_id: c.parcelId,
    parcel_code: c.parcelCode,
    area_mu: c.areaMu,
    firm_id: c.firmId,
    firm_name: c.firmName,
    project_id: c.projectId,
    sold_on: c.soldOn,
    committed: {
      investment_wan_per_mu: c.investmentWanPerMu,
      output_wan_per_mu: c.outputWanPerMu,
      tax_wan_per_mu: c.taxWanPerMu,
      far_min: c.farMin,
      start_by: c.startBy,
      complete_by: c.completeBy,
      output_from_year: c.outputFromYear,
    },
    actual: {
      started_on: c.startedOn,
      completed_on: c.completedOn,
      invested_wan: c.investedWan,
      built_far: c.builtFar,
    },
    status: c.status,
    checks: c.checks,
    /** the breached checks, each with its shortfall: what escalation lists as late */
    shortfall: breached.map((k) => ({
      check: k.check,
      year: k.year,
      due_on: k.due_on,
      shortfall: k.shortfall,
    })),
    version: c.version,
  }
}

export async function listCommitments(deps: ReadDeps, status?: CommitmentStatus) {
  const rows = await findCommitments(deps.pool, deps.today(), { status })
  return rows.map(commitmentAnswer)
}

/**
 * Per parcel used by a firm: the firm's grade in `year` and the status of the parcel's 标准地 commitment, for
 * colouring the map (like GET /api/parcels/readiness).
 */
export async function parcelEfficiency(deps: ReadDeps, year: number) {
  const [evaluation, commitments] = await Promise.all([
    evaluate(deps, year),
    findCommitments(deps.pool, deps.today()),
  ])
  const byParcel = new Map<
    number,
    { parcel_id: number; firm_id: number | null; grade: string | null; commitment: CommitmentStatus | null }
  >()
  for (const f of evaluation.firms) {
    for (const id of f.parcel_ids) {
      byParcel.set(id, { parcel_id: id, firm_id: f.firm_id, grade: f.grade, commitment: null })
    }
  }
  for (const c of commitments) {
    const entry = byParcel.get(c.parcelId) ?? {
      parcel_id: c.parcelId,
      firm_id: c.firmId,
      grade: null,
      commitment: null,
    }
    entry.commitment = c.status
    byParcel.set(c.parcelId, entry)
  }
  return { year, parcels: [...byParcel.values()].sort((a, b) => a.parcel_id - b.parcel_id) }
}

/**
 * The leaders' figures for `year`: the zone's tax per mu (Σ tax ÷ Σ 亩 of the firms reporting tax), the share of
 * graded firms graded A or B, and the land to put back to use (盘活): the parcels of D-grade firms and the parcels
 * whose commitment is breached, each with its reasons, which investment teams can match as supply. `breached`: the
 * breached commitments on today when the caller has them already (the dashboard reads them once for both uses).
 */
export async function evaluationSummary(
  deps: ReadDeps,
  year: number,
  breached: Promise<CommitmentRow[]> = findCommitments(deps.pool, deps.today(), { status: 'breached' }),
) {
  const [evaluation, commitments, taxPerMu] = await Promise.all([
    evaluate(deps, year),
    breached,
    findZoneTaxPerMu(deps.pool, year),
  ])
  const graded = evaluation.counts.A + evaluation.counts.B + evaluation.counts.C + evaluation.counts.D
  const land = new Map<
    number,
    {
      parcel_id: number
      parcel_code: string | null
      area_mu: number | null
      firm_id: number
      firm_name: string
      reasons: string[]
    }
  >()
  for (const f of evaluation.firms.filter((x) => x.grade === 'D')) {
    for (const id of f.parcel_ids) {
      land.set(id, {
        parcel_id: id,
        parcel_code: null,
        area_mu: null,
        firm_id: f.firm_id,
        firm_name: f.name,
        reasons: ['grade_d'],
      })
    }
  }
  for (const c of commitments) {
    const entry = land.get(c.parcelId) ?? {
      parcel_id: c.parcelId,
      parcel_code: c.parcelCode,
      area_mu: c.areaMu,
      firm_id: c.firmId,
      firm_name: c.firmName,
      reasons: [],
    }
    entry.parcel_code = c.parcelCode
    entry.area_mu = c.areaMu
    entry.reasons.push('commitment_breached')
    land.set(c.parcelId, entry)
  }
  const briefs = new Map((await findParcelBriefs(deps.pool, [...land.keys()])).map((p) => [p.id, p]))
  for (const entry of land.values()) {
    entry.parcel_code = briefs.get(entry.parcel_id)?.code ?? entry.parcel_code
    entry.area_mu = briefs.get(entry.parcel_id)?.areaMu ?? entry.area_mu
  }
  const revitalize = [...land.values()].sort((a, b) => a.parcel_id - b.parcel_id)
  return {
    year,
    // tax per mu in 万元/亩 over the firms reporting tax
    tax_wan_per_mu: taxPerMu,
    share_ab:
      graded > 0 ? Math.round(((evaluation.counts.A + evaluation.counts.B) / graded) * 1000) / 1000 : null,
    counts: evaluation.counts,
    revitalize_mu: Math.round(revitalize.reduce((sum, p) => sum + (p.area_mu ?? 0), 0) * 100) / 100,
    revitalize,
  }
}

/**
 * GET /api/revitalize: the land to put back to use (盘活) in `year` — the parcels of D-grade firms and the parcels
 * whose 标准地 commitment is breached — each with its firm, reasons and area (亩); as supply, each is matched to the
 * projects looking for land it fits by GET /api/parcels/:id/matches.
 */
export async function revitalizeLand(deps: ReadDeps, year: number) {
  const summary = await evaluationSummary(deps, year)
  return {
    year,
    total_mu: summary.revitalize_mu,
    parcels: summary.revitalize,
  }
}

/** Whether a parcel is land to put back to use (盘活) in the last finished year: matching offers it as supply. */
export async function isRevitalizeParcel(deps: ReadDeps, parcelId: number): Promise<boolean> {
  const summary = await evaluationSummary(deps, lastFinishedYear(deps.today()))
  return summary.revitalize.some((p) => p.parcel_id === parcelId)
}
