/**
 * How many parcels are ready to offer by `date` (YYYY-MM-DD), done or forecast, and not yet handed over: those
 * whose `available_on` is on or before it. A parcel handed over has no `available_on` (null), so it is never
 * counted. Example: available_on 2026-05-01, 2026-07-01 and null, by 2026-06-30 → 1.
 */
export function countReadyToOffer(parcels: readonly { available_on: string | null }[], date: string): number {
  return parcels.filter((p) => p.available_on !== null && p.available_on <= date).length
}
