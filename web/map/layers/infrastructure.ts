import type { ExpressionSpecification, GeoJSONSourceSpecification, LayerSpecification } from 'maplibre-gl'
import { INFRASTRUCTURE_PROGRESS_COLOURS as C } from '../../../server/domain/colours'

export const INFRASTRUCTURE_SOURCE = 'infrastructure'
export const INFRASTRUCTURE_LINE = 'infrastructure-line'
export const INFRASTRUCTURE_POINT = 'infrastructure-point'

export const infrastructureSource: GeoJSONSourceSpecification = {
  type: 'geojson',
  data: { type: 'FeatureCollection', features: [] },
  promoteId: 'id',
}

const late: ExpressionSpecification = ['==', ['get', 'late'], true]
const planned: ExpressionSpecification = ['==', ['get', 'status'], 'planned']
const done: ExpressionSpecification = ['==', ['get', 'status'], 'done']

/** Late is red whatever the progress; otherwise planned grey, done blue, in progress yellow → green by %. */
export const progressColour: ExpressionSpecification = [
  'case',
  late,
  C.late,
  planned,
  C.planned,
  done,
  C.done,
  [
    'interpolate',
    ['linear'],
    ['to-number', ['get', 'progress_pct'], 0],
    0,
    C.in_progress_start,
    100,
    C.in_progress_end,
  ],
]

export const infrastructureLayers: LayerSpecification[] = [
  {
    id: INFRASTRUCTURE_LINE,
    type: 'line',
    source: INFRASTRUCTURE_SOURCE,
    // polygons (e.g. a substation's yard) are drawn by their outline
    filter: ['!=', ['geometry-type'], 'Point'],
    layout: { 'line-cap': 'butt', 'line-join': 'round' },
    paint: {
      'line-color': progressColour,
      'line-width': ['interpolate', ['linear'], ['zoom'], 11, 1.5, 16, 4],
      'line-dasharray': ['case', ['all', planned, ['!', late]], ['literal', [2, 1.5]], ['literal', [1, 0]]],
    },
  },
  {
    id: INFRASTRUCTURE_POINT,
    type: 'circle',
    source: INFRASTRUCTURE_SOURCE,
    filter: ['==', ['geometry-type'], 'Point'],
    paint: {
      'circle-color': progressColour,
      'circle-radius': ['interpolate', ['linear'], ['zoom'], 11, 4, 16, 8],
      'circle-stroke-color': '#1b2533',
      'circle-stroke-width': 1.5,
    },
  },
]

export const INFRASTRUCTURE_LAYER_IDS = infrastructureLayers.map((layer) => layer.id)
