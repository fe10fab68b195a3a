import { kml } from '@tmcw/togeojson'
import { DOMParser } from '@xmldom/xmldom'
import type { ImportWarning, Parsed, ParsedFile, SourceFeature } from './types'

const POLYGONAL = new Set(['Polygon', 'MultiPolygon'])

/**
 * Reads the Placemarks of a KML document; KML is always WGS84 lon/lat (EPSG:4326). NetworkLinks (a link to
 * another KML, never fetched) and placemarks that are not polygons (points, lines, no geometry) are skipped, each
 * with a warning; the polygons are the features.
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
      message: {
        'zh-CN': `已跳过网络链接（NetworkLink）“${name}”${href ? `（${href}）` : ''}：不读取外部文件`,
        en: `skipped NetworkLink "${name}"${href ? ` (${href})` : ''}: linked files are not fetched`,
      },
    })
  }
  // togeojson walks the DOM interfaces that xmldom implements
  const collection = kml(doc as unknown as Document)
  const features: SourceFeature[] = []
  for (const [i, f] of collection.features.entries()) {
    const geometry = polygonsOf(f.geometry)
    const properties = (f.properties ?? {}) as Record<string, unknown>
    if (!geometry || !POLYGONAL.has(geometry.type)) {
      const name = typeof properties.name === 'string' && properties.name ? properties.name : `#${i + 1}`
      const kind = geometry?.type ?? 'none'
      warnings.push({
        code: 'not_a_polygon',
        index: i,
        message: {
          'zh-CN': `已跳过第 ${i + 1} 个地标“${name}”：不是面（${kind}）`,
          en: `skipped placemark ${i + 1} "${name}": not a polygon (${kind})`,
        },
      })
      continue
    }
    features.push({ ...(f.id !== undefined ? { id: f.id } : {}), properties, geometry })
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
