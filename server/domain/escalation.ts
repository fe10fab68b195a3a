import { z } from 'zod'
import { daysBetween, type IsoDate } from './dates'

/** 正常 / 黄牌 / 红牌: how hard a late item is pressed (压实责任). */
export const ESCALATION_LEVELS = ['normal', 'yellow', 'red'] as const
export const EscalationLevel = z.enum(ESCALATION_LEVELS)
export type EscalationLevel = z.infer<typeof EscalationLevel>

/** What can be late and graded: the items that have an owning department and a due date. */
export const LATE_ITEM_TYPES = [
  'milestone',
  'infrastructure',
  'blocker',
  'order',
  'commitment',
  'follow_up',
] as const
export const LateItemType = z.enum(LATE_ITEM_TYPES)
export type LateItemType = z.infer<typeof LateItemType>

/**
 * The zone's thresholds (zone settings key `escalation`, edited by admins). Days past due: calendar days after the
 * due date. Lag: points behind, 0–100+ (see `escalationLag`).
 */
export const EscalationThresholds = z
  .object({
    yellow_days: z.number().int().min(1).max(3650),
    red_days: z.number().int().min(1).max(3650),
    yellow_lag_pct: z.number().min(0).max(1000),
    red_lag_pct: z.number().min(0).max(1000),
  })
  .strict()
  .refine((t) => t.yellow_days <= t.red_days && t.yellow_lag_pct <= t.red_lag_pct, {
    message: 'yellow thresholds must not be above red ones',
  })
export type EscalationThresholds = z.infer<typeof EscalationThresholds>

/**
 * Defaults after the published practice (DOMAIN.md): not done one month after its date yellow, three months red;
 * 10 points behind yellow, more than 30 red.
 */
export const DEFAULT_ESCALATION_THRESHOLDS: EscalationThresholds = {
  yellow_days: 30,
  red_days: 90,
  yellow_lag_pct: 10,
  red_lag_pct: 30,
}

/** An item not done: its due date, when its planned work started (if known) and its progress (if it reports one). */
export interface EscalationInput {
  due_on: IsoDate
  start_on?: IsoDate | null
  /** 0–100, only for items that report progress (infrastructure) */
  progress_pct?: number | null
}

/** Calendar days past `due_on` on `today`, 0 when not yet due. `daysLate({due_on:'2026-11-01'}, '2026-11-28')` → 27 */
export function daysLate(item: Pick<EscalationInput, 'due_on'>, today: IsoDate): number {
  return Math.max(daysBetween(item.due_on, today), 0)
}

/**
 * Points behind schedule on `today`. With progress: the share of the planned duration (start → due) elapsed, capped
 * to 0–100, minus the progress — a road 60 % through its time and 40 % built is 20 points behind. Without progress:
 * the days past due as a share of the planned duration — a 60-day milestone 6 days late is 10 points behind. 0 when
 * there is no planned duration (no start, or a start not before the due date).
 */
export function escalationLag(item: EscalationInput, today: IsoDate): number {
  if (!item.start_on || item.due_on <= item.start_on) return 0
  const duration = daysBetween(item.start_on, item.due_on)
  if (item.progress_pct !== null && item.progress_pct !== undefined) {
    const elapsed = Math.min(Math.max((daysBetween(item.start_on, today) * 100) / duration, 0), 100)
    return elapsed - item.progress_pct
  }
  return (daysLate(item, today) * 100) / duration
}

/**
 * The grade of an item not done on `today`: red when the days past due reach `red_days` or the lag is above
 * `red_lag_pct`; yellow when the days past due reach `yellow_days` or the lag reaches `yellow_lag_pct`; else normal.
 * The database grades with the same rule (migration 0021, escalation_level). Example with the defaults: due
 * 2026-10-01, started 2026-08-01, no progress, today 2026-10-10 → 9 days, lag 9 × 100 / 61 = 14.8 points → yellow.
 */
export function escalationLevel(
  item: EscalationInput,
  today: IsoDate,
  thresholds: EscalationThresholds = DEFAULT_ESCALATION_THRESHOLDS,
): EscalationLevel {
  const days = daysLate(item, today)
  const lag = escalationLag(item, today)
  if (days >= thresholds.red_days || lag > thresholds.red_lag_pct) return 'red'
  if (days >= thresholds.yellow_days || lag >= thresholds.yellow_lag_pct) return 'yellow'
  return 'normal'
}

/** Whether a move from `from` to `to` is a step up (normal → yellow → red). */
export function isEscalation(from: EscalationLevel, to: EscalationLevel): boolean {
  return ESCALATION_LEVELS.indexOf(to) > ESCALATION_LEVELS.indexOf(from)
}

export const ESCALATION_LABELS: Record<EscalationLevel, { 'zh-CN': string; en: string }> = {
  normal: { 'zh-CN': '正常', en: 'normal' },
  yellow: { 'zh-CN': '黄牌', en: 'yellow card' },
  red: { 'zh-CN': '红牌', en: 'red card' },
}

/** GET /api/late: the late items, optionally of one level and one department. */
export const LateQuery = z
  .object({
    level: EscalationLevel.optional(),
    department: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER).optional(),
    type: LateItemType.optional(),
  })
  .strict()
export type LateQuery = z.infer<typeof LateQuery>
