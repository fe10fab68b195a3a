import { findParcelsExtent, type ParcelWrite, updateParcel as writeParcel } from '../../db/parcels'
import { diffChanges } from '../../domain/changes'
import type { ParcelGeometry } from '../../domain/parcel'
import { bboxUnion } from '../../domain/tiles'
import { reforecastParcels } from '../land/reforecast'
import { type Actor, runWrite, type ServiceDeps } from '../write'
import { lockParcel, parcelSnapshot } from './lock-parcels'
import { assertGeometryAccepted } from './parcel-rules'

export interface ParcelChange {
  /** the version the client edited */
  version: number
  fields: Omit<ParcelWrite, 'geometry'>
  /** a new boundary, checked like a new parcel's (it may not overlap another parcel) */
  geometry?: ParcelGeometry
  reason?: string
}

/** Changes a parcel's fields and, optionally, its boundary (PATCH /api/parcels/:id). */
export async function updateParcel(deps: ServiceDeps, actor: Actor, id: number, change: ParcelChange) {
  const { geometry, fields } = change
  await runWrite(deps, actor, async (tx) => {
    // the geometry lock comes before the row locks in every write that takes both, so they queue, not deadlock
    if (geometry) await tx.lockTopic('parcel-geometry')
    const before = await lockParcel(tx, id, change.version)
    if (geometry) await assertGeometryAccepted(tx.db, geometry, [id])
    const was = geometry ? await findParcelsExtent(tx.db, [id]) : null
    await writeParcel(tx.db, id, change.version, { ...fields, ...(geometry ? { geometry } : {}) })
    const { version: _, ...old } = parcelSnapshot(before)
    const changes = diffChanges(old, { ...old, ...fields })
    if (geometry) changes.geometry = { from: before.geometry, to: geometry }
    await reforecastParcels(tx.db, [id], tx.today)
    await tx.record({
      resource: 'parcels',
      action: 'update',
      ids: [id],
      bbox: bboxUnion(was, await findParcelsExtent(tx.db, [id])),
      history: [{ entityType: 'parcel', entityId: id, action: 'update', changes, reason: change.reason }],
    })
  })
}
