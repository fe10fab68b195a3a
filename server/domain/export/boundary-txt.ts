import { fromWgs84 } from '../import/crs'
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

// the TXT is comma-separated with no quoting: a comma in a name would shift the columns
function field(text: string | null): string {
  return (text ?? '')
    .replace(/,/g, '，')
    .replace(/[\r\n@]/g, ' ')
    .trim()
}

/**
 * The boundary-point coordinate TXT (界址点坐标) of Chinese land reporting, as text: a `[属性描述]` block and
 * `[地块坐标]` with each parcel's points in EPSG:4526 (CGCS2000 3-degree GK zone 38), X = northing and
 * Y = easting with the zone number in front, 3 decimals (mm); ring 1 is the outer ring. Encode it as GBK
 * with CRLF line ends (encodeGbk) for the software that reads it. `areas` are on the spheroid, in hectares.
 */
export function parcelsToBoundaryTxt(
  parcels: readonly TxtParcel[],
  producedOn: string,
  producer = '挂图',
): string {
  const project = fromWgs84('EPSG:4526')
  const lines = [
    '[属性描述]',
    '格式版本号=1.00版本',
    `数据产生单位=${field(producer)}`,
    `数据产生日期=${producedOn}`,
    '坐标系=2000国家大地坐标系',
    '几度分带=3',
    '投影类型=高斯克吕格',
    '计量单位=米',
    '带号=38',
    '精度=0.001',
    '转换参数=,,,,,,',
    '[地块坐标]',
  ]
  for (const parcel of parcels) {
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
      `${points.length},${(parcel.area_m2 / 10000).toFixed(4)},${field(parcel.code)},${field(parcel.name)},面,,${name},${classCode},@`,
      ...points,
    )
  }
  return `${lines.join('\r\n')}\r\n`
}
