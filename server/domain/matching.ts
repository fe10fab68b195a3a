import { z } from 'zod'
import { addDays, daysBetween, type IsoDate } from './dates'
import { m2ToMu, round } from './units'
import type { LandUse, MilestoneKind, Sector } from './vocabulary'

/**
 * Project-to-parcel matching (选址匹配): hard gates, then a weighted 0–100 score whose every part is explained.
 * The database finds the candidates and measures them (areas on the spheroid, distances in metres); this module
 * only does the arithmetic, so it runs the same in the server and in tests.
 */

export const MATCH_CRITERIA = ['area', 'timing', 'infrastructure', 'chain', 'shape'] as const
export type MatchCriterion = (typeof MATCH_CRITERIA)[number]

/** Weights of the criteria (any non-negative numbers; the score divides by their sum). Zone setting `matching_weights`. */
export const MatchWeights = z
  .object(
    Object.fromEntries(MATCH_CRITERIA.map((c) => [c, z.number().min(0).max(100)])) as Record<
      MatchCriterion,
      z.ZodNumber
    >,
  )
  .strict()
  .refine((w) => Object.values(w).some((v) => v > 0), 'at least one weight must be above 0')
export type MatchWeights = Record<MatchCriterion, number>

export const DEFAULT_MATCH_WEIGHTS: MatchWeights = {
  area: 25,
  timing: 20,
  infrastructure: 25,
  chain: 15,
  shape: 15,
}

/** The zone setting key that holds the weights. */
export const MATCH_WEIGHTS_SETTING = 'matching_weights'

/** A stored weights value over the defaults; a value that does not parse falls back to the defaults. */
export function mergeMatchWeights(stored: unknown): MatchWeights {
  const parsed = MatchWeights.safeParse(stored)
  return parsed.success ? (parsed.data as MatchWeights) : DEFAULT_MATCH_WEIGHTS
}

/** The fixed rules of matching; distances in metres (on the spheroid), areas as fractions, times in days. */
export const MATCH_RULES = {
  /** a parcel up to 10 % smaller than the minimum or larger than the maximum still passes the area gate */
  areaTolerance: 0.1,
  /** land uses a project accepts when it names none */
  defaultLandUses: ['M0', 'M1', 'M2'] as readonly LandUse[],
  /** a finished line within this distance serves the parcel fully */
  servingDistanceM: 200,
  /** beyond this a line adds nothing to readiness */
  fadeDistanceM: 1000,
  /** power needs from this size up need a substation with the capacity nearby */
  largePowerKva: 2000,
  substationRadiusM: 3000,
  /** same-sector projects within this distance form the industrial chain */
  chainRadiusM: 2000,
  /** this many same-sector neighbours give the full chain score */
  chainFullCount: 3,
  /** slack (days between ready and needed) that earns the full timing score */
  comfortableSlackDays: 180,
  /** a parcel ready at most this long after the needed-by date is listed as "eligible once" */
  eligibleOnceWithinDays: 365,
  /** a square's compactness 4πA/P² = π/4 earns the full shape score */
  squareCompactness: Math.PI / 4,
  /**
   * an expansion (增资扩产) of a firm graded A or B in the last finished year prefers land next to the firm's own:
   * the criterion `near_firm` with this weight (beside the zone's weights), full score within the adjacent
   * distance of the firm's land, fading to 0 at the fade distance (metres on the spheroid)
   */
  nearFirmWeight: 20,
  nearFirmAdjacentM: 100,
  nearFirmFadeM: 1000,
} as const

/** The criterion an expansion of an A/B firm adds to the zone's five (it is not one of the zone's weights). */
export const NEAR_FIRM_CRITERION = 'near_firm' as const
/** The grades whose expansions are steered next to their own land (DOMAIN.md: A/B firms first for expansions). */
export const NEAR_FIRM_GRADES: readonly string[] = ['A', 'B']

/** The firm an expansion project belongs to, and its grade in `year` (null: not graded). */
export interface ExpansionFirm {
  firm_id: number
  name: string
  year: number
  grade: string | null
}

export const LINE_KINDS = ['road', 'water', 'power'] as const
export type LineKind = (typeof LINE_KINDS)[number]

