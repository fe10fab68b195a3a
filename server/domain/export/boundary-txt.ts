import { fromWgs84, GK_ZONES, gaussKrugerCrs, type ReadCrs, zoneOfLongitude } from '../import/crs'
import { LAND_USE_LABELS } from '../import/land-use'
import type { LandUse } from '../vocabulary'

export interface TxtParcel {
  code: string
  name: string | null
  land_use: LandUse
  area_m2: number
  /** WGS84 lon/lat */
  geometry: GeoJSON.Polygon | GeoJSON.MultiPolygon
}

// the TXT is comma-separated with no quoting: a comma in a name would shift the columns (codes with one are refused)
function field(text: string | null): string {
  return (text ?? '')
    .replace(/,/g, '，')
    .replace(/[\r\n@]/g, ' ')
    .trim()
}

/** A parcel the TXT cannot hold, and why (in English; the catalogue reads it, see server/domain/reasons.ts). */
export interface TxtRefusal {
  code: string
  reason: string
}

/** The middle longitude of a parcel's extent, which names its 3-degree zone. */
function middleLongitude(geometry: TxtParcel['geometry']): number {
  const polygons = geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates
  let min = Number.POSITIVE_INFINITY
  let max = Number.NEGATIVE_INFINITY
  for (const polygon of polygons)
    for (const ring of polygon)
      for (const [lon = Number.NaN] of ring) {
        if (lon < min) min = lon
        if (lon > max) max = lon
      }
  return (min + max) / 2
}

/** The zone most parcels lie in (the lowest of a tie), for the header's 带号. */
function mostCommon(zones: readonly number[]): number | undefined {
  const counts = new Map<number, number>()
  for (const zone of zones) counts.set(zone, (counts.get(zone) ?? 0) + 1)
  return [...counts.entries()].sort(([za, a], [zb, b]) => b - a || za - zb)[0]?.[0]
}

/**
 * The boundary-point coordinate TXT (界址点坐标) of Chinese land reporting, as text: a `[属性描述]` block and
 * `[地块坐标]` with each parcel's points in CGCS2000 3-degree Gauss-Krüger, X = northing and Y = easting with the
 * zone number in front, 3 decimals (mm); ring 1 is the outer ring. Each parcel is written in its own zone,
 * round(lon / 3) of the middle of its extent (central meridian 3 × zone, EPSG:4513–4533), so that a district across
 * a zone edge keeps every parcel undistorted; the header's 带号 names the zone of most parcels, and each easting
 * its own (the importer reads a parcel in the zone its eastings name). A parcel outside zones 25–45 (73.5°E–136.5°E)
 * cannot be written, nor one whose code holds a comma or a line break (the import would read another code): each is
 * refused with the reason and the text is not made. Names lose their commas and line breaks (，and a space). Encode
 * the text as GB18030 (encodeGb18030: GBK's bytes for every character GBK has, so any character of a code comes
 * back) with its CRLF line ends for the software that reads it. `areas` are on the spheroid, in hectares.
 */
export function parcelsToBoundaryTxt(
  parcels: readonly TxtParcel[],
  producedOn: string,
  producer = '挂图',
): { ok: true; text: string } | { ok: false; refused: TxtRefusal[] } {
  const zoned = parcels.map((parcel) => {
    const lon = middleLongitude(parcel.geometry)
    return { parcel, lon, crs: gaussKrugerCrs(zoneOfLongitude(lon), true), zone: zoneOfLongitude(lon) }
  })
  const refused = zoned.flatMap(({ parcel, lon, crs }): TxtRefusal[] => {
    // the code is how the import finds the parcel again: written otherwise, it would come back as another parcel
    if (/[,\r\n]/.test(parcel.code))
      return [
        { code: parcel.code, reason: 'the code holds a comma or a line break, which the TXT cannot carry' },
      ]
    if (crs !== null) return []
    const at = Number.isFinite(lon) ? lon.toFixed(4) : lon
    return [
      {
        code: parcel.code,
        reason: `the parcel lies at ${at}°E, outside the CGCS2000 3-degree zones ${GK_ZONES.first}–${GK_ZONES.last} (${GK_ZONES.first * 3 - 1.5}°E–${GK_ZONES.last * 3 + 1.5}°E)`,
      },
    ]
  })
  if (refused.length > 0) return { ok: false, refused }
  const lines = [
    '[属性描述]',
    '格式版本号=1.00版本',
    `数据产生单位=${field(producer)}`,
    `数据产生日期=${producedOn}`,
    '坐标系=2000国家大地坐标系',
    '几度分带=3',
    '投影类型=高斯克吕格',
    '计量单位=米',
    `带号=${mostCommon(zoned.map((z) => z.zone)) ?? ''}`,
    '精度=0.001',
    '转换参数=,,,,,,',
    '[地块坐标]',
  ]
  const projections = new Map<ReadCrs, ReturnType<typeof fromWgs84>>()
  for (const { parcel, crs } of zoned) {
    if (!crs) continue
    const project = projections.get(crs) ?? fromWgs84(crs)
    projections.set(crs, project)
    const polygons =
      parcel.geometry.type === 'Polygon' ? [parcel.geometry.coordinates] : parcel.geometry.coordinates
    const points: string[] = []
    let ringNo = 0
    let pointNo = 0
    for (const polygon of polygons) {
      for (const ring of polygon) {
        ringNo++
        const firstNo = pointNo + 1
        for (const [i, position] of ring.entries()) {
          const [easting, northing] = project(position)
          // the closing position repeats the first point's number
          const label = i === ring.length - 1 ? firstNo : ++pointNo
          points.push(`J${label},${ringNo},${northing.toFixed(3)},${easting.toFixed(3)}`)
        }
      }
    }
    const { name, classCode } = LAND_USE_LABELS[parcel.land_use]
    lines.push(
      `${points.length},${(parcel.area_m2 / 10000).toFixed(4)},${parcel.code},${field(parcel.name)},面,,${name},${classCode},@`,
      ...points,
    )
  }
  return { ok: true, text: `${lines.join('\r\n')}\r\n` }
}
