import { addDays, daysBetween, type IsoDate, maxDate } from './dates'
import { MILESTONE_KINDS, type MilestoneKind, type Readiness } from './vocabulary'

export interface MilestoneDates {
  kind: MilestoneKind
  planned_on: IsoDate | null
  actual_on: IsoDate | null
}

export type MilestoneStatus = 'done' | 'late' | 'pending'

export interface MilestoneForecast extends MilestoneDates {
  status: MilestoneStatus
  forecast_on: IsoDate | null
}

export interface ParcelForecast {
  milestones: MilestoneForecast[]
  /** forecast hand-over date; the target when nothing is planned */
  available_on: IsoDate | null
  readiness: Readiness | null
}

/** Days before the target within which a forecast counts as at risk (a zone setting later). */
export const DEFAULT_AT_RISK_MARGIN_DAYS = 30

/**
 * Forecasts a parcel's milestones from their plan, what is done, and today (zone date, Asia/Shanghai).
 * A milestone not done by its (shifted) planned date is forecast for today at the earliest, and the delay
 * pushes every later milestone by as much; a milestone done late pushes the later ones by its delay.
 * Example: acquisition planned 2026-03-01, not done, today 2026-03-11 → every later date +10 days.
 * A floor holds a milestone back the same way: servicing waits for the roads and pipes that serve the parcel.
 */
export function forecastParcel(
  milestones: readonly MilestoneDates[],
  targetOn: IsoDate | null,
  today: IsoDate,
  marginDays = DEFAULT_AT_RISK_MARGIN_DAYS,
  /** earliest possible finish per milestone, e.g. servicing not before the serving infrastructure is finished */
  floors: Partial<Record<MilestoneKind, IsoDate>> = {},
): ParcelForecast {
  const ordered = [...milestones].sort(
    (a, b) => MILESTONE_KINDS.indexOf(a.kind) - MILESTONE_KINDS.indexOf(b.kind),
  )
  let shift = 0
  const forecasts = ordered.map((m): MilestoneForecast => {
    if (m.actual_on) {
      shift = m.planned_on ? Math.max(0, daysBetween(m.planned_on, m.actual_on)) : shift
      return { ...m, status: 'done', forecast_on: m.actual_on }
    }
    if (!m.planned_on) return { ...m, status: 'pending', forecast_on: null }
    const floor = floors[m.kind]
    const earliest = floor ? maxDate(today, floor) : today
    const forecast = maxDate(addDays(m.planned_on, shift), earliest)
    shift = Math.max(shift, daysBetween(m.planned_on, forecast))
    return { ...m, status: m.planned_on < today ? 'late' : 'pending', forecast_on: forecast }
  })

  if (forecasts.length === 0) return { milestones: [], available_on: targetOn, readiness: null }
  const last = forecasts[forecasts.length - 1]
  const availableOn = last?.forecast_on ?? targetOn
  if (forecasts.every((m) => m.status === 'done')) {
    return { milestones: forecasts, available_on: availableOn, readiness: 'done' }
  }
  const target = targetOn ?? last?.planned_on ?? null
  let readiness: Readiness = 'on_track'
  if (target && availableOn) {
    const slack = daysBetween(availableOn, target)
    if (slack < 0) readiness = 'late'
    else if (slack < marginDays || forecasts.some((m) => m.status === 'late')) readiness = 'at_risk'
  }
  return { milestones: forecasts, available_on: availableOn, readiness }
}
