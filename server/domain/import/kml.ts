import { kml } from '@tmcw/togeojson'
import { DOMParser } from '@xmldom/xmldom'
import type { Parsed, ParsedFile, SourceFeature } from './types'

/** Reads the Placemarks of a KML document; KML is always WGS84 lon/lat (EPSG:4326). */
export function parseKml(text: string): Parsed<ParsedFile> {
  let doc: ReturnType<DOMParser['parseFromString']>
  try {
    doc = new DOMParser({
      onError: (level, message) => {
        if (level === 'fatalError') throw new Error(message)
      },
    }).parseFromString(text.replace(/^\uFEFF/, ''), 'text/xml')
  } catch (err) {
    return { ok: false, reason: `the KML is not well-formed XML: ${(err as Error).message}` }
  }
  if (doc.getElementsByTagName('kml').length === 0) return { ok: false, reason: 'the file is not KML' }
  // togeojson walks the DOM interfaces that xmldom implements
  const collection = kml(doc as unknown as Document)
  const features = collection.features.map(
    (f): SourceFeature => ({
      ...(f.id !== undefined ? { id: f.id } : {}),
      properties: (f.properties ?? {}) as Record<string, unknown>,
      geometry: polygonsOf(f.geometry),
    }),
  )
  return { ok: true, value: { features, crs: 'EPSG:4326' } }
}

/**
 * A KML MultiGeometry of polygons (togeojson reads it as a GeometryCollection) as one MultiPolygon; anything
 * else as it is, for the geometry check to accept or name.
 */
function polygonsOf(geometry: GeoJSON.Geometry | null): GeoJSON.Geometry | null {
  if (geometry?.type !== 'GeometryCollection') return geometry
  const parts = geometry.geometries.map(polygonsOf)
  if (parts.length === 0 || !parts.every((g) => g?.type === 'Polygon' || g?.type === 'MultiPolygon'))
    return geometry
  const coordinates = (parts as (GeoJSON.Polygon | GeoJSON.MultiPolygon)[]).flatMap((g) =>
    g.type === 'Polygon' ? [g.coordinates] : g.coordinates,
  )
  return { type: 'MultiPolygon', coordinates }
}
