type Position = number[]

/** A GeoJSON Polygon or MultiPolygon in WGS84 lon/lat, 2D. */
export type ImportGeometry = GeoJSON.Polygon | GeoJSON.MultiPolygon

/**
 * Checks a parcel geometry as read from a file and projects it to WGS84 lon/lat (2D, any Z dropped):
 * Polygon or MultiPolygon, every ring closed with at least 4 positions, every position convertible.
 * PostGIS then judges validity (self-intersections and the like).
 */
export function projectGeometry(
  geometry: unknown,
  project: (p: Position) => Position | string,
): { ok: true; value: ImportGeometry } | { ok: false; reason: string } {
  if (geometry === null || geometry === undefined) return { ok: false, reason: 'the feature has no geometry' }
  const g = geometry as { type?: unknown; coordinates?: unknown }
  if (g.type !== 'Polygon' && g.type !== 'MultiPolygon')
    return { ok: false, reason: `geometry type ${String(g.type)} is not a Polygon or MultiPolygon` }
  const polygons = (g.type === 'Polygon' ? [g.coordinates] : g.coordinates) as unknown
  if (!Array.isArray(polygons) || polygons.length === 0) return { ok: false, reason: 'the geometry is empty' }
  const out: Position[][][] = []
  for (const polygon of polygons) {
    if (!Array.isArray(polygon) || polygon.length === 0)
      return { ok: false, reason: 'a polygon has no rings' }
    const rings: Position[][] = []
    for (const [r, ring] of polygon.entries()) {
      if (!Array.isArray(ring) || ring.length < 4)
        return { ok: false, reason: `ring ${r + 1} has fewer than 4 positions` }
      const first = ring[0] as Position
      const last = ring[ring.length - 1] as Position
      if (!Array.isArray(first) || !Array.isArray(last) || first[0] !== last[0] || first[1] !== last[1])
        return { ok: false, reason: `ring ${r + 1} is not closed: its first and last positions differ` }
      const projected: Position[] = []
      for (const p of ring as unknown[]) {
        if (!Array.isArray(p))
          return { ok: false, reason: `ring ${r + 1} holds a position that is not an array` }
        const q = project(p as Position)
        if (typeof q === 'string') return { ok: false, reason: q }
        projected.push(q)
      }
      rings.push(projected)
    }
    out.push(rings)
  }
  const value: ImportGeometry =
    g.type === 'Polygon'
      ? { type: 'Polygon', coordinates: out[0] as Position[][] }
      : { type: 'MultiPolygon', coordinates: out }
  return { ok: true, value }
}
