import { findMilestones, findParcelsExtent, writeMilestone } from '../../db/parcels'
import { diffChanges } from '../../domain/changes'
import { checkMilestoneDates, type MilestonePatch } from '../../domain/milestones'
import { reasonMessages } from '../../domain/reasons'
import type { MilestoneKind } from '../../domain/vocabulary'
import { fail } from '../../errors'
import { reforecastParcels } from '../land/reforecast'
import { type Actor, assertVersion, runWrite, type ServiceDeps } from '../write'
import { lockExistingParcels } from './lock-parcels'

/**
 * Changes one milestone of a parcel (PATCH /api/parcels/:id/milestones/:kind) if it is still at `version` (0 for
 * a milestone not yet planned). Only the dates this change sets are checked against today and the other
 * milestones' actual dates: an old inconsistency must not block an unrelated fix.
 */
export async function updateMilestone(
  deps: ServiceDeps,
  actor: Actor,
  id: number,
  kind: MilestoneKind,
  patch: Omit<MilestonePatch, 'version'> & { version: number },
) {
  const { version } = patch
  await runWrite(deps, actor, async (tx) => {
    await lockExistingParcels(tx, [id])
    const all = await findMilestones(tx.db, id)
    const current = all.find((m) => m.kind === kind)
    assertVersion(current ?? { kind, version: 0 }, version)
    const before = current ?? { kind, planned_on: null, actual_on: null, owner: null, note: null, version: 0 }
    const next = {
      planned_on: patch.planned_on !== undefined ? patch.planned_on : before.planned_on,
      actual_on: patch.actual_on !== undefined ? patch.actual_on : before.actual_on,
      owner: patch.owner !== undefined ? patch.owner : before.owner,
      note: patch.note !== undefined ? patch.note : before.note,
    }
    const changed = { actual_on: patch.actual_on ?? null, planned_on: patch.planned_on ?? null }
    const check = checkMilestoneDates(kind, changed, all, tx.today)
    if (!check.ok) {
      throw fail(
        400,
        'validation_failed',
        'parcel.milestone_invalid',
        { reason: reasonMessages(check.reason) },
        [{ path: kind, message: check.reason }],
      )
    }
    await writeMilestone(tx.db, id, kind, version, next)
    await reforecastParcels(tx.db, [id], tx.today)
    const { version: _, ...beforeFields } = before
    await tx.record({
      resource: 'parcels',
      action: 'update',
      ids: [id],
      bbox: await findParcelsExtent(tx.db, [id]),
      history: [
        {
          entityType: 'milestone',
          entityId: id,
          action: version === 0 ? 'create' : 'update',
          changes: { kind, ...diffChanges(beforeFields, { kind, ...next }) },
          reason: patch.reason ?? null,
        },
      ],
    })
  })
}
