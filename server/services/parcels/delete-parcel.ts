import { findParcelsExtent, deleteParcel as removeParcel } from '../../db/parcels'
import { type Actor, runWrite, type ServiceDeps } from '../write'
import { lockParcel, parcelSnapshot } from './lock-parcels'
import { assertNotInUse } from './parcel-rules'

/** Deletes a parcel at `version` that no project holds; its milestones go with it. */
export async function deleteParcel(deps: ServiceDeps, actor: Actor, id: number, version: number) {
  await runWrite(deps, actor, async (tx) => {
    const before = await lockParcel(tx, id, version)
    await assertNotInUse(tx.db, [id])
    const bbox = await findParcelsExtent(tx.db, [id])
    await removeParcel(tx.db, id, version)
    const { version: _, ...changes } = parcelSnapshot(before)
    await tx.record({
      resource: 'parcels',
      action: 'delete',
      ids: [id],
      bbox,
      history: [{ entityType: 'parcel', entityId: id, action: 'delete', changes }],
    })
  })
}
