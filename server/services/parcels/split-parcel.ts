import {
  copyMilestones,
  deleteParcel,
  findParcelsExtent,
  findTakenCodes,
  insertParcel,
  splitGeometry,
} from '../../db/parcels'
import { findLandSettings } from '../../db/zone'
import { fail } from '../../errors'
import { reforecastParcels } from '../land/reforecast'
import { type Actor, runWrite, type ServiceDeps } from '../write'
import { lockParcel, parcelSnapshot } from './lock-parcels'
import { assertNotInUse } from './parcel-rules'

export interface SplitInput {
  /** the version the client split */
  version: number
  line: GeoJSON.LineString
  reason?: string
}

/**
 * Cuts a parcel by a line into pieces coded `<code>-A`, `<code>-B`… (west to east), each with the parcel's fields
 * and milestones; the parcel itself is deleted. A line that leaves a piece under the zone's minimum parcel area
 * (min_parcel_area_m2) is refused with that piece's area. Returns the pieces' ids.
 */
export async function splitParcel(
  deps: ServiceDeps,
  actor: Actor,
  id: number,
  split: SplitInput,
): Promise<number[]> {
  return runWrite(deps, actor, async (tx) => {
    await tx.lockTopic('parcel-geometry')
    const before = await lockParcel(tx, id, split.version)
    await assertNotInUse(tx.db, [id])
    const cut = await splitGeometry(tx.db, id, split.line)
    if (cut.length < 2) {
      throw fail(400, 'invalid_geometry', 'parcel.split_not_two')
    }
    // a piece under the zone's minimum parcel area is a sliver, refused as an import or a drawing refuses one
    const { min_parcel_area_m2: min } = await findLandSettings(tx.db)
    const sliver = cut.find((piece) => piece.area_m2 < min)
    if (sliver) {
      throw fail(400, 'invalid_geometry', 'parcel.split_sliver', { area: sliver.area_m2.toFixed(2), min })
    }
    const pieces = cut.map((piece) => piece.geometry)
    const codes = pieces.map((_, i) => `${before.code}-${String.fromCharCode(65 + i)}`)
    const [taken] = await findTakenCodes(tx.db, codes)
    if (taken) throw fail(409, 'conflict', 'parcel.code_exists', { code: taken })
    const bbox = await findParcelsExtent(tx.db, [id])
    const newIds: number[] = []
    for (const [i, geometry] of pieces.entries()) {
      const newId = await insertParcel(tx.db, {
        code: codes[i] as string,
        name: before.name,
        land_use: before.landUse,
        status: before.status,
        target_on: before.targetOn,
        geometry,
      })
      await copyMilestones(tx.db, id, newId)
      newIds.push(newId)
    }
    await deleteParcel(tx.db, id, before.version)
    await reforecastParcels(tx.db, newIds, tx.today)
    await tx.record({
      resource: 'parcels',
      action: 'create',
      ids: newIds,
      bbox,
      history: newIds.map((newId, i) => ({
        entityType: 'parcel' as const,
        entityId: newId,
        action: 'create' as const,
        changes: { code: codes[i], split_from: before.code },
        reason: split.reason ?? null,
      })),
    })
    const { version: _, ...changes } = parcelSnapshot(before)
    await tx.record({
      resource: 'parcels',
      action: 'delete',
      ids: [id],
      bbox,
      history: [
        {
          entityType: 'parcel',
          entityId: id,
          action: 'delete',
          changes,
          reason: split.reason ?? `split into ${codes.join(', ')}`,
        },
      ],
    })
    return newIds
  })
}
