import type { TFunction } from 'i18next'
import type { EscalationThresholds } from '../../../server/domain/escalation'
import { INDICATORS, type IndicatorKey } from '../../../server/domain/evaluation'
import { MATCH_CRITERIA, type MatchCriterion } from '../../../server/domain/matching'
import { LandSettingsPatch } from '../../../server/domain/settings'
import { MILESTONE_KINDS, type MilestoneKind } from '../../../server/domain/vocabulary'
import type { ZoneSettings } from '../../api/types'

/** The four 督办预警阈值, yellow beside red: days late, then points behind. */
export const ESCALATION_KEYS = ['yellow_days', 'red_days', 'yellow_lag_pct', 'red_lag_pct'] as const
type EscalationKey = (typeof ESCALATION_KEYS)[number]

/**
 * The zone settings form's draft: every number as the text typed, so that a half-typed or empty field stays what
 * the admin sees until it is checked. The check is the server's own schema (LandSettingsPatch), so the form refuses
 * exactly what the API would.
 */
export interface SettingsDraft {
  at_risk_margin_days: string
  serving_distance_m: string
  min_parcel_area_m2: string
  milestone_durations: Record<MilestoneKind, string>
  matching_weights: Record<MatchCriterion, string>
  indicators: { key: IndicatorKey; weight: string }[]
  grade_percentiles: { a: string; b: string; d: string }
  /** 巡查任务: each department as its id typed in a select ('' for none), and the days a task gives */
  inspection_tasks: { milestone_department_id: string; start_department_id: string; due_days: string }
  /** 督办预警阈值: when a late item turns yellow and red */
  escalation: Record<EscalationKey, string>
  /** 节点办结须附文件: whether each milestone kind needs a document before it is marked done */
  documents_required: Record<MilestoneKind, boolean>
}

export function draftOf(settings: ZoneSettings): SettingsDraft {
  const text = (n: number) => String(n)
  return {
    at_risk_margin_days: text(settings.at_risk_margin_days),
    serving_distance_m: text(settings.serving_distance_m),
    min_parcel_area_m2: text(settings.min_parcel_area_m2),
    milestone_durations: Object.fromEntries(
      MILESTONE_KINDS.map((k) => [k, text(settings.milestone_durations[k])]),
    ) as Record<MilestoneKind, string>,
    matching_weights: Object.fromEntries(
      MATCH_CRITERIA.map((c) => [c, text(settings.matching_weights[c])]),
    ) as Record<MatchCriterion, string>,
    indicators: settings.evaluation.indicators.map((i) => ({ key: i.key, weight: text(i.weight) })),
    grade_percentiles: {
      a: text(settings.evaluation.grade_percentiles.a),
      b: text(settings.evaluation.grade_percentiles.b),
      d: text(settings.evaluation.grade_percentiles.d),
    },
    inspection_tasks: {
      milestone_department_id: String(settings.inspection_tasks.milestone_department_id ?? ''),
      start_department_id: String(settings.inspection_tasks.start_department_id ?? ''),
      due_days: text(settings.inspection_tasks.due_days),
    },
    escalation: Object.fromEntries(ESCALATION_KEYS.map((k) => [k, text(settings.escalation[k])])) as Record<
      EscalationKey,
      string
    >,
    documents_required: Object.fromEntries(
      MILESTONE_KINDS.map((k) => [k, settings.documents_required.includes(k)]),
    ) as Record<MilestoneKind, boolean>,
  }
}

/** A typed number: empty or not a number is NaN, which the schema refuses as "not a number". */
const num = (text: string) => (text.trim() === '' ? Number.NaN : Number(text.trim()))

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b)

