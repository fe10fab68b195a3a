import { useQuery } from '@tanstack/react-query'
import type { Map as MapLibreMap } from 'maplibre-gl'
import { useEffect, useRef } from 'react'
import { firmQueries } from '../features/firms/firm-queries'
import { applyParcelEfficiency } from './layers/parcels'

/**
 * While the parcels are coloured by grade or commitment: the grade of each firm's parcels in the last finished
 * year and the status of each parcel's 标准地 commitment (GET /api/evaluation/parcels, a few hundred rows at most:
 * only land used by firms) in feature-state, fetched again when firm data goes stale (the live stream).
 * `onApplied` hears each answer once it is in feature-state. Called by MapView with its map.
 */
export function useParcelEfficiency(map: MapLibreMap | null, enabled: boolean, onApplied?: () => void): void {
  const answer = useQuery({ ...firmQueries.evaluationParcels(null), enabled: enabled && map !== null })
  const appliedRef = useRef<{ map: MapLibreMap | null; ids: Set<number> }>({ map: null, ids: new Set() })
  const onAppliedRef = useRef(onApplied)
  onAppliedRef.current = onApplied
  const data = answer.data
  useEffect(() => {
    if (!map || !data) return
    if (appliedRef.current.map !== map) appliedRef.current = { map, ids: new Set() }
    appliedRef.current.ids = applyParcelEfficiency(map, data.parcels, appliedRef.current.ids)
    map.triggerRepaint()
    onAppliedRef.current?.()
  }, [map, data])
  const failure = answer.isError ? answer.error : null
  useEffect(() => {
    if (failure) console.warn('loading the grades of the parcels failed', failure)
  }, [failure])
}
