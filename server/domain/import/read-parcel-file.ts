import { messagesOf } from '../messages'
import type { LandUse } from '../vocabulary'
import { parseBoundaryTxt } from './boundary-txt'
import { type ReadCrs, toWgs84 } from './crs'
import { parseGeoJson } from './geojson'
import { type ImportGeometry, projectGeometry } from './geometry'
import { parseKml } from './kml'
import { landUseOf } from './land-use'
import { parseShapefileZip } from './shapefile'
import { decodeSurveyFields, decodeSurveyText } from './text-encoding'
import type { ImportFormat, ImportWarning, LimitBreach, Parsed, ParsedFile, SourceFeature } from './types'
import { type ArchiveLimits, DEFAULT_ARCHIVE_LIMITS } from './zip-archive'

export interface ImportOptions {
  filename: string
  /** the CRS the user chose; it wins over the file's */
  crs?: ReadCrs
  codeField?: string
  nameField?: string
  landUseField?: string
  /** what a zip may unpack to; DEFAULT_ARCHIVE_LIMITS when not given */
  limits?: ArchiveLimits
}

/** One importable parcel: WGS84 geometry; name and land use undefined when the file does not give them. */
export interface ImportRow {
  index: number
  code: string
  name: string | null | undefined
  land_use: LandUse | undefined
  geometry: ImportGeometry
}

/** A row that cannot be imported; `index` is the feature's 0-based position in the file. */
export interface ImportRejection {
  index: number
  code: string | null
  reason: string
}

export type CrsSource = 'file' | 'request' | 'default'

export interface ImportFile {
  format: ImportFormat
  crs: ReadCrs
  crs_source: CrsSource
  rows: ImportRow[]
  rejected: ImportRejection[]
  /** the attribute names the file's features carry (first seen first; from the first 1,000 features, at most 200) */
  fields: string[]
  /** what the reader skipped or read with care; the import goes on (see ImportWarning) */
  warnings: ImportWarning[]
}

const FIELDS_FROM_FEATURES = 1000
const MOST_FIELDS = 200

/** The attribute names of the features, first seen first, for the import dialog's field mapping. */
export function fieldNames(features: readonly { properties: Record<string, unknown> }[]): string[] {
  const names = new Set<string>()
  for (const feature of features.slice(0, FIELDS_FROM_FEATURES)) {
    for (const name of Object.keys(feature.properties ?? {})) {
      if (names.size >= MOST_FIELDS) return [...names]
      names.add(name)
    }
  }
  return [...names]
}

export type ImportFailure =
  | { ok: false; kind: 'unreadable' | 'unsupported'; reason: string }
  | { ok: false; kind: 'limit'; reason: string; breach: LimitBreach }

const MAX_CODE_LENGTH = 64

/** The format from the bytes first (zip magic, XML, JSON, the TXT's section heading), else from the extension. */
export function detectFormat(bytes: Uint8Array, filename: string): ImportFormat | null {
  const ext = /\.([a-z0-9]+)$/i.exec(filename)?.[1]?.toLowerCase() ?? ''
  if (bytes[0] === 0x50 && bytes[1] === 0x4b) return 'shapefile'
  const head = decodeSurveyText(bytes.subarray(0, 4096)).trimStart()
  if (head.startsWith('<')) return /<kml[\s>]/i.test(head) || ext === 'kml' ? 'kml' : null
  if (head.startsWith('{')) return 'geojson'
  if (head.startsWith('[属性描述]') || head.startsWith('[地块坐标]')) return 'boundary_txt'
  if (ext === 'zip') return 'shapefile'
  if (ext === 'kml') return 'kml'
  if (ext === 'geojson' || ext === 'json') return 'geojson'
  if (ext === 'txt') return 'boundary_txt'
  return null
}

async function parse(
  format: ImportFormat,
  bytes: Uint8Array,
  limits: ArchiveLimits,
): Promise<Parsed<ParsedFile>> {
  switch (format) {
    case 'shapefile':
      return parseShapefileZip(bytes, limits)
    case 'kml':
      return withEncoding(bytes, parseKml)
    case 'geojson':
      return withEncoding(bytes, parseGeoJson)
    case 'boundary_txt':
      return withEncoding(bytes, parseBoundaryTxt)
  }
}

/**
 * Parses a text file decoded per file and per field (decodeSurveyFields); a file mixing UTF-8 fields into another
 * encoding is read with each field decoded as written, and warned about with the lines, so that the officer sees the
 * names in the preview before anything is stored.
 */
function withEncoding(bytes: Uint8Array, parse: (text: string) => Parsed<ParsedFile>): Parsed<ParsedFile> {
  const decoded = decodeSurveyFields(bytes)
  const parsed = parse(decoded.text)
  if (!parsed.ok || decoded.utf8Lines.length === 0) return parsed
  const lines = decoded.utf8Lines.join(', ')
  const warning: ImportWarning = {
    code: 'mixed_encoding',
    index: null,
    message: messagesOf('import.warning_mixed_encoding', { encoding: decoded.encoding, lines }),
  }
  return { ok: true, value: { ...parsed.value, warnings: [...(parsed.value.warnings ?? []), warning] } }
}