/** The settings the draft changes, against those it was read from (only the keys whose value differs). */
export function changesOf(draft: SettingsDraft, base: ZoneSettings): Omit<LandSettingsPatch, 'version'> {
  const change: Omit<LandSettingsPatch, 'version'> = {}
  const margin = num(draft.at_risk_margin_days)
  if (!same(margin, base.at_risk_margin_days)) change.at_risk_margin_days = margin
  const distance = num(draft.serving_distance_m)
  if (!same(distance, base.serving_distance_m)) change.serving_distance_m = distance
  const minArea = num(draft.min_parcel_area_m2)
  if (!same(minArea, base.min_parcel_area_m2)) change.min_parcel_area_m2 = minArea
  const durations: Partial<Record<MilestoneKind, number>> = {}
  for (const kind of MILESTONE_KINDS) {
    const value = num(draft.milestone_durations[kind])
    if (!same(value, base.milestone_durations[kind])) durations[kind] = value
  }
  if (Object.keys(durations).length > 0) change.milestone_durations = durations
  const weights = Object.fromEntries(
    MATCH_CRITERIA.map((c) => [c, num(draft.matching_weights[c])]),
  ) as Record<MatchCriterion, number>
  if (!same(weights, base.matching_weights)) change.matching_weights = weights
  const evaluation = {
    indicators: draft.indicators.map((i) => ({ key: i.key, weight: num(i.weight) })),
    grade_percentiles: {
      a: num(draft.grade_percentiles.a),
      b: num(draft.grade_percentiles.b),
      d: num(draft.grade_percentiles.d),
    },
  }
  if (!same(evaluation, base.evaluation)) change.evaluation = evaluation
  const department = (text: string) => (text === '' ? null : Number(text))
  const inspections = {
    milestone_department_id: department(draft.inspection_tasks.milestone_department_id),
    start_department_id: department(draft.inspection_tasks.start_department_id),
    due_days: num(draft.inspection_tasks.due_days),
  }
  if (!same(inspections, base.inspection_tasks)) change.inspection_tasks = inspections
  const escalation = Object.fromEntries(
    ESCALATION_KEYS.map((k) => [k, num(draft.escalation[k])]),
  ) as EscalationThresholds
  if (ESCALATION_KEYS.some((k) => !same(escalation[k], base.escalation[k]))) change.escalation = escalation
  // kinds in the order of the process, whatever order they were stored in
  const required = MILESTONE_KINDS.filter((k) => draft.documents_required[k])
  if (!same(required, inProcessOrder(base.documents_required))) change.documents_required = required
  return change
}

/** One problem with the draft or the server's answer: where (`at_risk_margin_days`, `milestone_durations.listing`…) and what, in words. */
export interface FieldError {
  path: string
  text: string
}

interface IssueLike {
  path: string
  code?: string
  message?: string
  minimum?: unknown
  maximum?: unknown
  expected?: unknown
}

/** The server's refinements, by their (English) message, as keys of the panels' strings. */
const CUSTOM_MESSAGES: Record<
  string,
  'weightsPositive' | 'weightsSum100' | 'percentiles' | 'indicatorOnce' | 'escalationOrder'
> = {
  'at least one weight must be above 0': 'weightsPositive',
  'the weights sum to 100': 'weightsSum100',
  'a ≤ b and b + d ≤ 100': 'percentiles',
  'each indicator once': 'indicatorOnce',
  'yellow thresholds must not be above red ones': 'escalationOrder',
}

/** A zod issue, the client's or one the server sent in `details`, as words in the user's language. */
export function issueText(t: TFunction, issue: IssueLike): string {
  const key = issue.message ? CUSTOM_MESSAGES[issue.message] : undefined
  if (key) return t(`panels.settings.errors.${key}`)
  if (issue.code === 'too_small' && issue.minimum !== undefined) {
    return t('panels.settings.errors.min', { min: String(issue.minimum) })
  }
  if (issue.code === 'too_big' && issue.maximum !== undefined) {
    return t('panels.settings.errors.max', { max: String(issue.maximum) })
  }
  if (issue.code === 'too_small') return t('panels.settings.errors.tooSmall')
  if (issue.code === 'too_big') return t('panels.settings.errors.tooBig')
  if (issue.code === 'invalid_type') {
    return t(issue.expected === 'int' ? 'panels.settings.errors.integer' : 'panels.settings.errors.number')
  }
  return t('panels.settings.errors.other', { message: issue.message ?? issue.code ?? '' })
}

/** Checks the change as the API will: the problems, each at its field (empty when the change may be sent). */
export function checkChange(t: TFunction, change: Omit<LandSettingsPatch, 'version'>): FieldError[] {
  const parsed = LandSettingsPatch.safeParse(change)
  if (parsed.success) return []
  return parsed.error.issues.map((issue) => ({
    path: issue.path.map(String).join('.'),
    text: issueText(t, { ...(issue as object), path: '' } as IssueLike),
  }))
}

/** The errors a 400 validation_failed answer lists in `details`, each at its field. */
export function serverFieldErrors(t: TFunction, details: readonly unknown[]): FieldError[] {
  return details.flatMap((d) => {
    if (typeof d !== 'object' || d === null || typeof (d as IssueLike).path !== 'string') return []
    const issue = d as IssueLike
    return [{ path: issue.path, text: issueText(t, issue) }]
  })
}

/** The label of an indicator of the 亩均 evaluation in the language shown. */
export function indicatorLabel(key: IndicatorKey, language: string): string {
  return language.startsWith('en') ? INDICATORS[key].en : INDICATORS[key].zh
}

type Change = { from?: unknown; to?: unknown }

/** Milestone kinds of a stored list that are known, in the order of the process. */
function inProcessOrder(kinds: unknown): MilestoneKind[] {
  return Array.isArray(kinds) ? MILESTONE_KINDS.filter((k) => kinds.includes(k)) : []
}