/** The nearest infrastructure item of one kind, finished or not, with its distance to the parcel in metres. */
export interface NearestItem {
  name: string
  distance_m: number
  /** actual finish when done, else planned finish (zone date) */
  finish_on: IsoDate | null
}

export interface Substation extends NearestItem {
  capacity_kva: number | null
  done: boolean
}

/** What the database measured about a parcel for matching. */
export interface ParcelFacts {
  parcel_id: number
  code: string
  land_use: LandUse
  area_m2: number
  /** 4πA/P² on the spheroid: 1 for a circle, π/4 ≈ 0.785 for a square */
  compactness: number
  /**
   * when the company can have the land: the stored 交地日期 forecast (hand-over; the target when nothing is
   * planned), else, for a parcel ready to offer with no hand-over planned, its 可供日期; null when neither
   */
  handover_on: IsoDate | null
  /** the milestone that comes next, for the "eligible once" text */
  next_milestone: { kind: string; forecast_on: IsoDate } | null
  /** an active reservation for another project */
  held_by: { project_id: number; name: string; until: IsoDate } | null
  lines: Record<LineKind, { done: NearestItem | null; planned: NearestItem | null }>
  /** substations within MATCH_RULES.substationRadiusM, nearest first */
  substations: Substation[]
  /** same-sector neighbours within MATCH_RULES.chainRadiusM, per sector */
  chain: Partial<Record<Sector, { count: number; nearest_m: number }>>
  /**
   * for an expansion project's matches: metres (spheroid) from the parcel to the nearest parcel of the project's
   * firm; null when none is within MATCH_RULES.nearFirmFadeM
   */
  firm_distance_m?: number | null
}

/** What a project asks for. */
export interface ProjectWants {
  project_id: number
  sector: Sector
  area_mu_min: number | null
  area_mu_max: number | null
  land_use: readonly LandUse[] | null
  needed_by: IsoDate | null
  power_kva: number | null
  /** an expansion (增资扩产) of a local firm: the firm and its grade */
  expansion_of?: ExpansionFirm | null
}

export interface MatchReason {
  criterion: MatchCriterion | typeof NEAR_FIRM_CRITERION
  /** 0–100 */
  score: number
  weight: number
  detail: string
  detail_zh: string
}

export type MatchOutcome =
  | { kind: 'eligible'; score: number; reasons: MatchReason[] }
  | {
      kind: 'eligible_once'
      score: number
      reasons: MatchReason[]
      eligible_once: string
      eligible_once_zh: string
    }
  | { kind: 'excluded'; gate: string }

type Part = { score: number; detail: string; detail_zh: string }

const fmt = (n: number, digits = 1) => round(n, digits).toFixed(digits)
const metres = (m: number) => (m >= 1000 ? `${fmt(m / 1000, 1)} km` : `${Math.round(m)} m`)

/** The area range that passes the gate, in mu: the needed range widened by the tolerance. */
export function areaGate(wants: Pick<ProjectWants, 'area_mu_min' | 'area_mu_max'>): {
  min: number | null
  max: number | null
} {
  const t = MATCH_RULES.areaTolerance
  return {
    min: wants.area_mu_min == null ? null : wants.area_mu_min * (1 - t),
    max: wants.area_mu_max == null ? null : wants.area_mu_max * (1 + t),
  }
}

/**
 * Area fit, 0–100: inside the range 80–100 (100 at its middle), inside the tolerance 0–60 by how far out.
 * `areaScore(28.5, 30, 40)` → { score: 30, detail: '1.5 mu short of the minimum 30 mu (within the 10 % tolerance)' }
 */
