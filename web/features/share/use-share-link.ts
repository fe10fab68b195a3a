import { useCallback, useEffect, useRef } from 'react'
import type { MapCamera } from '../../map/map-view'
import { type ShareState, writeShareLink } from './share-link'

const THROTTLE_MS = 400

/**
 * Keeps the address bar in step with the view (history.replaceState, at most every 400 ms). The map's camera
 * arrives through `onCamera`, which MapView calls once loaded and after each move.
 */
export function useShareLink(state: Omit<ShareState, 'center' | 'zoom'>) {
  const stateRef = useRef(state)
  const cameraRef = useRef<MapCamera | null>(null)
  const timer = useRef<number | undefined>(undefined)

  const schedule = useRef(() => {})
  schedule.current = () => {
    if (timer.current !== undefined) return
    timer.current = window.setTimeout(() => {
      timer.current = undefined
      const camera = cameraRef.current
      const search = writeShareLink({
        ...stateRef.current,
        ...(camera ? { center: camera.center, zoom: camera.zoom } : {}),
      })
      const url = `${window.location.pathname}${search}${window.location.hash}`
      if (url !== `${window.location.pathname}${window.location.search}${window.location.hash}`) {
        window.history.replaceState(window.history.state, '', url)
      }
    }, THROTTLE_MS)
  }

  useEffect(() => {
    stateRef.current = state
    schedule.current()
  })

  useEffect(() => () => window.clearTimeout(timer.current), [])

  const onCamera = useCallback((camera: MapCamera) => {
    cameraRef.current = camera
    schedule.current()
  }, [])

  return { onCamera }
}
