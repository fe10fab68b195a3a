import type {
  ExpressionSpecification,
  FilterSpecification,
  LayerSpecification,
  Map as MapLibreMap,
} from 'maplibre-gl'
import { INFRASTRUCTURE_SOURCE } from './infrastructure'
import { availableInMonth, PARCELS_SOURCE, PARCELS_SOURCE_LAYER } from './parcels'

/**
 * Parcels picked out by a dashboard filter (a month of land supply, an owner's late items), over the parcels; and
 * an owner's late infrastructure, as a wide band under its line or a disc under its point.
 */
export const HIGHLIGHTS_FILL = 'highlights-fill'
export const HIGHLIGHTS_OUTLINE = 'highlights-outline'
export const HIGHLIGHTS_INFRASTRUCTURE_LINE = 'highlights-infrastructure-line'
export const HIGHLIGHTS_INFRASTRUCTURE_POINT = 'highlights-infrastructure-point'
export const HIGHLIGHT_COLOUR = '#e91e63'

/**
 * What to pick out: the parcels coming available in a month (YYYY-MM), or lists of parcel and infrastructure ids
 * (an owner's late milestones and late infrastructure).
 */
export type ParcelHighlight =
  | { month: string }
  | { parcelIds: readonly number[]; infrastructureIds?: readonly number[] }

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

/** Which infrastructure items the highlight holds, of one geometry: points, or lines and outlines. */
export function infrastructureHighlightFilter(
  highlight: ParcelHighlight | null,
  geometry: 'point' | 'line',
): FilterSpecification {
  const ids = highlight && 'parcelIds' in highlight ? (highlight.infrastructureIds ?? []) : []
  if (ids.length === 0) return NOTHING
  return [
    'all',
    [geometry === 'point' ? '==' : '!=', ['geometry-type'], 'Point'],
    ['in', ['get', 'id'], ['literal', [...ids]]],
  ] as unknown as FilterSpecification
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

/** Drawn before the infrastructure layers, so the item itself stays on top of its band. */
export const infrastructureHighlightLayers: LayerSpecification[] = [
  {
    id: HIGHLIGHTS_INFRASTRUCTURE_LINE,
    type: 'line',
    source: INFRASTRUCTURE_SOURCE,
    filter: NOTHING,
    layout: { 'line-cap': 'round', 'line-join': 'round' },
    paint: { 'line-color': HIGHLIGHT_COLOUR, 'line-width': 14, 'line-opacity': 0.55 },
  },
  {
    id: HIGHLIGHTS_INFRASTRUCTURE_POINT,
    type: 'circle',
    source: INFRASTRUCTURE_SOURCE,
    filter: NOTHING,
    paint: { 'circle-color': HIGHLIGHT_COLOUR, 'circle-radius': 14, 'circle-opacity': 0.55 },
  },
]

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
  if (map.getLayer(HIGHLIGHTS_INFRASTRUCTURE_LINE))
    map.setFilter(HIGHLIGHTS_INFRASTRUCTURE_LINE, infrastructureHighlightFilter(highlight, 'line'))
  if (map.getLayer(HIGHLIGHTS_INFRASTRUCTURE_POINT))
    map.setFilter(HIGHLIGHTS_INFRASTRUCTURE_POINT, infrastructureHighlightFilter(highlight, 'point'))
}
