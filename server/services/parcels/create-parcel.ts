import type { z } from 'zod'
import { findParcelsExtent, findTakenCodes, insertParcel } from '../../db/parcels'
import type { ParcelCreate, ParcelGeometry } from '../../domain/parcel'
import { fail } from '../../errors'
import { reforecastParcels } from '../land/reforecast'
import { type Actor, runWrite, type ServiceDeps } from '../write'
import { assertGeometryAccepted } from './parcel-rules'

export type NewParcel = Omit<z.infer<typeof ParcelCreate>, 'geometry'> & { geometry: ParcelGeometry }

/**
 * Creates a parcel: its geometry valid and overlapping no other parcel, its code not taken. Returns its id.
 * Every write of parcel geometry holds the 'parcel-geometry' lock from its overlap check to its commit, so two
 * overlapping creates sent at once cannot both pass the check.
 */
export async function createParcel(deps: ServiceDeps, actor: Actor, input: NewParcel): Promise<number> {
  return runWrite(deps, actor, async (tx) => {
    await tx.lockTopic('parcel-geometry')
    await assertGeometryAccepted(tx.db, input.geometry, [])
    if ((await findTakenCodes(tx.db, [input.code])).length > 0) {
      throw fail(409, 'conflict', 'parcel.code_exists', { code: input.code })
    }
    const id = await insertParcel(tx.db, input)
    const { geometry: _, ...fields } = input
    await reforecastParcels(tx.db, [id], tx.today)
    await tx.record({
      resource: 'parcels',
      action: 'create',
      ids: [id],
      bbox: await findParcelsExtent(tx.db, [id]),
      history: [{ entityType: 'parcel', entityId: id, action: 'create', changes: fields }],
    })
    return id
  })
}
