import { milestoneHasDocument } from '../../db/files'
import { findMilestoneItem } from '../../db/orders'
import { findMilestones, findParcelsExtent, writeMilestone } from '../../db/parcels'
import { findLandSettings } from '../../db/zone'
import { diffChanges } from '../../domain/changes'
import { LABELS } from '../../domain/messages'
import { checkMilestoneDates, type MilestonePatch } from '../../domain/milestones'
import { reasonMessages } from '../../domain/reasons'
import type { MilestoneKind } from '../../domain/vocabulary'
import { ApiError, fail } from '../../errors'
import { reforecastParcels } from '../land/reforecast'
import { milestoneDoneInspection } from '../orders/inspection-tasks'
import { type Actor, assertVersion, runWrite, type ServiceDeps, type Tx } from '../write'
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
    if (next.actual_on !== null && before.actual_on === null) await assertDocumentAttached(tx, id, kind)
    await writeMilestone(tx.db, id, kind, version, next)
    await reforecastParcels(tx.db, [id], tx.today)
    if (next.actual_on !== null && before.actual_on === null) {
      // done on someone's word: the checking department goes to see (巡查任务), when the zone names one
      const item = await findMilestoneItem(tx.db, id, kind)
      if (item) await milestoneDoneInspection(tx, { ...item, kind, actual_on: next.actual_on })
    }
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

/** A milestone kind the zone marks "document required" is done only once a document is attached to it. */
async function assertDocumentAttached(tx: Tx, parcelId: number, kind: MilestoneKind) {
  const { documents_required } = await findLandSettings(tx.db)
  if (!documents_required.includes(kind) || (await milestoneHasDocument(tx.db, parcelId, kind))) return
  throw new ApiError(
    409,
    'document_required',
    `Attach a document (e.g. the signed confirmation) to the ${kind} milestone before marking it done`,
    [{ path: 'actual_on', message: 'document_required', kind }],
    {
      'zh-CN': `本区要求先为「${LABELS.milestone[kind]['zh-CN']}」节点上传文件（如${REQUIRED_EXAMPLE_ZH[kind]}），才能标记完成`,
      en: `Attach a document (e.g. ${REQUIRED_EXAMPLE_EN[kind]}) to the ${kind} milestone before marking it done`,
    },
  )
}

const REQUIRED_EXAMPLE_ZH: Record<MilestoneKind, string> = {
  acquisition: '收储协议',
  clearance: '清表验收单',
  leveling: '平整验收单',
  servicing: '配套验收单',
  planning_conditions: '规划条件书',
  listing: '挂牌公告',
  transfer: '出让合同',
  handover: '交地确认书',
}
const REQUIRED_EXAMPLE_EN: Record<MilestoneKind, string> = {
  acquisition: 'the land banking agreement',
  clearance: 'the clearance acceptance',
  leveling: 'the leveling acceptance',
  servicing: 'the servicing acceptance',
  planning_conditions: 'the planning conditions',
  listing: 'the listing notice',
  transfer: 'the transfer contract',
  handover: 'the hand-over confirmation',
}
