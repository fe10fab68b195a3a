import { addDays, addWorkingDays, daysBetween, type IsoDate, maxDate } from './dates'
import { LISTING_ANNOUNCEMENT_DAYS, LISTING_WORKING_DAYS, type MilestoneDurations } from './milestones'
import { MILESTONE_KINDS, type MilestoneKind, type Readiness } from './vocabulary'

/** Days before a milestone's plan within which it counts as due soon (the zone setting's default). */
export const DEFAULT_AT_RISK_MARGIN_DAYS = 30

/** The milestones that make a parcel ready to offer (净地): after planning conditions it can be listed. */
export const READY_TO_OFFER_KINDS: readonly MilestoneKind[] = [
  'acquisition',
  'clearance',
  'leveling',
  'servicing',
  'planning_conditions',
]

export interface PlannedMilestone {
  kind: MilestoneKind
  planned_on: IsoDate | null
  actual_on: IsoDate | null
}

export type MilestoneState = 'done' | 'late' | 'pending'

export interface ForecastMilestone extends PlannedMilestone {
  /** done; late: past its planned date and not done; pending: not yet due */
  status: MilestoneState
  /** the actual date when done, else the forecast finish; null when it has no plan */
  forecast_on: IsoDate | null
  /** its forecast is after its plan: the milestone itself or one before it slipped */
  behind: boolean
}

export interface LandForecast {
  milestones: ForecastMilestone[]
  /** 可供日期: when the parcel can be listed (planning conditions done), actual or forecast */
  ready_on: IsoDate | null
  /** 交地日期: when the land is handed over, actual or forecast; the target when nothing is planned */
  handover_on: IsoDate | null
  readiness: Readiness | null
  /** the milestone the forecast hinges on: the first one behind its plan, else the next one not done */
  critical: MilestoneKind | null
  /** whether tomorrow's forecast may differ from today's (something not done is still ahead) */
  depends_on_today: boolean
}

export interface ForecastInput {
  milestones: readonly PlannedMilestone[]
  /** the hand-over target (倒排's anchor); the planned hand-over when not set */
  target_on: IsoDate | null
  /** land already handed to a company (status under construction or in production): never late */
  handed_over: boolean
  /**
   * the status says the parcel is ready to offer (可供地, reserved or transferred): the ready-to-offer milestones
   * count as done even where no actual date was recorded (an imported parcel, say) — on their planned date when
   * that is past, else today — so that 可供日期 is never in the future for land the zone already offers
   */
  ready_by_status?: boolean
  /** zone date, Asia/Shanghai */
  today: IsoDate
  /** a milestone due within this many days and not started makes the parcel at risk */
  margin_days: number
  /** earliest possible finish per milestone, e.g. servicing not before the infrastructure serving it is finished */
  floors?: Partial<Record<MilestoneKind, IsoDate>>
}

/** The earliest a listing started on `start` can finish: 20 days of announcement, then 10 working days. */
export function earliestListingFinish(start: IsoDate): IsoDate {
  return addWorkingDays(addDays(start, LISTING_ANNOUNCEMENT_DAYS), LISTING_WORKING_DAYS)
}

/**
 * Forecasts a parcel's readiness (one model: DOMAIN.md "When a parcel is available"). A milestone not done is
 * forecast for its planned date pushed by every delay before it, never before today, never before a floor, and
 * never before the one before it; a listing keeps its statutory periods after the milestone before it.
 * Readiness: 已完成 done when handed over; 滞后 late when the hand-over forecast misses the target; 有风险 at risk
 * when it meets the target but a milestone is behind its plan, or one is due within `margin_days` while an
 * earlier one is not done (so it cannot have started); else 按计划 on plan. Dates are zone dates.
 * Example: acquisition planned 2026-11-01, not done on 2026-11-28 → it and every later milestone +27 days.
 */
