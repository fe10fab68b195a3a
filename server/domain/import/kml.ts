import { kml } from '@tmcw/togeojson'
import { DOMParser } from '@xmldom/xmldom'
import { messagesOf } from '../messages'
import type { ImportWarning, Parsed, ParsedFile, SourceFeature } from './types'

/** Whether a placemark's geometry holds a polygon (a MultiGeometry may mix polygons with points or lines). */
function holdsPolygon(geometry: GeoJSON.Geometry | null): boolean {
  if (geometry?.type === 'GeometryCollection') return geometry.geometries.some(holdsPolygon)
  return geometry?.type === 'Polygon' || geometry?.type === 'MultiPolygon'
}

/**
 * Reads the Placemarks of a KML document; KML is always WGS84 lon/lat (EPSG:4326). NetworkLinks (a link to
 * another KML, never fetched), GroundOverlays (an image) and placemarks that hold no polygon (points, lines, no
 * geometry) are skipped, each with a warning. A placemark whose MultiGeometry mixes a polygon with points or lines
 * is kept, for the geometry check to refuse by name: it is a parcel drawn wrong, not something else.
 */
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
  const warnings: ImportWarning[] = []
  const links = doc.getElementsByTagName('NetworkLink')
  for (let i = 0; i < links.length; i++) {
    const link = links.item(i)
    const name = link?.getElementsByTagName('name').item(0)?.textContent?.trim() || `#${i + 1}`
    const href = link?.getElementsByTagName('href').item(0)?.textContent?.trim() ?? ''
    warnings.push({
      code: 'kml_network_link',
      index: null,
      message: messagesOf('import.warning_network_link', {
        name,
        href: href ? messagesOf('import.warning_link_href', { href }) : '',
      }),
    })
  }
  // togeojson walks the DOM interfaces that xmldom implements; since 7.x it also yields NetworkLinks (their Region
  // as a polygon) and GroundOverlays (their LatLonBox as a polygon) after the placemarks, marked '@geometry-type'
  const collection = kml(doc as unknown as Document)
  const features: SourceFeature[] = []
  let placemark = -1
  for (const f of collection.features) {
    const properties = (f.properties ?? {}) as Record<string, unknown>
    const name = typeof properties.name === 'string' ? properties.name.trim() : ''
    const kind = properties['@geometry-type']
    if (kind === 'networklink') continue // warned about above
    if (kind === 'groundoverlay') {
      warnings.push({
        code: 'kml_ground_overlay',
        index: null,
        message: messagesOf('import.warning_ground_overlay', { name: name || '—' }),
      })
      continue
    }
    placemark += 1
    if (!holdsPolygon(f.geometry)) {
      const shown = name || `#${placemark + 1}`
      const type = f.geometry?.type ?? 'none'
      warnings.push({
        code: 'not_a_polygon',
        index: placemark,
        message: messagesOf('import.warning_not_polygon', { number: placemark + 1, name: shown, type }),
      })
      continue
    }
    features.push({
      ...(f.id !== undefined ? { id: f.id } : {}),
      properties,
      geometry: polygonsOf(f.geometry),
    })
  }
  if (features.length === 0 && warnings.length > 0) {
    return {
      ok: false,
      reason: `the KML holds no polygon placemark (${warnings.map((w) => w.message.en).join('; ')})`,
    }
  }
  return { ok: true, value: { features, crs: 'EPSG:4326', warnings } }
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
