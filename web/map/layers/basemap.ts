import type { LayerSpecification, VectorSourceSpecification } from 'maplibre-gl'
import { addProtocol } from 'maplibre-gl'
import { Protocol } from 'pmtiles'
import { BASE_MAP_COLOURS } from '../../../server/domain/colours'

/**
 * The intranet basemap (GUATU_BASEMAP_PMTILES): one PMTiles archive on our own server, read in byte ranges by the
 * pmtiles protocol; drawn under the parcels, without labels (no glyphs to fetch). Its layers follow the
 * OpenMapTiles schema that tilemaker's default configuration writes (README "An intranet basemap").
 */
export const BASEMAP_SOURCE = 'basemap'

let registered = false

/** Registers the `pmtiles://` protocol with MapLibre, once per page. */
export function registerPmtilesProtocol(): void {
  if (registered) return
  const protocol = new Protocol()
  addProtocol('pmtiles', protocol.tile)
  registered = true
}

export function basemapSource(origin: string, path: string): VectorSourceSpecification {
  return { type: 'vector', url: `pmtiles://${origin}${path}` }
}

const source = { source: BASEMAP_SOURCE } as const

export const basemapLayers: LayerSpecification[] = [
  {
    id: 'basemap-landcover',
    type: 'fill',
    ...source,
    'source-layer': 'landcover',
    paint: { 'fill-color': '#e3ecd9', 'fill-opacity': 0.7 },
  },
  {
    id: 'basemap-landuse',
    type: 'fill',
    ...source,
    'source-layer': 'landuse',
    paint: { 'fill-color': '#ece9e2', 'fill-opacity': 0.7 },
  },
  {
    id: 'basemap-park',
    type: 'fill',
    ...source,
    'source-layer': 'park',
    paint: { 'fill-color': '#d8e8c8', 'fill-opacity': 0.8 },
  },
  {
    id: 'basemap-water',
    type: 'fill',
    ...source,
    'source-layer': 'water',
    paint: { 'fill-color': BASE_MAP_COLOURS.water },
  },
  {
    id: 'basemap-waterway',
    type: 'line',
    ...source,
    'source-layer': 'waterway',
    paint: { 'line-color': BASE_MAP_COLOURS.water, 'line-width': 1.5 },
  },
  {
    id: 'basemap-building',
    type: 'fill',
    ...source,
    'source-layer': 'building',
    minzoom: 14,
    paint: { 'fill-color': '#e2ddd3', 'fill-outline-color': '#cfc8ba' },
  },
  {
    id: 'basemap-roads',
    type: 'line',
    ...source,
    'source-layer': 'transportation',
    layout: { 'line-cap': 'round', 'line-join': 'round' },
    paint: {
      'line-color': '#ffffff',
      'line-width': ['interpolate', ['exponential', 1.5], ['zoom'], 10, 0.5, 14, 3, 17, 10],
    },
  },
]
