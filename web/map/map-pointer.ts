import type { FeatureIdentifier, Map as MapLibreMap, MapMouseEvent } from 'maplibre-gl'
import { PARCEL_DETAIL_MINZOOM } from '../../server/domain/tiles'
import { INFRASTRUCTURE_LINE, INFRASTRUCTURE_POINT } from './layers/infrastructure'
import { isDrawn, PARCELS_FILL, PARCELS_OVERVIEW_FILL } from './layers/parcels'
import { PROJECTS_CIRCLE } from './layers/projects'
import type { Selection } from './overlays'

/** What a click means now: read at each event, so the handlers follow the view without being added again. */
export type PointerIntent = {
  /** terra-draw owns the pointer while a drawing task runs */
  drawing: () => boolean
  /** while parcels are picked (to merge them), a click on a parcel picks it instead of selecting */
  picking: () => ((id: number) => void) | null
  select: (selection: Selection | null) => void
}

const INTERACTIVE_LAYERS = [
  PROJECTS_CIRCLE,
  INFRASTRUCTURE_POINT,
  INFRASTRUCTURE_LINE,
  PARCELS_FILL,
  PARCELS_OVERVIEW_FILL,
]

/**
 * Hover (feature-state and cursor) and click (select, pick, or zoom into a summary cell) on the overlays of `map`.
 * Called by MapView once for each map it makes; the handlers go with the map.
 */
export function watchPointer(map: MapLibreMap, intent: PointerIntent): void {
  let hovered: FeatureIdentifier | null = null
  const setHover = (next: FeatureIdentifier | null) => {
    if (hovered && (!next || next.source !== hovered.source || next.id !== hovered.id)) {
      map.setFeatureState(hovered, { hover: false })
    }
    if (next) map.setFeatureState(next, { hover: true })
    hovered = next
  }

  const topFeature = (event: MapMouseEvent) => {
    if (!map.getLayer(PARCELS_FILL)) return undefined
    // projects are drawn above parcels, so they win a click on both; a parcel the date filter hides is not there
    return map
      .queryRenderedFeatures(event.point, { layers: INTERACTIVE_LAYERS })
      .find((feature) => feature.layer.id !== PARCELS_FILL || isDrawn(feature))
  }

  map.on('mousemove', (event) => {
    if (intent.drawing()) return
    const feature = topFeature(event)
    const id = feature?.id
    setHover(
      feature && typeof id === 'number'
        ? { source: feature.source, sourceLayer: feature.sourceLayer, id }
        : null,
    )
    map.getCanvas().style.cursor = feature ? 'pointer' : ''
  })
  map.on('mouseout', () => {
    setHover(null)
    map.getCanvas().style.cursor = ''
  })
  map.on('click', (event) => {
    if (intent.drawing()) return
    const feature = topFeature(event)
    // a summary cell of a dense area: zoom in to where its parcels are drawn one by one
    if (feature?.layer.id === PARCELS_OVERVIEW_FILL) {
      map.easeTo({ center: event.lngLat, zoom: Math.max(map.getZoom() + 2, PARCEL_DETAIL_MINZOOM) })
      return
    }
    const id = Number(feature?.id)
    const pick = intent.picking()
    if (pick) {
      if (feature && Number.isFinite(id) && feature.layer.id === PARCELS_FILL) pick(id)
    } else if (!feature || !Number.isFinite(id)) {
      intent.select(null)
    } else if (feature.layer.id === PROJECTS_CIRCLE) {
      intent.select({ kind: 'project', id })
    } else if (feature.layer.id === INFRASTRUCTURE_LINE || feature.layer.id === INFRASTRUCTURE_POINT) {
      intent.select({ kind: 'infrastructure', id })
    } else {
      intent.select({ kind: 'parcel', id })
    }
  })
}
