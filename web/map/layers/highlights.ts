import type {
  ExpressionSpecification,
  FilterSpecification,
  LayerSpecification,
  Map as MapLibreMap,
} from 'maplibre-gl'
import { PARCELS_SOURCE } from './parcels'

/** Parcels picked out by a dashboard filter (a month of land supply, an owner's late items), over the parcels. */
export const HIGHLIGHTS_FILL = 'highlights-fill'
export const HIGHLIGHTS_OUTLINE = 'highlights-outline'
export const HIGHLIGHT_COLOUR = '#e91e63'

/** Which parcels to pick out: those coming available in a month (YYYY-MM), or a list of parcel ids. */
export type ParcelHighlight = { month: string } | { parcelIds: readonly number[] }

const NOTHING: FilterSpecification = ['==', ['get', 'id'], -1]

export function highlightsFilter(highlight: ParcelHighlight | null): FilterSpecification {
  if (!highlight) return NOTHING
  if ('month' in highlight) {
    return [
      '==',
      ['slice', ['coalesce', ['get', 'available_on'], '0000-00'], 0, 7],
      highlight.month,
    ] as unknown as FilterSpecification
  }
  return ['in', ['get', 'id'], ['literal', [...highlight.parcelIds]]] as unknown as FilterSpecification
}

const selected: ExpressionSpecification = ['boolean', ['feature-state', 'selected'], false]

export const highlightsLayers: LayerSpecification[] = [
  {
    id: HIGHLIGHTS_FILL,
    type: 'fill',
    source: PARCELS_SOURCE,
    filter: NOTHING,
    paint: { 'fill-color': HIGHLIGHT_COLOUR, 'fill-opacity': 0.45 },
  },
  {
    id: HIGHLIGHTS_OUTLINE,
    type: 'line',
    source: PARCELS_SOURCE,
    filter: NOTHING,
    paint: { 'line-color': HIGHLIGHT_COLOUR, 'line-width': ['case', selected, 4, 2.5] },
  },
]

export const HIGHLIGHTS_LAYER_IDS = highlightsLayers.map((layer) => layer.id)

/** Sets which parcels are highlighted, by filter only. */
export function applyHighlights(map: MapLibreMap, highlight: ParcelHighlight | null): void {
  const filter = highlightsFilter(highlight)
  for (const id of HIGHLIGHTS_LAYER_IDS) if (map.getLayer(id)) map.setFilter(id, filter)
}
