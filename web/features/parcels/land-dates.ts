import type { MilestoneKind } from '../../../server/domain/vocabulary'

/** One of a parcel's two dates: the saved plan (倒排), what happened, and the forecast while it has not. */
export type LandDate = { plan: string | null; actual: string | null; forecast: string | null }

type DatedMilestone = { kind: MilestoneKind; planned_on: string | null; actual_on: string | null }

/**
 * A parcel's 可供日期 (ready to offer: planning conditions done, the last of the 净地 milestones) and 交地日期
 * (hand-over), each as plan, actual and forecast: plan and actual from the milestone, the forecast from the
 * parcel's `ready_on` / `handover_on` and only while the milestone is not done. Fields the server does not send
 * yet (undefined) count as unknown (null). Dates are zone dates, YYYY-MM-DD.
 * Example: planning conditions planned 2026-05-01, not done, ready_on 2026-06-01
 * → ready { plan: '2026-05-01', actual: null, forecast: '2026-06-01' }.
 */
export function landDates(
  forecast: { ready_on?: string | null | undefined; handover_on?: string | null | undefined },
  milestones: readonly DatedMilestone[],
): { ready: LandDate; handover: LandDate } {
  const date = (kind: MilestoneKind, forecastOn: string | null | undefined): LandDate => {
    const milestone = milestones.find((m) => m.kind === kind)
    const actual = milestone?.actual_on ?? null
    return { plan: milestone?.planned_on ?? null, actual, forecast: actual ? null : (forecastOn ?? null) }
  }
  return {
    ready: date('planning_conditions', forecast.ready_on),
    handover: date('handover', forecast.handover_on),
  }
}
