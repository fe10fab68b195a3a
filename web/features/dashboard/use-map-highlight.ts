import { useQuery } from '@tanstack/react-query'
import { useMemo } from 'react'
import { queries } from '../../api/queries'
import type { ParcelHighlight } from '../../map/layers/highlights'
import { firmQueries } from '../firms/firm-queries'
import type { MapFilter } from './map-filter'

/**
 * The parcels the chart filter picks out on the map: those coming available in a month, or an owner's late
 * parcels (from the late milestones, kept fresh by the live stream). MapView draws them.
 */
export function useMapHighlight(filter: MapFilter) {
  const owner = filter.owner
  const late = useQuery({ ...queries.lateMilestones(), enabled: owner !== null })
  // breached 标准地 commitments are late items of their owner too
  const lateSales = useQuery({ ...firmQueries.lateCommitments(), enabled: owner !== null })

  const highlight: ParcelHighlight | null = useMemo(() => {
    if (filter.month) return { month: filter.month }
    if (owner && late.data) {
      const ids = late.data.filter((m) => (m.owner ?? '').trim() === owner).map((m) => m.parcel_id)
      const sales = (lateSales.data ?? []).filter((c) => c.owner === owner).map((c) => c.parcel_id)
      return { parcelIds: [...new Set([...ids, ...sales])] }
    }
    return null
  }, [filter.month, owner, late.data, lateSales.data])

  return {
    highlight,
    highlightedParcels: highlight && 'parcelIds' in highlight ? highlight.parcelIds.length : null,
  }
}
