import type { ImportGeometry } from './geometry'

/**
 * A Polygon or MultiPolygon as hex EWKB of a MultiPolygon in SRID 4326 (little-endian, 2D): the text PostGIS
 * reads straight into a geometry column, in COPY or as a literal, without parsing GeoJSON.
 * `toHexEwkb({ type: 'Polygon', coordinates: [[[0,0],[1,0],[1,1],[0,0]]] })` → '0106000020e6100000010000000103…'
 */
export function toHexEwkb(geometry: ImportGeometry): string {
  const polygons = geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates
  let size = 1 + 4 + 4 + 4
  for (const polygon of polygons) {
    size += 1 + 4 + 4
    for (const ring of polygon) size += 4 + ring.length * 16
  }
  const buffer = Buffer.allocUnsafe(size)
  let at = 0
  const header = (type: number) => {
    buffer.writeUInt8(1, at)
    buffer.writeUInt32LE(type, at + 1)
    at += 5
  }
  header(0x20000006) // MultiPolygon with an SRID
  buffer.writeUInt32LE(4326, at)
  buffer.writeUInt32LE(polygons.length, at + 4)
  at += 8
  for (const polygon of polygons) {
    header(3)
    buffer.writeUInt32LE(polygon.length, at)
    at += 4
    for (const ring of polygon) {
      buffer.writeUInt32LE(ring.length, at)
      at += 4
      for (const position of ring) {
        buffer.writeDoubleLE(position[0] ?? Number.NaN, at)
        buffer.writeDoubleLE(position[1] ?? Number.NaN, at + 8)
        at += 16
      }
    }
  }
  return buffer.toString('hex')
}
