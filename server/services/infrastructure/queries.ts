import {
  findInfrastructure,
  findInfrastructureItem,
  findProgress,
  findServedParcels,
  type InfrastructureRow,
} from '../../db/infrastructure'
import type { Queryable } from '../../db/pool'
import { findLandSettings } from '../../db/zone'
import { type InfrastructureQuery, isInfrastructureLate } from '../../domain/infrastructure'
import { fail } from '../../errors'

/** An item as a GeoJSON Feature, with `late` as of `today`. */
function toFeature({ geometry, ...props }: InfrastructureRow, today: string) {
  return {
    type: 'Feature' as const,
    id: props.id,
    geometry,
    properties: { ...props, late: isInfrastructureLate(props, today) },
  }
}

/** The network as a FeatureCollection, filtered by kind and status. */
export async function listInfrastructure(db: Queryable, query: InfrastructureQuery, today: string) {
  const rows = await findInfrastructure(db, query)
  return { type: 'FeatureCollection' as const, features: rows.map((row) => toFeature(row, today)) }
}

/** One item with its progress reports and the parcels it serves; 404 when there is no item `id`. */
export async function infrastructureDetail(db: Queryable, id: number, today: string) {
  const item = await findInfrastructureItem(db, id)
  if (!item) throw fail(404, 'not_found', 'infrastructure.not_found', { id })
  const settings = await findLandSettings(db)
  const progress = await findProgress(db, id)
  const serves = await findServedParcels(db, id, settings.serving_distance_m)
  return { ...toFeature(item, today), progress, serves }
}

/** The progress reports of item `id`, oldest first. */
export function infrastructureProgress(db: Queryable, id: number) {
  return findProgress(db, id)
}
