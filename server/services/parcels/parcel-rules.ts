import { findParcelsInUse, geometryProblem } from '../../db/parcels'
import type { Queryable } from '../../db/pool'
import { findLandSettings } from '../../db/zone'
import { fail, geometryError } from '../../errors'

/**
 * 400 `invalid_geometry` when PostGIS refuses the geometry: not valid, empty, smaller than the zone setting
 * min_parcel_area_m2 (a sliver, the rule of imports), or overlapping a parcel other than `ignoreIds`. Call it after
 * `tx.lockTopic('parcel-geometry')`, so no other write of parcel geometry can commit between this check and the
 * write.
 */
export async function assertGeometryAccepted(
  db: Queryable,
  geometry: GeoJSON.Geometry,
  ignoreIds: readonly number[],
) {
  const { min_parcel_area_m2 } = await findLandSettings(db)
  const problem = await geometryProblem(db, geometry, [...ignoreIds], min_parcel_area_m2)
  if (problem) throw geometryError(problem)
}

/** A parcel held or built on by a project is not split, merged or deleted from under it: 409 `parcel_in_use`. */
export async function assertNotInUse(db: Queryable, ids: readonly number[]) {
  const codes = await findParcelsInUse(db, ids)
  if (codes.length > 0) {
    throw fail(409, 'parcel_in_use', 'parcel.in_use', { codes: codes.join(', ') })
  }
}