export function forecastLand(input: ForecastInput): LandForecast {
  const { today, floors = {} } = input
  const ordered = [...input.milestones].sort(
    (a, b) => MILESTONE_KINDS.indexOf(a.kind) - MILESTONE_KINDS.indexOf(b.kind),
  )
  let shift = 0
  let previous: IsoDate | null = null
  const milestones = ordered.map((m): ForecastMilestone => {
    if (!m.actual_on && input.ready_by_status && READY_TO_OFFER_KINDS.includes(m.kind)) {
      const on = m.planned_on && m.planned_on < today ? m.planned_on : today
      previous = previous && previous > on ? previous : on
      return { ...m, status: 'done', forecast_on: previous, behind: false }
    }
    if (m.actual_on) {
      if (m.planned_on) shift = Math.max(0, daysBetween(m.planned_on, m.actual_on))
      previous = m.actual_on
      return { ...m, status: 'done', forecast_on: m.actual_on, behind: false }
    }
    if (!m.planned_on) return { ...m, status: 'pending', forecast_on: null, behind: false }
    let earliest = maxDate(today, floors[m.kind] ?? today)
    if (previous) {
      earliest = maxDate(earliest, m.kind === 'listing' ? earliestListingFinish(previous) : previous)
    }
    const forecast = maxDate(addDays(m.planned_on, shift), earliest)
    shift = Math.max(shift, daysBetween(m.planned_on, forecast))
    previous = forecast
    return {
      ...m,
      status: m.planned_on < today ? 'late' : 'pending',
      forecast_on: forecast,
      behind: forecast > m.planned_on,
    }
  })

  const byKind = new Map(milestones.map((m) => [m.kind, m]))
  const handover = byKind.get('handover')
  const readyOn = byKind.get('planning_conditions')?.forecast_on ?? (input.ready_by_status ? today : null)
  const handoverOn = handover?.forecast_on ?? input.target_on
  const open = milestones.filter((m) => m.status !== 'done')
  const critical = open.find((m) => m.behind)?.kind ?? open.find((m) => m.planned_on)?.kind ?? null
  const base = { milestones, ready_on: readyOn, handover_on: handoverOn, critical }

  if (input.handed_over || handover?.status === 'done') {
    return { ...base, readiness: 'done', critical: null, depends_on_today: false }
  }
  const planned = open.filter((m) => m.planned_on)
  if (planned.length === 0) return { ...base, readiness: null, depends_on_today: false }

  const target = input.target_on ?? handover?.planned_on ?? null
  let readiness: Readiness = 'on_track'
  if (target && handoverOn && handoverOn > target) readiness = 'late'
  else if (planned.some((m) => m.behind) || dueSoonButNotStarted(milestones, today, input.margin_days)) {
    readiness = 'at_risk'
  }
  return { ...base, readiness, depends_on_today: true }
}

/**
 * 可供地 by a date: the ready-to-offer date of a parcel not yet handed over, null once it is handed over. The one
 * date that available_by, OGC datetime, the dashboard's month sums and the time slider use (stored as the
 * generated column land_forecasts.available_on, by this same rule).
 */
export function availableOn(forecast: Pick<LandForecast, 'readiness' | 'ready_on'>): IsoDate | null {
  return forecast.readiness === 'done' ? null : forecast.ready_on
}

/** A milestone due within the margin while one before it is still not done: it cannot have started. */
function dueSoonButNotStarted(milestones: readonly ForecastMilestone[], today: IsoDate, margin: number) {
  const horizon = addDays(today, margin)
  return milestones.some(
    (m, i) =>
      m.status !== 'done' &&
      m.planned_on !== null &&
      m.planned_on <= horizon &&
      milestones.slice(0, i).some((before) => before.status !== 'done'),
  )
}

export interface BackwardCheck {
  /** milestones not done whose latest start (倒排) is already past, in order */
  past: { kind: MilestoneKind; start_on: IsoDate }[]
  /** the earliest hand-over target that can still be met from today and the actuals */
  earliest_target: IsoDate
  feasible: boolean
}

/**
 * Checks a backward schedule (倒排) against today and what is done. Each milestone not done gets its latest
 * start from the schedule; those already past are listed. The earliest target still possible schedules the
 * milestones not done forwards from today (a milestone done keeps its actual date): each takes its duration
 * after the one before it, the listing at least its statutory periods, and a floor holds a milestone back.
 * Feasible when no latest start is past and the target is not before the earliest one.
 * Example: 收储 90 days not started, today 2026-12-04 → 收储 cannot finish before 2027-03-04.
 */
export function checkBackwardSchedule(
  targetOn: IsoDate,
  schedule: readonly { kind: MilestoneKind; start_on: IsoDate }[],
  milestones: readonly PlannedMilestone[],
  durations: MilestoneDurations,
  today: IsoDate,
  floors: Partial<Record<MilestoneKind, IsoDate>> = {},
): BackwardCheck {
  const actual = new Map(milestones.map((m) => [m.kind, m.actual_on]))
  const past = schedule
    .filter((s) => !actual.get(s.kind) && s.start_on < today)
    .map((s) => ({ kind: s.kind, start_on: s.start_on }))
  let finish = today
  for (const kind of MILESTONE_KINDS) {
    const done = actual.get(kind)
    if (done) {
      finish = done
      continue
    }
    const start = maxDate(finish, today)
    let next = addDays(start, durations[kind])
    if (kind === 'listing') next = maxDate(next, earliestListingFinish(start))
    const floor = floors[kind]
    finish = floor ? maxDate(next, floor) : next
  }
  return { past, earliest_target: finish, feasible: past.length === 0 && finish <= targetOn }
}
