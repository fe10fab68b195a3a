import type { Map as MapLibreMap } from 'maplibre-gl'
import { useEffect, useRef } from 'react'
import { type ShareState, writeShareLink } from './share-link'

const THROTTLE_MS = 400

/**
 * Keeps the address bar in step with the view (history.replaceState, at most every 400 ms), and moves a new
 * map to the link's centre and zoom once.
 */
export function useShareLink(
  map: MapLibreMap | null,
  state: Omit<ShareState, 'center' | 'zoom'>,
  initial: ShareState,
) {
  const stateRef = useRef(state)
  const timer = useRef<number | undefined>(undefined)
  const jumped = useRef(false)

  const schedule = useRef(() => {})
  schedule.current = () => {
    if (timer.current !== undefined) return
    timer.current = window.setTimeout(() => {
      timer.current = undefined
      const camera = mapRef.current
      const centre = camera?.getCenter()
      const search = writeShareLink({
        ...stateRef.current,
        ...(centre && camera ? { center: [centre.lng, centre.lat], zoom: camera.getZoom() } : {}),
      })
      const url = `${window.location.pathname}${search}${window.location.hash}`
      if (url !== `${window.location.pathname}${window.location.search}${window.location.hash}`) {
        window.history.replaceState(window.history.state, '', url)
      }
    }, THROTTLE_MS)
  }
  const mapRef = useRef(map)

  useEffect(() => {
    stateRef.current = state
    schedule.current()
  })

  useEffect(() => {
    mapRef.current = map
    if (!map) return
    if (!jumped.current && initial.center) {
      jumped.current = true
      map.jumpTo({ center: initial.center, ...(initial.zoom !== undefined ? { zoom: initial.zoom } : {}) })
    }
    const moved = () => schedule.current()
    map.on('moveend', moved)
    return () => {
      map.off('moveend', moved)
    }
  }, [map, initial])

  useEffect(() => () => window.clearTimeout(timer.current), [])
}
