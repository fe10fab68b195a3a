import { GK_ZONES, gaussKrugerCrs, gaussKrugerOf, type ReadCrs } from './crs'
import { decodeSurveyText } from './text-encoding'
import type { Parsed, ParsedFile, SourceFeature } from './types'

/** Attribute names of a boundary-point TXT parcel line, as its header lists them. */
export const BOUNDARY_TXT_FIELDS = {
  code: 'DKBH',
  name: 'DKMC',
  landUse: 'YDXZ',
  landClass: 'DLBM',
  areaHa: 'MJ_HA',
  points: 'JZDS',
  sheet: 'TFH',
} as const

/**
 * The CRS a `[属性描述]` block names: CGCS2000 (or WGS84 without a zone) in a 3-degree Gauss-Krüger zone 25–45
 * (central meridian 3 × 带号, 75°E–135°E), with the zone number in front of the easting (EPSG:4513–4533, e.g.
 * EPSG:4526 for zone 38) or not (EPSG:4534–4554, e.g. EPSG:4547), as the first easting shows. A file that names no
 * zone but writes eastings with a zone number in front is in that zone.
 */
function crsOf(attributes: Map<string, string>, firstEasting: number | undefined): Parsed<ReadCrs | null> {
  const system = attributes.get('坐标系') ?? ''
  if (!system) return { ok: true, value: null }
  if (/西安|1980|北京|1954/.test(system))
    return { ok: false, reason: `unknown CRS: 坐标系=${system} is not supported (only CGCS2000)` }
  const cgcs = /2000|CGCS/i.test(system)
  if (!cgcs && !/WGS/i.test(system)) return { ok: false, reason: `unknown CRS: 坐标系=${system}` }
  const zoneWidth = Number(attributes.get('几度分带') ?? '3')
  const prefixed = firstEasting !== undefined && firstEasting >= 1e7
  const zone = Number(attributes.get('带号') ?? '') || (cgcs && prefixed ? prefixZone(firstEasting) : 0)
  const projection = attributes.get('投影类型') ?? '高斯克吕格'
  if (!zone) return { ok: true, value: cgcs ? 'EPSG:4490' : 'EPSG:4326' }
  if (!/高斯|Gauss|横轴墨卡托|Transverse/i.test(projection))
    return { ok: false, reason: `unknown CRS: 投影类型=${projection}` }
  const centralMeridian = zoneWidth === 6 ? zone * 6 - 3 : zone * 3
  const crs = cgcs && zoneWidth === 3 ? gaussKrugerCrs(zone, prefixed) : null
  if (!crs) {
    return {
      ok: false,
      reason: `unknown CRS: ${system}, ${zoneWidth}-degree zone ${zone} (central meridian ${centralMeridian}E); only CGCS2000 3-degree zones ${GK_ZONES.first}–${GK_ZONES.last} are supported`,
    }
  }
  return { ok: true, value: crs }
}

/** The zone number written in front of an easting: 38443400.000 → 38. */
function prefixZone(easting: number): number {
  return Math.floor(easting / 1e6)
}

/**
 * A parcel's own CRS when its eastings carry a zone number (each parcel in its own zone, as parcelsToBoundaryTxt
 * writes them), in a file whose CRS is a zone-prefixed CGCS2000 one; a parcel with points in two zones is refused.
 */
function withOwnZone(feature: SourceFeature, draft: Draft, fileCrs: ReadCrs | null): SourceFeature {
  if (feature.problem || !fileCrs || !gaussKrugerOf(fileCrs)?.prefixed) return feature
  const zones = new Set(
    [...draft.rings.values()].flatMap((ring) => ring.map(([easting = 0]) => prefixZone(easting))),
  )
  if (zones.size > 1) {
    return {
      ...feature,
      geometry: null,
      problem: `line ${draft.line}: the parcel has points in zones ${[...zones].sort((a, b) => a - b).join(',')}; a parcel lies in one zone`,
    }
  }
  const [zone] = zones
  const own = zone === undefined ? null : gaussKrugerCrs(zone, true)
  // a zone number outside 25–45 is left to the file's CRS, whose range check names the easting
  return own && own !== fileCrs ? { ...feature, crs: own } : feature
}

interface Draft {
  line: number
  header: string[]
  rings: Map<number, number[][]>
  problem?: string
}

