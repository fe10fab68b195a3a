import type {
  ExpressionSpecification,
  GeoJSONSourceSpecification,
  LayerSpecification,
  Map as MapLibreMap,
} from 'maplibre-gl'
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
const selected: ExpressionSpecification = ['boolean', ['feature-state', 'selected'], false]
const hover: ExpressionSpecification = ['boolean', ['feature-state', 'hover'], false]

const byProgress: ExpressionSpecification = [
  'interpolate',
  ['linear'],
  ['to-number', ['get', 'progress_pct'], 0],
  0,
  C.in_progress_start,
  100,
  C.in_progress_end,
]

/** Late is red whatever the progress; otherwise planned grey, done blue, in progress yellow → green by %. */
export const progressColour: ExpressionSpecification = [
  'case',
  late,
  C.late,
  planned,
  C.planned,
  done,
  C.done,
  byProgress,
]

/** An ISO date property on or before `date` (ISO dates compare lexically); a missing date is never. */
const onOrBefore = (key: string, date: string): ExpressionSpecification => [
  '<=',
  ['coalesce', ['get', key], '9999-12-31'],
  date,
]

/**
 * The colour on a playback date: finished by then (actual_finish ≤ date) done blue; past its planned finish
 * and not finished red; started (planned_start ≤ date) in the in-progress colour; otherwise planned grey.
 */
function colourOn(date: string): ExpressionSpecification {
  return [
    'case',
    onOrBefore('actual_finish', date),
    C.done,
    ['<', ['coalesce', ['get', 'planned_finish'], '9999-12-31'], date],
    C.late,
    onOrBefore('planned_start', date),
    C.in_progress_start,
    C.planned,
  ]
}

/** Solid once finished; dashed while planned (or, on a playback date, until finished by then). */
function dashes(date: string | null): ExpressionSpecification {
  const solid = date ? onOrBefore('actual_finish', date) : ['any', ['!', planned], late]
  return ['case', solid, ['literal', [1, 0]], ['literal', [2, 1.5]]] as unknown as ExpressionSpecification
}

/** Roads are drawn wider than the pipes and cables that run along them. */
const kindWidth: ExpressionSpecification = ['match', ['get', 'kind'], 'road', 1.8, 1]

const lineWidth: ExpressionSpecification = [
  'interpolate',
  ['linear'],
  ['zoom'],
  11,
  ['*', kindWidth, ['case', selected, 4, hover, 2.5, 1.5]],
  16,
  ['*', kindWidth, ['case', selected, 8, hover, 5, 4]],
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
      'line-width': lineWidth,
      'line-dasharray': dashes(null),
    },
  },
  {
    id: INFRASTRUCTURE_POINT,
    type: 'circle',
    source: INFRASTRUCTURE_SOURCE,
    filter: ['==', ['geometry-type'], 'Point'],
    paint: {
      'circle-color': progressColour,
      'circle-radius': [
        'interpolate',
        ['linear'],
        ['zoom'],
        11,
        ['case', selected, 7, 4],
        16,
        ['case', selected, 11, 8],
      ],
      'circle-stroke-color': ['case', selected, '#0b1f3a', late, C.late, '#1b2533'],
      'circle-stroke-width': ['case', selected, 3, 1.5],
    },
  },
]

export const INFRASTRUCTURE_LAYER_IDS = infrastructureLayers.map((layer) => layer.id)

/** Shows the infrastructure as it stood on `asOf` (null: as it stands today), by paint properties only. */
export function applyInfrastructureView(map: MapLibreMap, asOf: string | null): void {
  if (!map.getLayer(INFRASTRUCTURE_LINE)) return
  const colour = asOf ? colourOn(asOf) : progressColour
  map.setPaintProperty(INFRASTRUCTURE_LINE, 'line-color', colour)
  map.setPaintProperty(INFRASTRUCTURE_LINE, 'line-dasharray', dashes(asOf))
  map.setPaintProperty(INFRASTRUCTURE_POINT, 'circle-color', colour)
  map.setPaintProperty(
    INFRASTRUCTURE_POINT,
    'circle-opacity',
    asOf ? ['case', onOrBefore('planned_start', asOf), 1, 0.45] : 1,
  )
}
