import type { FeatureCollection } from 'geojson'
import type { GeoJSONSourceSpecification, LayerSpecification } from 'maplibre-gl'

/** The measuring tool's sketch: the points clicked, and the line or polygon through them. */
export const MEASURE_SOURCE = 'measure'
export const MEASURE_FILL = 'measure-fill'
export const MEASURE_LINE = 'measure-line'
export const MEASURE_POINTS = 'measure-points'

const COLOUR = '#e65100'

export const measureSource: GeoJSONSourceSpecification = {
  type: 'geojson',
  data: { type: 'FeatureCollection', features: [] },
}

/** The sketch of `points` ([lon, lat]): a line for a distance, a closed ring for an area (from three points). */
export function measureFeatures(
  mode: 'distance' | 'area',
  points: readonly (readonly [number, number])[],
): FeatureCollection {
  const coordinates = points.map(([lon, lat]) => [lon, lat])
  const features: FeatureCollection['features'] = coordinates.map((point, index) => ({
    type: 'Feature',
    properties: { index },
    geometry: { type: 'Point', coordinates: point },
  }))
  const first = coordinates[0]
  if (mode === 'area' && coordinates.length >= 3 && first) {
    features.push({
      type: 'Feature',
      properties: {},
      geometry: { type: 'Polygon', coordinates: [[...coordinates, first]] },
    })
  } else if (coordinates.length >= 2) {
    features.push({ type: 'Feature', properties: {}, geometry: { type: 'LineString', coordinates } })
  }
  return { type: 'FeatureCollection', features }
}

export const measureLayers: LayerSpecification[] = [
  {
    id: MEASURE_FILL,
    type: 'fill',
    source: MEASURE_SOURCE,
    filter: ['==', ['geometry-type'], 'Polygon'],
    paint: { 'fill-color': COLOUR, 'fill-opacity': 0.15 },
  },
  {
    id: MEASURE_LINE,
    type: 'line',
    source: MEASURE_SOURCE,
    filter: ['!=', ['geometry-type'], 'Point'],
    layout: { 'line-join': 'round', 'line-cap': 'round' },
    paint: { 'line-color': COLOUR, 'line-width': 2.5, 'line-dasharray': [2, 1] },
  },
  {
    id: MEASURE_POINTS,
    type: 'circle',
    source: MEASURE_SOURCE,
    filter: ['==', ['geometry-type'], 'Point'],
    paint: {
      'circle-radius': 5,
      'circle-color': '#ffffff',
      'circle-stroke-color': COLOUR,
      'circle-stroke-width': 2,
    },
  },
]
