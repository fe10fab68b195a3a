import { useMemo } from 'react'
import type { Dashboard } from '../../api/types'
import type { ParcelHighlight } from '../../map/layers/highlights'
import { ownerItems } from './filter-items'
import type { MapFilter } from './map-filter'

/**
 * The parcels the chart filter picks out on the map: those coming available in a month, or the parcels of an
 * owner's late milestones and the owner's late infrastructure (from the dashboard's late items, kept fresh by the live stream). MapView draws them.
 * `highlightedParcels` counts all of the owner's late items (milestones, blockers, infrastructure, follow-ups).
 */
export function useMapHighlight(filter: MapFilter, data: Dashboard | undefined) {
  const owner = filter.owner
  const highlight: ParcelHighlight | null = useMemo(() => {
    if (filter.month) return { month: filter.month }
    if (owner && data) {
      const items = ownerItems(data, owner)
      const ids = items.flatMap((item) => (item.parcel_id !== null ? [item.parcel_id] : []))
      const infrastructure = items.flatMap((item) =>
        item.infrastructure_id !== null ? [item.infrastructure_id] : [],
      )
      return { parcelIds: [...new Set(ids)], infrastructureIds: [...new Set(infrastructure)] }
    }
    return null
  }, [filter.month, owner, data])

  return {
    highlight,
    highlightedParcels: owner && data ? ownerItems(data, owner).length : null,
  }
}