export function areaScore(areaMu: number, min: number | null, max: number | null): Part {
  const t = MATCH_RULES.areaTolerance
  const a = fmt(areaMu)
  if (min != null && areaMu < min) {
    const short = min - areaMu
    return {
      score: round(60 * Math.max(0, 1 - short / (min * t)), 1),
      detail: `${a} mu: ${fmt(short)} mu short of the minimum ${fmt(min)} mu (within the ${t * 100} % tolerance)`,
      detail_zh: `${a} 亩：比最小需求 ${fmt(min)} 亩少 ${fmt(short)} 亩（在 ${t * 100}% 容差内）`,
    }
  }
  if (max != null && areaMu > max) {
    const over = areaMu - max
    return {
      score: round(60 * Math.max(0, 1 - over / (max * t)), 1),
      detail: `${a} mu: ${fmt(over)} mu over the maximum ${fmt(max)} mu (within the ${t * 100} % tolerance)`,
      detail_zh: `${a} 亩：比最大需求 ${fmt(max)} 亩多 ${fmt(over)} 亩（在 ${t * 100}% 容差内）`,
    }
  }
  if (min == null && max == null) {
    return {
      score: 100,
      detail: `${a} mu; the project gives no area range`,
      detail_zh: `${a} 亩；项目未提面积需求`,
    }
  }
  const lo = min ?? max ?? 0
  const hi = max ?? min ?? 0
  const mid = (lo + hi) / 2
  const half = (hi - lo) / 2
  const off = half > 0 ? Math.abs(areaMu - mid) / half : 0
  const range =
    min != null && max != null
      ? `${fmt(min)}–${fmt(max)} mu`
      : min != null
        ? `≥ ${fmt(min)} mu`
        : `≤ ${fmt(max ?? 0)} mu`
  const rangeZh =
    min != null && max != null
      ? `${fmt(min)}–${fmt(max)} 亩`
      : min != null
        ? `≥ ${fmt(min)} 亩`
        : `≤ ${fmt(max ?? 0)} 亩`
  return {
    score: round(100 - 20 * Math.min(1, off), 1),
    detail: `${a} mu, within the needed ${range}`,
    detail_zh: `${a} 亩，在需求 ${rangeZh} 之内`,
  }
}

/**
 * Timing slack, 0–100: ready on the needed-by date gives 40, 180 days or more before it gives 100, late 0.
 * Without a needed-by date: 100 when ready now, less the longer the wait (50 after a year).
 */
export function timingScore(availableOn: IsoDate, neededBy: IsoDate | null, today: IsoDate): Part {
  if (neededBy === null) {
    const wait = Math.max(0, daysBetween(today, availableOn))
    return {
      score: round(100 - 50 * Math.min(1, wait / 365), 1),
      detail:
        wait === 0
          ? 'ready now; no needed-by date'
          : `ready ${availableOn}, in ${wait} days; no needed-by date`,
      detail_zh:
        wait === 0 ? '现已可供；项目未提用地时间' : `${availableOn} 可供（${wait} 天后）；项目未提用地时间`,
    }
  }
  const slack = daysBetween(availableOn, neededBy)
  if (slack < 0) {
    return {
      score: 0,
      detail: `ready ${availableOn}, ${-slack} days after the needed-by date ${neededBy}`,
      detail_zh: `${availableOn} 可供，比需用日期 ${neededBy} 晚 ${-slack} 天`,
    }
  }
  return {
    score: round(40 + 60 * Math.min(1, Math.max(0, slack) / MATCH_RULES.comfortableSlackDays), 1),
    detail: `ready ${availableOn}, ${slack} days before the needed-by date ${neededBy}`,
    detail_zh: `${availableOn} 可供，比需用日期 ${neededBy} 早 ${slack} 天`,
  }
}

const LINE_NAMES: Record<LineKind, { en: string; zh: string }> = {
  road: { en: 'road', zh: '道路' },
  water: { en: 'water main', zh: '给水管' },
  power: { en: 'power line', zh: '电力线' },
}

