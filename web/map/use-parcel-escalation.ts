import { useQuery } from '@tanstack/react-query'
import type { Map as MapLibreMap } from 'maplibre-gl'
import { useEffect, useRef } from 'react'
import { meetingQueries } from '../features/meetings/meetings-api'
import { applyEscalationView, applyParcelLevels, parcelLevels } from './layers/escalation'

/**
 * The 督办 colour mode (issue 16): while it is on, the late items (GET /api/late, kept fresh by the live stream)
 * give each parcel the level of its worst one in feature-state, and the red and yellow outlines show.
 */
export function useParcelEscalation(map: MapLibreMap | null, on: boolean, parcelsShown: boolean) {
  const late = useQuery({ ...meetingQueries.late(), enabled: map !== null && on })
  const applied = useRef<Set<number>>(new Set())
  useEffect(() => {
    if (!map) return
    applyEscalationView(map, on && parcelsShown)
  }, [map, on, parcelsShown])
  useEffect(() => {
    if (!map || !late.data) return
    applied.current = applyParcelLevels(map, parcelLevels(late.data), applied.current)
  }, [map, late.data])
}
