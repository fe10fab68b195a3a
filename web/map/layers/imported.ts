import type { FilterSpecification, LayerSpecification, Map as MapLibreMap } from 'maplibre-gl'
import { PARCELS_SOURCE, PARCELS_SOURCE_LAYER } from './parcels'

/** The parcels an import just wrote (cyan), those that overlap another parcel outlined in red, dashed. */
export const IMPORTED_FILL = 'imported-fill'
export const IMPORTED_OUTLINE = 'imported-outline'
export const IMPORTED_OVERLAP = 'imported-overlap'
export const IMPORTED_COLOUR = '#00acc1'
export const OVERLAP_COLOUR = '#d32f2f'

const NOTHING: FilterSpecification = ['==', ['get', 'id'], -1]
const among = (ids: readonly number[]): FilterSpecification =>
  ids.length === 0
    ? NOTHING
    : (['in', ['get', 'id'], ['literal', [...ids]]] as unknown as FilterSpecification)

export const importedLayers: LayerSpecification[] = [
  {
    id: IMPORTED_FILL,
    type: 'fill',
    source: PARCELS_SOURCE,
    'source-layer': PARCELS_SOURCE_LAYER,
    filter: NOTHING,
    paint: { 'fill-color': IMPORTED_COLOUR, 'fill-opacity': 0.5 },
  },
  {
    id: IMPORTED_OUTLINE,
    type: 'line',
    source: PARCELS_SOURCE,
    'source-layer': PARCELS_SOURCE_LAYER,
    filter: NOTHING,
    paint: { 'line-color': '#006064', 'line-width': 2 },
  },
  {
    id: IMPORTED_OVERLAP,
    type: 'line',
    source: PARCELS_SOURCE,
    'source-layer': PARCELS_SOURCE_LAYER,
    filter: NOTHING,
    paint: { 'line-color': OVERLAP_COLOUR, 'line-width': 4, 'line-dasharray': [2, 1] },
  },
]

/** Which parcels the imported layers show: the import's, and among them those that overlap. */
export function applyImported(
  map: MapLibreMap,
  imported: { ids: readonly number[]; overlapIds: readonly number[] } | null,
): void {
  if (!map.getLayer(IMPORTED_FILL)) return
  map.setFilter(IMPORTED_FILL, among(imported?.ids ?? []))
  map.setFilter(IMPORTED_OUTLINE, among(imported?.ids ?? []))
  map.setFilter(IMPORTED_OVERLAP, among(imported?.overlapIds ?? []))
}
