import geodesic from 'geographiclib-geodesic'
import { m2ToMu } from '../../server/domain/units'

/** A point as the map gives it: [lon, lat] in WGS84 degrees. */
export type LonLat = readonly [number, number]

const WGS84 = geodesic.Geodesic.WGS84

/**
 * The length in metres of the line through `points`, along geodesics on the WGS84 ellipsoid (GeographicLib,
 * exact to nanometres). `lineLength([[113.45, 22.55], [113.45, 22.56]])` → 1107.378 (a hundredth of a degree of
 * latitude there).
 */
export function lineLength(points: readonly LonLat[]): number {
  let metres = 0
  for (let i = 1; i < points.length; i++) {
    const [lon1, lat1] = points[i - 1] as LonLat
    const [lon2, lat2] = points[i] as LonLat
    metres += WGS84.Inverse(lat1, lon1, lat2, lon2).s12 ?? 0
  }
  return metres
}

/**
 * The area (m²) and perimeter (m) of the polygon through `points` (closed back to the first) on the WGS84
 * ellipsoid, whichever way it turns (GeographicLib's geodesic polygon; the spherical formula of @turf/area reads
 * about 0.25 % high at the zone's latitude). Fewer than three points have no area.
 */
export function polygonArea(points: readonly LonLat[]): { areaM2: number; perimeterM: number } {
  if (points.length < 3) return { areaM2: 0, perimeterM: lineLength(points) }
  const polygon = WGS84.Polygon(false)
  for (const [lon, lat] of points) polygon.AddPoint(lat, lon)
  const { area, perimeter } = polygon.Compute(false, true)
  return { areaM2: Math.abs(area ?? 0), perimeterM: perimeter }
}

/** A length for people: metres below a kilometre, else kilometres. `formatLength(1234.5)` → '1.235 km' */
export function formatLength(metres: number): string {
  if (metres < 1000) return `${metres.toFixed(1)} m`
  return `${(metres / 1000).toFixed(3)} km`
}

/** An area for people in m² and 亩 (km² as well from a square kilometre). `formatArea(10000)` → '10,000 m² · 15.00 亩' */
export function formatArea(m2: number): string {
  const base = `${Math.round(m2).toLocaleString('en-US')} m² · ${m2ToMu(m2).toLocaleString('en-US', {
    minimumFractionDigits: 2,
    maximumFractionDigits: 2,
  })} 亩`
  return m2 >= 1_000_000 ? `${base} · ${(m2 / 1_000_000).toFixed(3)} km²` : base
}
