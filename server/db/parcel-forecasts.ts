import { forecastParcel, type ParcelForecast } from '../domain/schedule'
import type { ParcelScheduleRow } from './parcels'
import { findServicingFloors } from './parcels'
import type { Queryable } from './pool'
import { findLandSettings } from './zone'

/**
 * The forecast of each parcel as of `today`, in the order given: the zone's at-risk margin, and the servicing
 * milestone held back by the unfinished infrastructure serving the parcel. The one place the list, a parcel,
 * the map's readiness and the exports forecast from.
 */
export async function forecastParcels(
  db: Queryable,
  rows: readonly ParcelScheduleRow[],
  today: string,
): Promise<ParcelForecast[]> {
  const settings = await findLandSettings(db)
  const floors = await findServicingFloors(
    db,
    rows.map((r) => r.id),
    settings.serving_distance_m,
  )
  return rows.map((row) => {
    const floor = floors.get(row.id)
    return forecastParcel(
      row.milestones,
      row.targetOn,
      today,
      settings.at_risk_margin_days,
      floor ? { servicing: floor } : {},
    )
  })
}