function toFeature(draft: Draft): SourceFeature {
  const [count, areaHa, code, name, kind, sheet, use, landClass] = draft.header.map((s) => s.trim())
  const properties: Record<string, unknown> = {
    [BOUNDARY_TXT_FIELDS.points]: Number(count),
    [BOUNDARY_TXT_FIELDS.areaHa]: Number(areaHa),
    [BOUNDARY_TXT_FIELDS.code]: code || undefined,
    [BOUNDARY_TXT_FIELDS.name]: name || undefined,
    [BOUNDARY_TXT_FIELDS.sheet]: sheet || undefined,
    [BOUNDARY_TXT_FIELDS.landUse]: use || landClass || undefined,
    [BOUNDARY_TXT_FIELDS.landClass]: landClass || undefined,
  }
  const feature: SourceFeature = { properties, geometry: null }
  if (draft.problem) return { ...feature, problem: draft.problem }
  if (kind && kind !== '面')
    return { ...feature, problem: `line ${draft.line}: the parcel is a "${kind}", not a 面` }
  const rings = [...draft.rings.entries()].sort(([a], [b]) => a - b)
  if (rings[0]?.[0] !== 1)
    return { ...feature, problem: `line ${draft.line}: the parcel has no ring 1 (outer ring)` }
  const points = rings.reduce((n, [, ring]) => n + ring.length, 0)
  if (Number.isFinite(Number(count)) && Number(count) !== points) {
    return {
      ...feature,
      problem: `line ${draft.line}: the header says ${count} points, the parcel lists ${points}`,
    }
  }
  // ring 1 is the outer ring; a later ring inside an outer ring is its hole, one outside it starts another part, and
  // so does one inside a hole (an island of the parcel in a hole of its own, as the export writes a MultiPolygon)
  const polygons: number[][][][] = []
  for (const [, ring] of rings) {
    const first = ring[0] ?? [Number.NaN, Number.NaN]
    const host = polygons.find(
      ([outer = [], ...holes]) => insideRing(first, outer) && !holes.some((hole) => insideRing(first, hole)),
    )
    if (host) host.push(ring)
    else polygons.push([ring])
  }
  const geometry =
    polygons.length === 1
      ? { type: 'Polygon', coordinates: polygons[0] }
      : { type: 'MultiPolygon', coordinates: polygons }
  return { ...feature, geometry }
}

/** Whether a point lies inside a closed ring (ray casting; planar coordinates). */
function insideRing([x = 0, y = 0]: number[], ring: number[][]): boolean {
  let inside = false
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi = 0, yi = 0] = ring[i] as number[]
    const [xj = 0, yj = 0] = ring[j] as number[]
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside
  }
  return inside
}

/**
 * Reads a boundary-point coordinate TXT (界址点坐标, GBK or UTF-8): the `[属性描述]` attributes name the CRS,
 * and each `[地块坐标]` parcel line `点数,面积(公顷),地块编号,地块名称,面,图幅号,地块用途,地类编码,@` is followed by
 * its points `点号,圈号,X,Y`. X is the NORTHING and Y the easting, so positions come out as [Y, X].
 */
export function parseBoundaryTxt(input: Uint8Array | string): Parsed<ParsedFile> {
  const lines = (typeof input === 'string' ? input : decodeSurveyText(input)).split(/\r\n|\n|\r/)
  const attributes = new Map<string, string>()
  const drafts: Draft[] = []
  let section = ''
  for (const [i, raw] of lines.entries()) {
    const text = raw.trim()
    if (!text) continue
    const heading = /^\[(.+)\]$/.exec(text)
    if (heading) {
      section = heading[1]?.trim() ?? ''
      continue
    }
    if (section === '属性描述') {
      const eq = text.indexOf('=')
      if (eq > 0) attributes.set(text.slice(0, eq).trim(), text.slice(eq + 1).trim())
      continue
    }
    if (section !== '地块坐标') continue
    const fields = text.split(',')
    if (fields.at(-1)?.trim() === '@') {
      drafts.push({ line: i + 1, header: fields.slice(0, -1), rings: new Map() })
      continue
    }
    const draft = drafts.at(-1)
    if (!draft) return { ok: false, reason: `line ${i + 1}: a point before any parcel line` }
    if (draft.problem) continue
    const [, ringText, xText, yText] = fields
    const ring = Number(ringText)
    const northing = Number(xText)
    const easting = Number(yText)
    if (
      fields.length < 4 ||
      !Number.isInteger(ring) ||
      ring < 1 ||
      !Number.isFinite(northing) ||
      !Number.isFinite(easting)
    ) {
      draft.problem = `line ${i + 1}: "${text}" is not 点号,圈号,X,Y`
      continue
    }
    const points = draft.rings.get(ring) ?? []
    points.push([easting, northing])
    draft.rings.set(ring, points)
  }
  if (!lines.some((l) => l.trim() === '[地块坐标]'))
    return { ok: false, reason: 'the file has no [地块坐标] section: not a boundary-point coordinate TXT' }
  const firstEasting = drafts.flatMap((d) => [...d.rings.values()])[0]?.[0]?.[0]
  const crs = crsOf(attributes, firstEasting)
  if (!crs.ok) return crs
  const features = drafts.map((draft) => withOwnZone(toFeature(draft), draft, crs.value))
  return { ok: true, value: { features, crs: crs.value } }
}
