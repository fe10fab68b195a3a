import type { Map as MapLibreMap } from 'maplibre-gl'

/** Waits for the map to finish drawing what it shows, so a picture taken then is the current view. */
export function mapDrawn(map: MapLibreMap): Promise<void> {
  return new Promise((resolve) => {
    if (map.loaded() && !map.isMoving()) {
      map.once('render', () => resolve())
      map.triggerRepaint()
    } else {
      map.once('idle', () => resolve())
    }
  })
}
