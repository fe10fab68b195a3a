import type { z } from 'zod'
import {
  findMilestones,
  findParcel,
  findParcelsExtent,
  findServicingFloors,
  saveParcelSchedule,
} from '../../db/parcels'
import type { Queryable } from '../../db/pool'
import { findLandSettings } from '../../db/zone'
import { type BackwardCheck, checkBackwardSchedule } from '../../domain/forecast'
import { type Language, label, messagesOf } from '../../domain/messages'
import { type ScheduleRequest, scheduleBackwards } from '../../domain/milestones'
import { expectedVersion, fail } from '../../errors'
import { reforecastParcels } from '../land/reforecast'
import { type Actor, runWrite, type ServiceDeps } from '../write'
import { lockParcel } from './lock-parcels'

export type ParcelSchedule = z.infer<typeof ScheduleRequest> & {
  /** the parcel's version the client scheduled: required to save (400 `validation_failed` without) */
  version?: number
}

/**
 * 倒排: the milestones scheduled backwards from the target date, with the zone's durations unless the request
 * gives others, checked against today and the parcel's actual dates (`check`: the milestones whose latest start
 * is past, the earliest target that can still be met, whether this one can; each milestone's `start_passed`).
 * `save: false` previews; `save: true` sets the parcel's target date and plans its milestones, if the parcel is
 * still at `version`, and answers the parcel's new version. An infeasible plan is saved only with
 * `confirm_infeasible: true` (else 409 `schedule_infeasible`, nothing written), and its history row says so.
 */
export async function scheduleParcel(deps: ServiceDeps, actor: Actor, id: number, request: ParcelSchedule) {
  const { target_on, save, version } = request
  if (!save) {
    if (!(await findParcel(deps.pool, id))) throw fail(404, 'not_found', 'parcel.not_found', { id })
    const plan = await planSchedule(deps.pool, id, request, deps.today())
    return { target_on, ...plan, saved: false as const }
  }
  const expected = expectedVersion(version, undefined)
  return runWrite(deps, actor, async (tx) => {
    const before = await lockParcel(tx, id, expected)
    const plan = await planSchedule(tx.db, id, request, tx.today)
    const { check, milestones } = plan
    const knowinglyInfeasible = !check.feasible
    if (knowinglyInfeasible && !request.confirm_infeasible) throw infeasible(target_on, check)
    await saveParcelSchedule(tx.db, id, target_on, milestones)
    await reforecastParcels(tx.db, [id], tx.today)
    await tx.record({
      resource: 'parcels',
      action: 'update',
      ids: [id],
      bbox: await findParcelsExtent(tx.db, [id]),
      history: [
        {
          entityType: 'parcel',
          entityId: id,
          action: 'update',
          changes: {
            target_on: { from: before.targetOn, to: target_on },
            schedule: Object.fromEntries(milestones.map((m) => [m.kind, m.planned_on])),
            ...(knowinglyInfeasible ? { confirmed_infeasible: true } : {}),
          },
          reason: knowinglyInfeasible
            ? `backward schedule (倒排), saved although infeasible: earliest feasible ${check.earliest_target}`
            : 'backward schedule (倒排)',
        },
      ],
    })
    return { target_on, ...plan, saved: true as const, version: before.version + 1 }
  })
}

/** The backward schedule and its check against `today`, the parcel's actual dates and its servicing floor. */
async function planSchedule(db: Queryable, id: number, request: ParcelSchedule, today: string) {
  const settings = await findLandSettings(db)
  const durations = { ...settings.milestone_durations, ...request.durations_days }
  const scheduled = scheduleBackwards(request.target_on, durations)
  const floors = await findServicingFloors(db, [id], settings.serving_distance_m, { unscheduled: true })
  const floor = floors.get(id)
  const check = checkBackwardSchedule(
    request.target_on,
    scheduled,
    await findMilestones(db, id),
    durations,
    today,
    floor ? { servicing: floor } : {},
  )
  const past = new Set(check.past.map((p) => p.kind))
  const milestones = scheduled.map((m) => ({ ...m, start_passed: past.has(m.kind) }))
  return { milestones, check }
}

/** 409 `schedule_infeasible`: which latest starts are past and the earliest target that can still be met. */
function infeasible(targetOn: string, check: BackwardCheck) {
  const list = (language: Language) =>
    check.past
      .map((p) => `${language === 'en' ? p.kind : label('milestone', p.kind)[language]} (${p.start_on})`)
      .join(language === 'en' ? ', ' : '、')
  const why = check.past.length
    ? messagesOf('schedule.past_starts', { list: { 'zh-CN': list('zh-CN'), en: list('en') } })
    : messagesOf('schedule.cannot_finish', { target: targetOn })
  return fail(
    409,
    'schedule_infeasible',
    'schedule.infeasible',
    { target: targetOn, why, earliest: check.earliest_target },
    [{ past: check.past, earliest_target: check.earliest_target }],
  )
}
