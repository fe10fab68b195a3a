import { parseCrsName } from './crs'
import type { Parsed, ParsedFile, SourceFeature } from './types'

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/** The legacy GeoJSON 2008 `crs` member ({"type":"name","properties":{"name":"urn:ogc:def:crs:EPSG::4547"}}). */
function declaredCrs(root: Record<string, unknown>): Parsed<ParsedFile['crs']> {
  const crs = root.crs
  if (crs === undefined || crs === null) return { ok: true, value: null }
  const name = isObject(crs) && isObject(crs.properties) ? crs.properties.name : undefined
  if (typeof name !== 'string') return { ok: false, reason: 'the GeoJSON "crs" member has no name' }
  const parsed = parseCrsName(name)
  return parsed ? { ok: true, value: parsed } : { ok: false, reason: `unknown CRS "${name}" in the GeoJSON` }
}

function toSource(feature: unknown): SourceFeature {
  if (!isObject(feature) || feature.type !== 'Feature')
    return { properties: {}, geometry: null, problem: 'not a GeoJSON Feature' }
  const id = typeof feature.id === 'string' || typeof feature.id === 'number' ? feature.id : undefined
  return {
    ...(id !== undefined ? { id } : {}),
    properties: isObject(feature.properties) ? feature.properties : {},
    geometry: feature.geometry,
  }
}

/**
 * Reads a GeoJSON FeatureCollection, a single Feature or a bare Polygon/MultiPolygon.
 * Coordinates stay as written (WGS84 per RFC 7946 unless a legacy `crs` member says otherwise).
 */
export function parseGeoJson(text: string): Parsed<ParsedFile> {
  let root: unknown
  try {
    root = JSON.parse(text.replace(/^\uFEFF/, ''))
  } catch (err) {
    return { ok: false, reason: `the file is not valid JSON: ${(err as Error).message}` }
  }
  if (!isObject(root)) return { ok: false, reason: 'the file is not a GeoJSON object' }
  const crs = declaredCrs(root)
  if (!crs.ok) return crs
  if (root.type === 'FeatureCollection') {
    if (!Array.isArray(root.features))
      return { ok: false, reason: 'the FeatureCollection has no "features" array' }
    return { ok: true, value: { features: root.features.map(toSource), crs: crs.value } }
  }
  if (root.type === 'Feature') return { ok: true, value: { features: [toSource(root)], crs: crs.value } }
  if (root.type === 'Polygon' || root.type === 'MultiPolygon')
    return { ok: true, value: { features: [{ properties: {}, geometry: root }], crs: crs.value } }
  return { ok: false, reason: `the file is not a GeoJSON FeatureCollection (type "${String(root.type)}")` }
}
