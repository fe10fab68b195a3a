import type { Feature, Polygon } from 'geojson'
import type {
  FilterSpecification,
  GeoJSONSourceSpecification,
  LayerSpecification,
  StyleSpecification,
} from 'maplibre-gl'
import { BASE_MAP_COLOURS } from '../../../server/domain/colours'
import { INFRASTRUCTURE_SOURCE } from './infrastructure'

// The offline base: no remote tiles, glyphs or sprites, only the district's own data.
export const DISTRICT_SOURCE = 'district'
export const DISTRICT_LAND = 'district-land'
export const DISTRICT_ROADS_CASING = 'district-roads-casing'
export const DISTRICT_ROADS = 'district-roads'

/** A style with only a background: the app adds the district base and the overlays on load. */
export const offlineStyle: StyleSpecification = {
  version: 8,
  name: 'guatu-offline',
  sources: {},
  layers: [{ id: 'background', type: 'background', paint: { 'background-color': BASE_MAP_COLOURS.water } }],
}

/** The zone's extent, slightly enlarged, as the land mass under the parcels. */
export function districtSource(bbox: [number, number, number, number]): GeoJSONSourceSpecification {
  const [minLon, minLat, maxLon, maxLat] = bbox
  const padLon = (maxLon - minLon) * 0.04
  const padLat = (maxLat - minLat) * 0.04
  const land: Feature<Polygon> = {
    type: 'Feature',
    properties: {},
    geometry: {
      type: 'Polygon',
      coordinates: [
        [
          [minLon - padLon, minLat - padLat],
          [maxLon + padLon, minLat - padLat],
          [maxLon + padLon, maxLat + padLat],
          [minLon - padLon, maxLat + padLat],
          [minLon - padLon, minLat - padLat],
        ],
      ],
    },
  }
  return { type: 'geojson', data: land }
}

const isRoad: FilterSpecification = [
  'all',
  ['==', ['get', 'kind'], 'road'],
  ['!=', ['geometry-type'], 'Point'],
]

/** Land fill and roads (from the infrastructure source, whatever their progress) under the overlays. */
export const districtBaseLayers: LayerSpecification[] = [
  {
    id: DISTRICT_LAND,
    type: 'fill',
    source: DISTRICT_SOURCE,
    paint: { 'fill-color': BASE_MAP_COLOURS.land, 'fill-outline-color': BASE_MAP_COLOURS.landOutline },
  },
  {
    id: DISTRICT_ROADS_CASING,
    type: 'line',
    source: INFRASTRUCTURE_SOURCE,
    filter: isRoad,
    layout: { 'line-cap': 'round', 'line-join': 'round' },
    paint: {
      'line-color': BASE_MAP_COLOURS.roadCasing,
      'line-width': ['interpolate', ['exponential', 1.6], ['zoom'], 11, 3, 14, 9, 17, 30],
    },
  },
  {
    id: DISTRICT_ROADS,
    type: 'line',
    source: INFRASTRUCTURE_SOURCE,
    filter: isRoad,
    layout: { 'line-cap': 'round', 'line-join': 'round' },
    paint: {
      'line-color': BASE_MAP_COLOURS.road,
      'line-width': ['interpolate', ['exponential', 1.6], ['zoom'], 11, 2, 14, 7, 17, 26],
    },
  },
]