/** Numbers that differ between two records of numbers, as "label a → b". */
function numberChanges(from: unknown, to: unknown, label: (key: string) => string, unit = ''): string[] {
  const a = (from ?? {}) as Record<string, unknown>
  const b = (to ?? {}) as Record<string, unknown>
  const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])]
  return keys
    .filter((k) => !same(a[k], b[k]))
    .map((k) => `${label(k)} ${a[k] ?? '—'} → ${b[k] ?? '—'}${unit}`)
}

/**
 * A change of the settings in words, one phrase per setting: "有风险提前量：14 → 21 天",
 * "节点工期：挂牌出让 35 → 40 天", "匹配权重：面积 25 → 40，配套 25 → 20", "督办预警阈值：黄牌逾期天数 30 → 20 天",
 * "节点办结须附文件：交地 → 成交、交地" (never JSON).
 */
export function describeSettingChange(
  t: TFunction,
  language: string,
  key: string,
  change: Change,
  departmentName: (id: number) => string = String,
): string {
  const label = t(`panels.settings.keys.${key}`, { defaultValue: key })
  const sep = t('panels.settings.history.listSeparator')
  const { from, to } = change
  switch (key) {
    case 'at_risk_margin_days':
      return `${label}：${from ?? '—'} → ${to ?? '—'} ${t('panels.settings.days')}`
    case 'serving_distance_m':
      return `${label}：${from ?? '—'} → ${to ?? '—'} ${t('panels.settings.metres')}`
    case 'min_parcel_area_m2':
      return `${label}：${from ?? '—'} → ${to ?? '—'} ${t('panels.settings.squareMetres')}`
    case 'milestone_durations':
      return `${label}：${numberChanges(from, to, (k) => t(`milestoneKind.${k as MilestoneKind}`), ` ${t('panels.settings.days')}`).join(sep)}`
    case 'matching_weights':
      return `${label}：${numberChanges(from, to, (k) => t(`invest.criterion.${k as MatchCriterion}`)).join(sep)}`
    case 'evaluation': {
      const before = (from ?? {}) as {
        indicators?: { key: string; weight: number }[]
        grade_percentiles?: object
      }
      const after = (to ?? {}) as typeof before
      const weights = (list: typeof before.indicators) =>
        Object.fromEntries((list ?? []).map((i) => [i.key, i.weight]))
      const parts = [
        ...numberChanges(weights(before.indicators), weights(after.indicators), (k) =>
          k in INDICATORS ? indicatorLabel(k as IndicatorKey, language) : k,
        ),
        ...numberChanges(
          before.grade_percentiles,
          after.grade_percentiles,
          (k) => t(`panels.settings.grade.${k}`, { defaultValue: k }),
          '%',
        ),
      ]
      return `${label}：${parts.join(sep)}`
    }
    case 'inspection_tasks': {
      const before = (from ?? {}) as Record<string, unknown>
      const after = (to ?? {}) as Record<string, unknown>
      const name = (id: unknown) =>
        typeof id === 'number' ? departmentName(id) : t('panels.settings.inspections.none')
      const parts = (['milestone_department_id', 'start_department_id', 'due_days'] as const)
        .filter((k) => !same(before[k], after[k]))
        .map((k) =>
          k === 'due_days'
            ? `${t(`panels.settings.inspections.${k}`)} ${before[k] ?? '—'} → ${after[k] ?? '—'} ${t('panels.settings.days')}`
            : `${t(`panels.settings.inspections.${k}`)} ${name(before[k])} → ${name(after[k])}`,
        )
      return `${label}：${parts.join(sep)}`
    }
    case 'escalation': {
      const unit = (k: string) =>
        k.endsWith('_days') ? ` ${t('panels.settings.days')}` : ` ${t('panels.settings.escalation.points')}`
      const before = (from ?? {}) as Record<string, unknown>
      const after = (to ?? {}) as Record<string, unknown>
      const parts = ESCALATION_KEYS.filter((k) => !same(before[k], after[k])).map(
        (k) => `${t(`panels.settings.escalation.${k}`)} ${before[k] ?? '—'} → ${after[k] ?? '—'}${unit(k)}`,
      )
      return `${label}：${parts.join(sep)}`
    }
    case 'documents_required': {
      const kinds = (list: unknown) => {
        const known = inProcessOrder(list)
        return known.length === 0
          ? t('panels.settings.documents.none')
          : known.map((k) => t(`milestoneKind.${k}`)).join(t('panels.settings.history.itemSeparator'))
      }
      return `${label}：${kinds(from)} → ${kinds(to)}`
    }
    default:
      return `${label}：${t('panels.settings.history.changed')}`
  }
}