/** One line kind, 0–100: finished within the serving distance 100, fading to 0 at 1 km; planned nearby 60. */
export function lineScore(kind: LineKind, line: ParcelFacts['lines'][LineKind]): Part {
  const { servingDistanceM, fadeDistanceM } = MATCH_RULES
  const name = LINE_NAMES[kind]
  const done = line.done
  const doneScore = done
    ? done.distance_m <= servingDistanceM
      ? 100
      : 100 * Math.max(0, 1 - (done.distance_m - servingDistanceM) / (fadeDistanceM - servingDistanceM))
    : 0
  const planned = line.planned
  if (planned && planned.distance_m <= servingDistanceM && doneScore < 60) {
    return {
      score: 60,
      detail: `${name.en} ${planned.name} planned ${metres(planned.distance_m)} away, due ${planned.finish_on ?? 'on no date yet'}`,
      detail_zh: `${name.zh}「${planned.name}」在建/规划，距 ${metres(planned.distance_m)}，计划 ${planned.finish_on ?? '未定'} 完成`,
    }
  }
  if (done && done.distance_m <= fadeDistanceM) {
    return {
      score: round(doneScore, 1),
      detail: `${name.en} finished ${metres(done.distance_m)} away`,
      detail_zh: `${name.zh}已建成，距 ${metres(done.distance_m)}`,
    }
  }
  return {
    score: 0,
    detail: `no finished ${name.en} within ${metres(fadeDistanceM)}`,
    detail_zh: `${metres(fadeDistanceM)} 内无已建成${name.zh}`,
  }
}

/** A substation with the capacity for a large power need, 0–100: finished 100, planned 50, none 0. */
export function substationScore(substations: readonly Substation[], powerKva: number): Part {
  const able = substations.filter((s) => s.capacity_kva !== null && s.capacity_kva >= powerKva)
  const done = able.find((s) => s.done)
  const r = metres(MATCH_RULES.substationRadiusM)
  if (done) {
    return {
      score: 100,
      detail: `substation ${done.name} (${done.capacity_kva} kVA) finished ${metres(done.distance_m)} away for the ${powerKva} kVA need`,
      detail_zh: `变电站「${done.name}」（${done.capacity_kva} kVA）已建成，距 ${metres(done.distance_m)}，满足 ${powerKva} kVA 用电`,
    }
  }
  const planned = able[0]
  if (planned) {
    return {
      score: 50,
      detail: `substation ${planned.name} (${planned.capacity_kva} kVA) planned ${metres(planned.distance_m)} away, due ${planned.finish_on ?? 'on no date yet'}`,
      detail_zh: `变电站「${planned.name}」（${planned.capacity_kva} kVA）在建/规划，距 ${metres(planned.distance_m)}，计划 ${planned.finish_on ?? '未定'} 完成`,
    }
  }
  return {
    score: 0,
    detail: `no substation with ${powerKva} kVA within ${r}`,
    detail_zh: `${r} 内无容量达 ${powerKva} kVA 的变电站`,
  }
}

/** Infrastructure readiness: the mean of road, water, power and (for a large power need) the substation. */
export function infrastructureScore(
  facts: Pick<ParcelFacts, 'lines' | 'substations'>,
  powerKva: number | null,
): Part {
  const parts = LINE_KINDS.map((k) => lineScore(k, facts.lines[k]))
  if (powerKva !== null && powerKva >= MATCH_RULES.largePowerKva)
    parts.push(substationScore(facts.substations, powerKva))
  return {
    score: round(parts.reduce((s, p) => s + p.score, 0) / parts.length, 1),
    detail: parts.map((p) => p.detail).join('; '),
    detail_zh: parts.map((p) => p.detail_zh).join('；'),
  }
}

/** Industrial-chain proximity (强链补链): same-sector projects and firms within 2 km; three or more score 100. */
export function chainScore(chain: ParcelFacts['chain'], sector: Sector): Part {
  const near = chain[sector]
  const km = metres(MATCH_RULES.chainRadiusM)
  if (!near || near.count === 0) {
    return { score: 0, detail: `no same-sector project within ${km}`, detail_zh: `${km} 内无同产业项目` }
  }
  return {
    score: round(100 * Math.min(1, near.count / MATCH_RULES.chainFullCount), 1),
    detail: `${near.count} same-sector projects within ${km}, nearest ${metres(near.nearest_m)}`,
    detail_zh: `${km} 内有 ${near.count} 个同产业项目，最近 ${metres(near.nearest_m)}`,
  }
}

/**
 * Next to the expanding firm's land, 0–100: within 100 m (adjacent, or across a road) 100, fading to 0 at 1 km.
 * The weight is MATCH_RULES.nearFirmWeight for a firm graded A or B, else 0 (the reason still says why).
 * `nearFirmScore({ name: '华利', grade: 'A', year: 2025, firm_id: 1 }, 550)` → score 50, weight 20
 */
