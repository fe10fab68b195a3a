import { z } from 'zod'
import { addDays, addWorkingDays, daysBetween, type IsoDate } from './dates'
import { IsoDateString } from './query'
import { MILESTONE_KINDS, type MilestoneKind } from './vocabulary'

export type MilestoneDurations = Record<MilestoneKind, number>

/** Default durations in calendar days of each milestone; an admin changes them in the zone settings. */
export const DEFAULT_MILESTONE_DURATIONS: MilestoneDurations = {
  acquisition: 90,
  clearance: 60,
  leveling: 45,
  servicing: 90,
  planning_conditions: 30,
  listing: 35,
  transfer: 15,
  handover: 30,
}

/** Statutory minimum of a land listing (挂牌出让): announcement ≥ 20 days, then listing ≥ 10 working days. */
export const LISTING_ANNOUNCEMENT_DAYS = 20
export const LISTING_WORKING_DAYS = 10

export const MilestoneDurationsInput = z
  .object(Object.fromEntries(MILESTONE_KINDS.map((k) => [k, z.number().int().min(1).max(3650)])))
  .partial()
  .strict()

export interface ScheduledMilestone {
  kind: MilestoneKind
  /** the latest date the milestone may start for the target to hold */
  start_on: IsoDate
  /** the latest date it must finish (its planned date) */
  planned_on: IsoDate
  duration_days: number
  /** why the duration differs from the one asked for, if it does */
  adjusted: string | null
}

/** Earliest start of a listing that finishes on `finish` while keeping the statutory periods. */
function latestListingStart(finish: IsoDate): IsoDate {
  return addDays(addWorkingDays(finish, -LISTING_WORKING_DAYS), -LISTING_ANNOUNCEMENT_DAYS)
}

/**
 * Schedules the milestones backwards (倒排) from the hand-over target: each milestone finishes when the next one
 * starts, and hand-over finishes on the target. The listing never gets less than its statutory minimum.
 * Example: target 2027-06-30, hand-over 30 days → hand-over starts 2027-05-31 and transfer must finish then.
 */
export function scheduleBackwards(targetOn: IsoDate, durations: MilestoneDurations): ScheduledMilestone[] {
  const scheduled: ScheduledMilestone[] = []
  let finish = targetOn
  for (const kind of [...MILESTONE_KINDS].reverse()) {
    const asked = durations[kind]
    let start = addDays(finish, -asked)
    let adjusted: string | null = null
    if (kind === 'listing') {
      const statutory = latestListingStart(finish)
      if (start > statutory) {
        start = statutory
        adjusted = `listing needs ${LISTING_ANNOUNCEMENT_DAYS} days of announcement and ${LISTING_WORKING_DAYS} working days of listing`
      }
    }
    scheduled.unshift({
      kind,
      start_on: start,
      planned_on: finish,
      duration_days: daysBetween(start, finish),
      adjusted,
    })
    finish = start
  }
  return scheduled
}

/** A milestone change as officers send it; at least one field besides the version. */
export const MilestonePatch = z
  .object({
    actual_on: IsoDateString.nullable().optional(),
    planned_on: IsoDateString.nullable().optional(),
    owner: z.string().trim().max(100).nullable().optional(),
    note: z.string().trim().max(2000).nullable().optional(),
    reason: z.string().trim().max(500).optional(),
    // a milestone not yet planned is at version 0
    version: z.number().int().min(0).optional(),
  })
  .strict()
  .refine(
    (p) => ['actual_on', 'planned_on', 'owner', 'note'].some((k) => k in p),
    'send at least one of actual_on, planned_on, owner, note',
  )
export type MilestonePatch = z.infer<typeof MilestonePatch>

export const ScheduleRequest = z
  .object({
    target_on: IsoDateString,
    durations_days: MilestoneDurationsInput.optional(),
    save: z.boolean().default(false),
    confirm_infeasible: z
      .boolean()
      .default(false)
      .describe(
        'save a plan although a latest start is past or the target is before the earliest feasible one (else 409 schedule_infeasible)',
      ),
  })
  .strict()

/**
 * Checks a milestone's dates against today and its neighbours' actual dates: an actual date cannot be in the
 * future, nor before the actual date of an earlier milestone, nor after that of a later one.
 */
export function checkMilestoneDates(
  kind: MilestoneKind,
  next: { actual_on: IsoDate | null; planned_on: IsoDate | null },
  all: readonly { kind: MilestoneKind; actual_on: IsoDate | null; planned_on: IsoDate | null }[],
  today: IsoDate,
): { ok: true } | { ok: false; reason: string } {
  if (next.actual_on && next.actual_on > today) {
    return { ok: false, reason: `actual_on ${next.actual_on} is in the future (today is ${today})` }
  }
  const index = MILESTONE_KINDS.indexOf(kind)
  for (const field of ['actual_on', 'planned_on'] as const) {
    const date = next[field]
    if (!date) continue
    for (const other of all) {
      const otherDate = other[field]
      if (!otherDate || other.kind === kind) continue
      const otherIndex = MILESTONE_KINDS.indexOf(other.kind)
      if (otherIndex < index && otherDate > date) {
        return {
          ok: false,
          reason: `${field} of ${kind} (${date}) is before that of ${other.kind} (${otherDate})`,
        }
      }
      if (otherIndex > index && otherDate < date) {
        return {
          ok: false,
          reason: `${field} of ${kind} (${date}) is after that of ${other.kind} (${otherDate})`,
        }
      }
    }
  }
  return { ok: true }
}
