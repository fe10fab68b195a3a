import type { Map as MapLibreMap } from 'maplibre-gl'
import { useCallback, useEffect, useMemo } from 'react'
import { api } from '../../api/client'
import { applyHighlights, type ParcelHighlight } from '../../map/layers/highlights'
import { applyInfrastructureView } from '../../map/layers/infrastructure'
import { applyProjectsView } from '../../map/layers/projects'
import { useLiveQuery } from '../live/use-live-query'
import type { MapFilter } from './map-filter'

/**
 * Drives the overlays from the leaders' view: the playback date (infrastructure finished by then, projects at
 * their stage then) and the chart filter (a sector's projects, a month's parcels, an owner's late parcels).
 * Only filters and paint properties change; no layer is rebuilt.
 */
export function useLeaderMap(map: MapLibreMap | null, asOf: string | null, filter: MapFilter) {
  const owner = filter.owner
  const loadLate = useCallback((signal: AbortSignal) => api.lateMilestones(signal), [])
  const late = useLiveQuery(owner ? 'late-milestones' : null, loadLate, ['parcels', 'milestones'])

  const highlight: ParcelHighlight | null = useMemo(() => {
    if (filter.month) return { month: filter.month }
    if (owner && late.data) {
      const ids = late.data.filter((m) => (m.owner ?? '').trim() === owner).map((m) => m.parcel_id)
      return { parcelIds: [...new Set(ids)] }
    }
    return null
  }, [filter.month, owner, late.data])

  useEffect(() => {
    if (!map) return
    applyProjectsView(map, { asOf, sector: filter.sector })
  }, [map, asOf, filter.sector])

  useEffect(() => {
    if (!map) return
    applyInfrastructureView(map, asOf)
  }, [map, asOf])

  useEffect(() => {
    if (!map) return
    applyHighlights(map, highlight)
  }, [map, highlight])

  return { highlightedParcels: highlight && 'parcelIds' in highlight ? highlight.parcelIds.length : null }
}
