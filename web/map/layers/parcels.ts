import type { ExpressionSpecification, GeoJSONSourceSpecification, LayerSpecification } from 'maplibre-gl'
import { PARCEL_STATUS_COLOURS } from '../../../server/domain/colours'
import { PARCEL_STATUSES } from '../../../server/domain/vocabulary'

export const PARCELS_SOURCE = 'parcels'
export const PARCELS_FILL = 'parcels-fill'
export const PARCELS_OUTLINE = 'parcels-outline'

export const parcelsSource: GeoJSONSourceSpecification = {
  type: 'geojson',
  data: { type: 'FeatureCollection', features: [] },
  // feature-state (selected, hover) is keyed by the parcel id
  promoteId: 'id',
}

const statusColour: ExpressionSpecification = [
  'match',
  ['get', 'status'],
  ...PARCEL_STATUSES.flatMap((status) => [status, PARCEL_STATUS_COLOURS[status]]),
  '#cccccc',
] as unknown as ExpressionSpecification

const selected: ExpressionSpecification = ['boolean', ['feature-state', 'selected'], false]
const hover: ExpressionSpecification = ['boolean', ['feature-state', 'hover'], false]

export const parcelsLayers: LayerSpecification[] = [
  {
    id: PARCELS_FILL,
    type: 'fill',
    source: PARCELS_SOURCE,
    paint: {
      'fill-color': statusColour,
      'fill-opacity': ['case', selected, 0.9, hover, 0.8, 0.62],
    },
  },
  {
    id: PARCELS_OUTLINE,
    type: 'line',
    source: PARCELS_SOURCE,
    paint: {
      'line-color': ['case', selected, '#0b1f3a', hover, '#24364f', '#ffffff'],
      'line-width': ['case', selected, 3, hover, 2, 0.8],
    },
  },
]

export const PARCELS_LAYER_IDS = parcelsLayers.map((layer) => layer.id)
