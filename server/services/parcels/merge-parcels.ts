import {
  deleteParcel,
  findParcelsExtent,
  insertMilestones,
  insertParcel,
  mergeGeometry,
  type ParcelRow,
} from '../../db/parcels'
import { fail } from '../../errors'
import { reforecastParcels } from '../land/reforecast'
import { type Actor, runWrite, type ServiceDeps } from '../write'
import { lockParcels, parcelSnapshot } from './lock-parcels'
import { assertNotInUse } from './parcel-rules'

export interface MergeInput {
  /** the parcels to merge with the version the client merged; the first gives the merged parcel its fields */
  parcels: { id: number; version: number }[]
  code?: string
  name?: string
  reason?: string
}

/**
 * Merges adjacent parcels into one (their union must be one polygon): the merged parcel takes the first parcel's
 * code (unless another is given), fields and milestones; the others are deleted. Returns the merged parcel's id.
 */
export async function mergeParcels(deps: ServiceDeps, actor: Actor, merge: MergeInput): Promise<number> {
  return runWrite(deps, actor, async (tx) => {
    await tx.lockTopic('parcel-geometry')
    const rows = await lockParcels(tx, merge.parcels)
    const ids = rows.map((r) => r.id)
    await assertNotInUse(tx.db, ids)
    const geometry = await mergeGeometry(tx.db, ids)
    if (!geometry) throw fail(400, 'invalid_geometry', 'parcel.not_connected')
    const bbox = await findParcelsExtent(tx.db, ids)
    for (const row of rows) await deleteParcel(tx.db, row.id, row.version)
    await tx.record({
      resource: 'parcels',
      action: 'delete',
      ids,
      bbox,
      history: rows.map((row) => {
        const { version: _, ...changes } = parcelSnapshot(row)
        return {
          entityType: 'parcel' as const,
          entityId: row.id,
          action: 'delete' as const,
          changes,
          reason: merge.reason ?? 'merged',
        }
      }),
    })
    const first = rows[0] as ParcelRow
    const code = merge.code ?? first.code
    const newId = await insertParcel(tx.db, {
      code,
      name: merge.name ?? first.name,
      land_use: first.landUse,
      status: first.status,
      target_on: first.targetOn,
      geometry,
    })
    await insertMilestones(tx.db, newId, first.milestones)
    await reforecastParcels(tx.db, [newId], tx.today)
    await tx.record({
      resource: 'parcels',
      action: 'create',
      ids: [newId],
      bbox,
      history: [
        {
          entityType: 'parcel',
          entityId: newId,
          action: 'create',
          changes: { code, merged_from: rows.map((r) => r.code) },
          reason: merge.reason ?? null,
        },
      ],
    })
    return newId
  })
}
