import type { z } from 'zod'
import { findParcel, findParcelsExtent, saveParcelSchedule } from '../../db/parcels'
import type { Queryable } from '../../db/pool'
import { findLandSettings } from '../../db/zone'
import { type ScheduleRequest, scheduleBackwards } from '../../domain/milestones'
import { ApiError, expectedVersion } from '../../errors'
import { type Actor, runWrite, type ServiceDeps } from '../write'
import { lockParcel } from './lock-parcels'

export type ParcelSchedule = z.infer<typeof ScheduleRequest> & {
  /** the parcel's version the client scheduled: required to save (400 `validation_failed` without) */
  version?: number
}

/**
 * 倒排: the milestones scheduled backwards from the target date, with the zone's durations unless the request
 * gives others. `save: false` previews; `save: true` sets the parcel's target date and plans its milestones, if
 * the parcel is still at `version`, and answers the parcel's new version.
 */
export async function scheduleParcel(deps: ServiceDeps, actor: Actor, id: number, request: ParcelSchedule) {
  const { target_on, save, version } = request
  if (!save) {
    const milestones = scheduleBackwards(target_on, await durations(deps.pool, request))
    if (!(await findParcel(deps.pool, id))) throw new ApiError(404, 'not_found', `No parcel ${id}`)
    return { target_on, milestones, saved: false as const }
  }
  const expected = expectedVersion(version, undefined)
  return runWrite(deps, actor, async (tx) => {
    const before = await lockParcel(tx, id, expected)
    const milestones = scheduleBackwards(target_on, await durations(tx.db, request))
    await saveParcelSchedule(tx.db, id, target_on, milestones)
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
          },
          reason: 'backward schedule (倒排)',
        },
      ],
    })
    return { target_on, milestones, saved: true as const, version: before.version + 1 }
  })
}

async function durations(db: Queryable, request: ParcelSchedule) {
  const settings = await findLandSettings(db)
  return { ...settings.milestone_durations, ...request.durations_days }
}
