import type {
  ExpressionSpecification,
  FilterSpecification,
  LayerSpecification,
  Map as MapLibreMap,
} from 'maplibre-gl'
import { availableInMonth, PARCELS_SOURCE, PARCELS_SOURCE_LAYER } from './parcels'

/** Parcels picked out by a dashboard filter (a month of land supply, an owner's late items), over the parcels. */
export const HIGHLIGHTS_FILL = 'highlights-fill'
export const HIGHLIGHTS_OUTLINE = 'highlights-outline'
export const HIGHLIGHT_COLOUR = '#e91e63'

/** Which parcels to pick out: those coming available in a month (YYYY-MM), or a list of parcel ids. */
export type ParcelHighlight = { month: string } | { parcelIds: readonly number[] }

const NOTHING: FilterSpecification = ['==', ['get', 'id'], -1]
const EVERY_PARCEL: FilterSpecification = ['has', 'id']

/**
 * Which parcels the highlight layers hold: the listed ids (the tiles carry `id`), or every parcel for a month,
 * whose available_on is feature-state (filters cannot read it) and picked out by `highlightsShown`.
 */
export function highlightsFilter(highlight: ParcelHighlight | null): FilterSpecification {
  if (!highlight) return NOTHING
  if ('month' in highlight) return EVERY_PARCEL
  return ['in', ['get', 'id'], ['literal', [...highlight.parcelIds]]] as unknown as FilterSpecification
}

/** 1 where the highlight shows a parcel the filter lets through, else 0: a month reads the forecast in feature-state. */
export function highlightsShown(highlight: ParcelHighlight | null): ExpressionSpecification | number {
  if (!highlight || !('month' in highlight)) return 1
  return ['case', availableInMonth(highlight.month), 1, 0] as unknown as ExpressionSpecification
}

const selected: ExpressionSpecification = ['boolean', ['feature-state', 'selected'], false]

export const highlightsLayers: LayerSpecification[] = [
  {
    id: HIGHLIGHTS_FILL,
    type: 'fill',
    source: PARCELS_SOURCE,
    'source-layer': PARCELS_SOURCE_LAYER,
    filter: NOTHING,
    paint: { 'fill-color': HIGHLIGHT_COLOUR, 'fill-opacity': 0.45 },
  },
  {
    id: HIGHLIGHTS_OUTLINE,
    type: 'line',
    source: PARCELS_SOURCE,
    'source-layer': PARCELS_SOURCE_LAYER,
    filter: NOTHING,
    paint: { 'line-color': HIGHLIGHT_COLOUR, 'line-width': ['case', selected, 4, 2.5] },
  },
]

export const HIGHLIGHTS_LAYER_IDS = highlightsLayers.map((layer) => layer.id)

/** Sets which parcels are highlighted, by filter and paint only. */
export function applyHighlights(map: MapLibreMap, highlight: ParcelHighlight | null): void {
  if (!map.getLayer(HIGHLIGHTS_FILL) || !map.getLayer(HIGHLIGHTS_OUTLINE)) return
  const filter = highlightsFilter(highlight)
  const shown = highlightsShown(highlight)
  for (const id of HIGHLIGHTS_LAYER_IDS) map.setFilter(id, filter)
  map.setPaintProperty(
    HIGHLIGHTS_FILL,
    'fill-opacity',
    typeof shown === 'number' ? 0.45 : (['*', 0.45, shown] as unknown as ExpressionSpecification),
  )
  map.setPaintProperty(HIGHLIGHTS_OUTLINE, 'line-opacity', shown)
}