export function nearFirmScore(firm: ExpansionFirm, distanceM: number | null): Part & { weight: number } {
  const { nearFirmAdjacentM: near, nearFirmFadeM: fade, nearFirmWeight } = MATCH_RULES
  const preferred = firm.grade !== null && NEAR_FIRM_GRADES.includes(firm.grade)
  const score =
    distanceM === null
      ? 0
      : distanceM <= near
        ? 100
        : round(100 * Math.max(0, 1 - (distanceM - near) / (fade - near)), 1)
  const where =
    distanceM === null
      ? {
          en: `no land of ${firm.name} within ${metres(fade)}`,
          zh: `${metres(fade)} 内无「${firm.name}」用地`,
        }
      : distanceM <= near
        ? {
            en: `next to ${firm.name}'s land (${metres(distanceM)})`,
            zh: `紧邻「${firm.name}」现有用地（${metres(distanceM)}）`,
          }
        : {
            en: `${metres(distanceM)} from ${firm.name}'s land`,
            zh: `距「${firm.name}」现有用地 ${metres(distanceM)}`,
          }
  const grade = firm.grade ?? 'not graded'
  const gradeZh = firm.grade ? `${firm.grade}类` : '未评价'
  return preferred
    ? {
        score,
        weight: nearFirmWeight,
        detail: `expansion of ${firm.name}, graded ${grade} in ${firm.year}: ${where.en}`,
        detail_zh: `增资扩产：「${firm.name}」${firm.year} 年亩均评价 ${gradeZh}，优先就近扩产；${where.zh}`,
      }
    : {
        score,
        weight: 0,
        detail: `expansion of ${firm.name}, graded ${grade} in ${firm.year}: only A/B firms are steered next to their land; ${where.en}`,
        detail_zh: `增资扩产：「${firm.name}」${firm.year} 年亩均评价 ${gradeZh}，仅 A、B 类企业优先就近扩产；${where.zh}`,
      }
}

/** Shape, 0–100, from the compactness 4πA/P² (circle 1, square 0.785 = full score, long strips low). */
export function shapeScore(compactness: number): Part {
  return {
    score: round(100 * Math.min(1, compactness / MATCH_RULES.squareCompactness), 1),
    detail: `compactness ${fmt(compactness, 2)} (a square is 0.79)`,
    detail_zh: `紧凑度 ${fmt(compactness, 2)}（正方形为 0.79）`,
  }
}

/**
 * Judges one parcel for one project: the hard gates (land use, area within the tolerance, not held by another
 * project, available by the needed-by date), then the weighted score 0–100 with one reason per criterion.
 * A parcel that fails only the timing gate or is held by a reservation that lapses in time is "eligible once".
 */