/** A property by name, ignoring case (DKBH, dkbh); empty strings count as absent. */
function property(properties: Record<string, unknown>, name: string): unknown {
  const key =
    name in properties ? name : Object.keys(properties).find((k) => k.toLowerCase() === name.toLowerCase())
  const value = key === undefined ? undefined : properties[key]
  return typeof value === 'string' && value.trim() === '' ? undefined : value
}

function firstOf(properties: Record<string, unknown>, names: string[]): unknown {
  for (const name of names) {
    const value = property(properties, name)
    if (value !== undefined && value !== null) return value
  }
  return undefined
}

function mapRow(
  feature: SourceFeature,
  index: number,
  options: ImportOptions,
  project: ReturnType<typeof toWgs84>,
): ImportRow | ImportRejection {
  const p = feature.properties
  const rawCode = options.codeField
    ? property(p, options.codeField)
    : (firstOf(p, ['code', 'DKBH']) ?? feature.id)
  const code = rawCode === undefined || rawCode === null ? '' : String(rawCode).trim()
  const reject = (reason: string): ImportRejection => ({ index, code: code || null, reason })
  if (feature.problem) return reject(feature.problem)
  if (!code) {
    return reject(
      options.codeField
        ? `field ${options.codeField} is empty`
        : 'no code: the feature has no code or DKBH property and no id; name the code field',
    )
  }
  if (code.length > MAX_CODE_LENGTH) return reject(`code is longer than ${MAX_CODE_LENGTH} characters`)
  const rawName = options.nameField ? property(p, options.nameField) : firstOf(p, ['name', 'DKMC'])
  const name = rawName === undefined || rawName === null ? undefined : String(rawName).trim().slice(0, 200)
  const rawUse = options.landUseField ? property(p, options.landUseField) : firstOf(p, ['land_use', 'YDXZ'])
  const landUse = landUseOf(rawUse)
  if (landUse === null)
    return reject(`land use "${String(rawUse)}" is not one of M0, M1, M2, W, B, R, G, S or a known 用地性质`)
  const geometry = projectGeometry(feature.geometry, project)
  if (!geometry.ok) return reject(geometry.reason)
  return { index, code, name, land_use: landUse, geometry: geometry.value }
}

/**
 * Reads a parcel file of any supported format into WGS84 rows, with the CRS used and where it came from
 * (the request's `crs` wins over the file's; neither means WGS84). Rows that cannot be imported are listed
 * with the reason; a file that cannot be read at all is a failure.
 */
export async function readParcelFile(
  bytes: Uint8Array,
  options: ImportOptions,
): Promise<{ ok: true; value: ImportFile } | ImportFailure> {
  const format = detectFormat(bytes, options.filename)
  if (!format) {
    return {
      ok: false,
      kind: 'unsupported',
      reason: `${options.filename || 'the file'} is not GeoJSON, a zipped Shapefile, KML or a boundary-point TXT`,
    }
  }
  let parsed: Parsed<ParsedFile>
  try {
    parsed = await parse(format, bytes, options.limits ?? DEFAULT_ARCHIVE_LIMITS)
  } catch (err) {
    // "Invalid string length", ERR_STRING_TOO_LONG, "Invalid array length": more than one string or array holds
    if (!(err instanceof RangeError) && (err as { code?: string }).code !== 'ERR_STRING_TOO_LONG') throw err
    return {
      ok: false,
      kind: 'limit',
      reason: `the file holds a text or list too large to read: ${(err as Error).message}`,
      breach: { limit: 'text_length', max: 0 },
    }
  }
  if (!parsed.ok) {
    if (parsed.breach) return { ok: false, kind: 'limit', reason: parsed.reason, breach: parsed.breach }
    return { ok: false, kind: 'unreadable', reason: parsed.reason }
  }
  if (parsed.value.features.length === 0)
    return { ok: false, kind: 'unreadable', reason: 'the file holds no features' }
  const crs = options.crs ?? parsed.value.crs ?? 'EPSG:4326'
  const crs_source: CrsSource = options.crs ? 'request' : parsed.value.crs ? 'file' : 'default'
  // a feature in its own CRS (a TXT parcel in another zone) is read in it, unless the request names the CRS
  const projections = new Map([[crs, toWgs84(crs)]])
  const projectionOf = (feature: SourceFeature) => {
    const own = options.crs ? crs : (feature.crs ?? crs)
    const known = projections.get(own)
    if (known) return known
    const project = toWgs84(own)
    projections.set(own, project)
    return project
  }
  const rows: ImportRow[] = []
  const rejected: ImportRejection[] = []
  const seen = new Map<string, number>()
  for (const [index, feature] of parsed.value.features.entries()) {
    const row = mapRow(feature, index, options, projectionOf(feature))
    if (!('geometry' in row)) {
      rejected.push(row)
      continue
    }
    const earlier = seen.get(row.code)
    if (earlier !== undefined) {
      rejected.push({ index, code: row.code, reason: `code ${row.code} repeats feature ${earlier}` })
      continue
    }
    seen.set(row.code, index)
    rows.push(row)
  }
  return {
    ok: true,
    value: {
      format,
      crs,
      crs_source,
      rows,
      rejected,
      fields: fieldNames(parsed.value.features),
      warnings: parsed.value.warnings ?? [],
    },
  }
}
