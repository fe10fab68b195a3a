import type { GeoJSONSourceSpecification, LayerSpecification } from 'maplibre-gl'

export const INSPECTIONS_SOURCE = 'inspections'
export const INSPECTIONS_CIRCLE = 'inspections-circle'

export const inspectionsSource: GeoJSONSourceSpecification = {
  type: 'geojson',
  data: { type: 'FeatureCollection', features: [] },
  promoteId: 'id',
}

/** Where inspections were recorded (issue 17): a problem red, a normal visit green, from zoom 13. */
export const inspectionsLayers: LayerSpecification[] = [
  {
    id: INSPECTIONS_CIRCLE,
    type: 'circle',
    source: INSPECTIONS_SOURCE,
    minzoom: 13,
    paint: {
      'circle-color': ['match', ['get', 'finding'], 'problem', '#d62f2f', '#1b9e4b'],
      'circle-radius': ['interpolate', ['linear'], ['zoom'], 13, 3, 17, 7],
      'circle-stroke-color': '#ffffff',
      'circle-stroke-width': 1.5,
    },
  },
]