export function evaluateMatch(
  wants: ProjectWants,
  facts: ParcelFacts,
  weights: MatchWeights,
  today: IsoDate,
): MatchOutcome {
  const uses = wants.land_use && wants.land_use.length > 0 ? wants.land_use : MATCH_RULES.defaultLandUses
  if (!uses.includes(facts.land_use))
    return { kind: 'excluded', gate: `land use ${facts.land_use} is not one of ${uses.join(', ')}` }
  const areaMu = m2ToMu(facts.area_m2)
  const gate = areaGate(wants)
  if ((gate.min !== null && areaMu < gate.min) || (gate.max !== null && areaMu > gate.max)) {
    return { kind: 'excluded', gate: `area ${fmt(areaMu)} mu is outside the needed range with its tolerance` }
  }
  if (facts.handover_on === null) return { kind: 'excluded', gate: 'no hand-over date is planned' }

  let once: { en: string; zh: string } | null = null
  let readyOn = facts.handover_on < today ? today : facts.handover_on
  if (facts.held_by) {
    const free = facts.held_by.until >= readyOn ? addDays(facts.held_by.until, 1) : readyOn
    if (wants.needed_by !== null && free > wants.needed_by)
      return {
        kind: 'excluded',
        gate: `reserved for project ${facts.held_by.project_id} until ${facts.held_by.until}`,
      }
    once = {
      en: `eligible once the reservation for ${facts.held_by.name} lapses on ${facts.held_by.until}`,
      zh: `待「${facts.held_by.name}」的预留于 ${facts.held_by.until} 到期后可用`,
    }
    readyOn = free
  }
  if (wants.needed_by !== null && readyOn > wants.needed_by) {
    const late = daysBetween(wants.needed_by, readyOn)
    if (once || late > MATCH_RULES.eligibleOnceWithinDays) {
      return { kind: 'excluded', gate: `ready ${readyOn}, ${late} days after the needed-by date` }
    }
    const next = facts.next_milestone
    const words = next ? MILESTONE_WORDS[next.kind as MilestoneKind] : undefined
    const step = next ? `; next: ${words?.en ?? next.kind} by ${next.forecast_on}` : ''
    const stepZh = next ? `；下一节点 ${words?.zh ?? next.kind} 预计 ${next.forecast_on}` : ''
    once = {
      en: `eligible once hand-over happens on ${readyOn} (forecast, ${late} days after the needed-by date ${wants.needed_by})${step}`,
      zh: `预计 ${readyOn} 交地后可用（比需用日期 ${wants.needed_by} 晚 ${late} 天）${stepZh}`,
    }
  }

  const parts: Record<MatchCriterion, Part> = {
    area: areaScore(areaMu, wants.area_mu_min, wants.area_mu_max),
    timing: timingScore(readyOn, wants.needed_by, today),
    infrastructure: infrastructureScore(facts, wants.power_kva),
    chain: chainScore(facts.chain, wants.sector),
    shape: shapeScore(facts.compactness),
  }
  const reasons = MATCH_CRITERIA.map(
    (criterion): MatchReason => ({ criterion, weight: weights[criterion], ...parts[criterion] }),
  )
  if (wants.expansion_of) {
    reasons.push({
      criterion: NEAR_FIRM_CRITERION,
      ...nearFirmScore(wants.expansion_of, facts.firm_distance_m ?? null),
    })
  }
  const score = weightedScore(reasons)
  return once
    ? { kind: 'eligible_once', score, reasons, eligible_once: once.en, eligible_once_zh: once.zh }
    : { kind: 'eligible', score, reasons }
}

/** Σ weight·score / Σ weight, to one decimal. `weightedScore([{score: 100, weight: 1}, {score: 50, weight: 3}])` → 62.5 */
export function weightedScore(reasons: readonly Pick<MatchReason, 'score' | 'weight'>[]): number {
  const total = reasons.reduce((s, r) => s + r.weight, 0)
  if (total === 0) return 0
  return round(reasons.reduce((s, r) => s + r.weight * r.score, 0) / total, 1)
}

/** Best first: higher score, then the smaller parcel id, so equal scores keep a stable order. */
export function compareMatches(a: { score: number; id: number }, b: { score: number; id: number }): number {
  return b.score - a.score || a.id - b.id
}

/**
 * Whether the best `limit` of a list ranked by `compareMatches` are final while some candidates are still
 * unscored: none of those can enter the list (`rest` null), or the list is full and its last score is above
 * `rest`, the highest score they can reach. `topSettled([80, 70], 2, 69.5)` → true; `topSettled([80], 2, 10)` → false
 */
export function topSettled(
  ranked: readonly { score: number }[],
  limit: number,
  rest: number | null,
): boolean {
  if (rest === null) return true
  const last = ranked[limit - 1]
  return last !== undefined && last.score > rest
}

/** Milestones in words, for the reasons people read (issue 15): never the stored code. */
const MILESTONE_WORDS: Record<MilestoneKind, { en: string; zh: string }> = {
  acquisition: { en: 'land acquisition', zh: '收储' },
  clearance: { en: 'site clearance', zh: '清表' },
  leveling: { en: 'site leveling', zh: '场地平整' },
  servicing: { en: 'servicing (utilities in)', zh: '七通一平' },
  planning_conditions: { en: 'planning conditions', zh: '规划条件' },
  listing: { en: 'listing for sale', zh: '挂牌出让' },
  transfer: { en: 'land sale concluded', zh: '成交' },
  handover: { en: 'hand-over', zh: '交地' },
}
