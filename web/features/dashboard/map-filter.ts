import type { Sector } from '../../../server/domain/vocabulary'

/** What a click on a dashboard chart filters the map by: a sector's projects, a month's land, an owner's late items. */
export type MapFilter = { sector: Sector | null; month: string | null; owner: string | null }

export const NO_FILTER: MapFilter = { sector: null, month: null, owner: null }

export function hasFilter(filter: MapFilter): boolean {
  return filter.sector !== null || filter.month !== null || filter.owner !== null
}
