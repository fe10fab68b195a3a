import { useQuery } from '@tanstack/react-query'
import type { Map as MapLibreMap } from 'maplibre-gl'
import { useEffect, useRef, useState } from 'react'
import { PARCEL_DETAIL_MINZOOM, SPARSE_DETAIL_MINZOOM } from '../../server/domain/tiles'
import { queries } from '../api/queries'
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

/** No box yet: the query waits (its key is never fetched). */
const NOWHERE: Box = [0, 0, 0, 0]

/**
 * Keeps the forecast (readiness, available_on) of the parcels around the view in feature-state: the readiness
 * query (GET /api/parcels/readiness) follows the box around the view when the map comes to rest outside the box
 * already asked for, and is fetched again when parcel data goes stale (a write here or anywhere: the live stream).
 * Below zoom 14 only sparse tiles carry parcels one by one: where the view shows none (only summary cells, or
 * below zoom 11) there is nothing to colour and nothing is fetched. `onSettled` hears each answer (an empty one
 * when nothing was needed or the request failed). Called by MapView with its map.
 */
export function useParcelReadiness(
  map: MapLibreMap | null,
  onSettled: (parcels: readonly ParcelReadiness[]) => void,
): void {
  const onSettledRef = useRef(onSettled)
  onSettledRef.current = onSettled
  const [wanted, setWanted] = useState<Box | null>(null)
  const readiness = useQuery({ ...queries.parcelReadiness(wanted ?? NOWHERE), enabled: wanted !== null })
  // parcels carrying a forecast on this map: a parcel the next answer lacks is cleared
  const appliedRef = useRef<{ map: MapLibreMap | null; ids: Set<number> }>({ map: null, ids: new Set() })

  useEffect(() => {
    if (!map) return
    setWanted(null)
    // the box asked for last (answered or in flight)
    let asked: Box | null = null
    // the view last found to have no parcel to colour: settled once, not again at every idle
    let bare: string | null = null
    const nothingToColour = (key: string) => {
      bare = key
      onSettledRef.current([])
      map.triggerRepaint()
    }
    const follow = () => {
      const { view, wanted } = around(map)
      const key = view.join(',')
      if (bare === key) return
      if (map.getZoom() < SPARSE_DETAIL_MINZOOM) return nothingToColour(key)
      if (asked && contains(asked, view)) return
      if (map.getZoom() < PARCEL_DETAIL_MINZOOM) {
        // which tiles carry parcels is known once they are in ('idle' asks again)
        if (!map.loaded()) return
        if (map.queryRenderedFeatures({ layers: [PARCELS_FILL] }).length === 0) return nothingToColour(key)
      }
      bare = null
      asked = wanted
      setWanted(wanted)
    }
    follow()
    map.on('moveend', follow)
    map.on('idle', follow)
    return () => {
      map.off('moveend', follow)
      map.off('idle', follow)
    }
  }, [map])

  const answer = readiness.data
  useEffect(() => {
    if (!map || !answer) return
    if (appliedRef.current.map !== map) appliedRef.current = { map, ids: new Set() }
    appliedRef.current.ids = applyParcelReadiness(map, answer.parcels, appliedRef.current.ids)
    onSettledRef.current(answer.parcels)
    map.triggerRepaint()
  }, [map, answer])

  const failure = readiness.isError ? readiness.error : null
  useEffect(() => {
    if (!failure) return
    console.warn('loading the parcels’ forecasts failed', failure)
    onSettledRef.current([])
  }, [failure])
}
