import { findParcelIdsServedBy } from '../../db/land-forecasts'
import { findLandSettings } from '../../db/zone'
import type { Tx } from '../write'
import { reforecastServedBy } from './reforecast'

/**
 * Re-forecasts, in this write's transaction, the parcels these infrastructure items serve, and records a 'parcels'
 * change for them (their readiness may have moved) when there are any.
 */
export async function reforecastServedParcels(tx: Tx, infrastructureIds: readonly number[]) {
  const ids = await reforecastServedBy(tx.db, infrastructureIds, tx.today)
  if (ids.length > 0) await tx.record({ resource: 'parcels', action: 'update', ids, history: [] })
  return ids
}

/** The parcels these items serve now (read before a move: those it leaves need a new forecast too). */
export async function parcelsServedBy(tx: Tx, infrastructureIds: readonly number[]) {
  const settings = await findLandSettings(tx.db)
  return findParcelIdsServedBy(tx.db, infrastructureIds, settings.serving_distance_m)
}
