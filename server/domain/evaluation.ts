import { z } from 'zod'

/**
 * The indicators a firm can be graded by (亩均效益), each a ratio of its annual figures: per mu of the land it uses
 * (亩, from its parcels' geography), or per unit of energy, output or employees. `better` says which way is
 * good: for `lower` (energy per mu) the indicator score is mirrored, 20 + 80 × (max − x) / (max − min).
 */
export const INDICATORS = {
  tax_per_mu: { unit: '万元/亩', better: 'higher', zh: '亩均税收', en: 'Tax per mu' },
  output_per_mu: { unit: '万元/亩', better: 'higher', zh: '亩均产值', en: 'Output per mu' },
  energy_per_mu: { unit: 'tce/亩', better: 'lower', zh: '亩均能耗', en: 'Energy per mu' },
  output_per_tce: { unit: '万元/tce', better: 'higher', zh: '单位能耗产值', en: 'Output per tce' },
  rd_share: { unit: '%', better: 'higher', zh: '研发经费占产值比重', en: 'R&D share of output' },
  rd_per_mu: { unit: '万元/亩', better: 'higher', zh: '亩均研发经费', en: 'R&D per mu' },
  employees_per_mu: { unit: '人/亩', better: 'higher', zh: '亩均从业人员', en: 'Employees per mu' },
  output_per_employee: {
    unit: '万元/人',
    better: 'higher',
    zh: '全员劳动生产率',
    en: 'Output per employee',
  },
} as const
export type IndicatorKey = keyof typeof INDICATORS
export const INDICATOR_KEYS = Object.keys(INDICATORS) as [IndicatorKey, ...IndicatorKey[]]

export const EvaluationSettings = z
  .object({
    /** the indicators scored and their weights, which sum to 100 */
    indicators: z
      .array(z.object({ key: z.enum(INDICATOR_KEYS), weight: z.number().positive().max(100) }).strict())
      .min(1)
      .max(INDICATOR_KEYS.length)
      .refine((list) => new Set(list.map((i) => i.key)).size === list.length, 'each indicator once')
      .refine(
        (list) => Math.abs(list.reduce((sum, i) => sum + i.weight, 0) - 100) < 1e-9,
        'the weights sum to 100',
      ),
    /**
     * grades by rank among the firms graded that year: `a` % at the top are A, `b` % at the top are A or B,
     * `d` % at the bottom are D, the others C (shares are rounded down to whole firms)
     */
    grade_percentiles: z
      .object({
        a: z.number().min(0).max(100),
        b: z.number().min(0).max(100),
        d: z.number().min(0).max(100),
      })
      .strict()
      .refine((p) => p.a <= p.b && p.b + p.d <= 100, 'a ≤ b and b + d ≤ 100'),
  })
  .strict()
export type EvaluationSettings = z.infer<typeof EvaluationSettings>

/** The defaults: tax 45, output 20, energy 15, R&D 15, labour productivity 5; A the top 25 %, B to 70 %, D the bottom 5 %. */
export const DEFAULT_EVALUATION_SETTINGS: EvaluationSettings = {
  indicators: [
    { key: 'tax_per_mu', weight: 45 },
    { key: 'output_per_mu', weight: 20 },
    { key: 'energy_per_mu', weight: 15 },
    { key: 'rd_share', weight: 15 },
    { key: 'output_per_employee', weight: 5 },
  ],
  grade_percentiles: { a: 25, b: 70, d: 5 },
}

export const GRADES = ['A', 'B', 'C', 'D'] as const
export type Grade = (typeof GRADES)[number]

/** Why a firm is not graded in a year. */
export const NOT_GRADED_REASONS = {
  no_land: { zh: '没有关联地块，无法计算亩均', en: 'no parcels linked: nothing to divide by' },
  no_indicators: { zh: '该年度未填报指标', en: 'no indicators reported for the year' },
  missing_values: { zh: '缺少评价所需的指标', en: 'indicators the evaluation needs are missing' },
  zero_denominator: {
    zh: '产值、能耗或从业人员为零，比值无法计算',
    en: 'output, energy or employees is zero: a ratio cannot be computed',
  },
} as const
export type NotGradedReason = keyof typeof NOT_GRADED_REASONS

/**
 * The grade of rank `rank` (1 = best score; equal scores share a rank) among `n` firms, and `rankFromBottom`
 * (1 = worst): A when rank ≤ ⌊n × a %⌋, D when rankFromBottom ≤ ⌊n × d %⌋, B when rank ≤ ⌊n × b %⌋, else C.
 * `gradeOf(16, 50, 65, {a: 25, b: 70, d: 5})` → 'A'. The SQL in server/db/evaluation.ts applies the same rule.
 */
export function gradeOf(
  rank: number,
  rankFromBottom: number,
  n: number,
  p: EvaluationSettings['grade_percentiles'],
): Grade {
  if (rank <= Math.floor((n * p.a) / 100)) return 'A'
  if (rankFromBottom <= Math.floor((n * p.d) / 100)) return 'D'
  if (rank <= Math.floor((n * p.b) / 100)) return 'B'
  return 'C'
}

/** Commitment checks of a 标准地 sale and the status they add up to. */
export const COMMITMENT_CHECKS = {
  start: { zh: '开工', en: 'start', unit: '天' },
  completion: { zh: '竣工', en: 'completion', unit: '天' },
  investment: { zh: '投资强度', en: 'investment intensity', unit: '万元/亩' },
  far: { zh: '容积率', en: 'floor-area ratio', unit: '' },
  output: { zh: '亩均产值', en: 'output per mu', unit: '万元/亩' },
  tax: { zh: '亩均税收', en: 'tax per mu', unit: '万元/亩' },
} as const
export type CommitmentCheck = keyof typeof COMMITMENT_CHECKS
/** pending: no deadline reached yet; met: every check due so far is met; breached: at least one is not */
export const COMMITMENT_STATUSES = ['pending', 'met', 'breached'] as const
export type CommitmentStatus = (typeof COMMITMENT_STATUSES)[number]

/**
 * The department that owns a breached 标准地 commitment as a late item (压实责任): the economic development bureau,
 * which runs the 亩均效益 evaluation and the monitoring of land-sale commitments in the demo zone.
 */
export const COMMITMENT_OWNER = '经发局'
