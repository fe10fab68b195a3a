import type { Map as MapLibreMap } from 'maplibre-gl'
import { useEffect, useRef } from 'react'
import { PARCEL_DETAIL_MINZOOM, SPARSE_DETAIL_MINZOOM } from '../../server/domain/tiles'
import { api } from '../api/client'
import type { ParcelReadiness } from '../api/types'
import { applyParcelReadiness, PARCELS_FILL } from './layers/parcels'

type Box = [number, number, number, number]

/** The view grown by half its size on every side, so a short pan needs no new request. */
function around(map: MapLibreMap): { view: Box; wanted: Box } {
  const bounds = map.getBounds()
  const view: Box = [bounds.getWest(), bounds.getSouth(), bounds.getEast(), bounds.getNorth()]
  const dx = (view[2] - view[0]) / 2
  const dy = (view[3] - view[1]) / 2
  const wanted: Box = [
    Math.max(-180, view[0] - dx),
    Math.max(-85, view[1] - dy),
    Math.min(180, view[2] + dx),
    Math.min(85, view[3] + dy),
  ]
  return { view, wanted }
}

function contains(outer: Box, inner: Box): boolean {
  return outer[0] <= inner[0] && outer[1] <= inner[1] && outer[2] >= inner[2] && outer[3] >= inner[3]
}

/**
 * Keeps the forecast (readiness, available_on) of the parcels around the view in feature-state: fetched from
 * GET /api/parcels/readiness when the map comes to rest outside the area already fetched, and again for a new
 * `revision` (a write). Below zoom 14 only sparse tiles carry parcels one by one: where the view shows none
 * (only summary cells, or below zoom 11) there is nothing to colour and nothing is fetched.
 * `onSettled` hears each answer (an empty one when nothing was needed).
 */
export function useParcelReadiness(
  map: MapLibreMap | null,
  revision: number,
  onSettled: (parcels: readonly ParcelReadiness[]) => void,
): void {
  const onSettledRef = useRef(onSettled)
  onSettledRef.current = onSettled
  // parcels carrying a forecast on this map, across revisions: a parcel the next answer lacks is cleared
  const appliedRef = useRef<{ map: MapLibreMap | null; ids: Set<number> }>({ map: null, ids: new Set() })

  // biome-ignore lint/correctness/useExhaustiveDependencies: a new revision fetches again
  useEffect(() => {
    if (!map) return
    if (appliedRef.current.map !== map) appliedRef.current = { map, ids: new Set() }
    const applied = appliedRef.current
    let fetched: Box | null = null
    // the area of the request in flight, if any
    let pending: Box | null = null
    // the view last found to have no parcel to colour: settled once, not again at every idle
    let bare: string | null = null
    let controller: AbortController | null = null
    const nothingToColour = (key: string) => {
      bare = key
      onSettledRef.current([])
      map.triggerRepaint()
    }
    const refresh = () => {
      const { view, wanted } = around(map)
      const key = view.join(',')
      if (bare === key) return
      if (map.getZoom() < SPARSE_DETAIL_MINZOOM) return nothingToColour(key)
      if ((fetched && contains(fetched, view)) || (pending && contains(pending, view))) return
      if (map.getZoom() < PARCEL_DETAIL_MINZOOM) {
        // which tiles carry parcels is known once they are in ('idle' asks again)
        if (!map.loaded()) return
        if (map.queryRenderedFeatures({ layers: [PARCELS_FILL] }).length === 0) return nothingToColour(key)
      }
      bare = null
      controller?.abort()
      const current = new AbortController()
      controller = current
      pending = wanted
      api.parcelReadiness(wanted, current.signal).then(
        (answer) => {
          if (current.signal.aborted) return
          pending = null
          fetched = wanted
          applied.ids = applyParcelReadiness(map, answer.parcels, applied.ids)
          onSettledRef.current(answer.parcels)
          map.triggerRepaint()
        },
        (error: unknown) => {
          if (current.signal.aborted) return
          pending = null
          console.warn('loading the parcels’ forecasts failed', error)
          onSettledRef.current([])
        },
      )
    }
    refresh()
    map.on('moveend', refresh)
    map.on('idle', refresh)
    return () => {
      map.off('moveend', refresh)
      map.off('idle', refresh)
      controller?.abort()
    }
  }, [map, revision])
}
