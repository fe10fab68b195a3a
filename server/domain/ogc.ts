import { z } from 'zod'
import { isCalendarDate } from './cql2'

/**
 * The collections served by OGC API – Features, one geometry type each (Shapefile and GeoPackage need that):
 * parcels (MultiPolygon), projects (Point), infrastructure lines (MultiLineString: roads, pipes, cables) and
 * infrastructure points (Point: substations and other sites drawn as a point).
 */
export const OgcCollectionId = z.enum(['parcels', 'projects', 'infrastructure', 'infrastructure-points'])
export type OgcCollectionId = z.infer<typeof OgcCollectionId>

export const OGC_MAX_LIMIT = 10000

export const CRS84 = 'http://www.opengis.net/def/crs/OGC/1.3/CRS84'
/** CGCS2000 geographic (latitude, longitude order, as EPSG defines it). */
export const EPSG_4490 = 'http://www.opengis.net/def/crs/EPSG/0/4490'
/** CGCS2000 / 3-degree Gauss-Krüger CM 114E, zone 38 (northing, easting order, as EPSG defines it). */
export const EPSG_4547 = 'http://www.opengis.net/def/crs/EPSG/0/4547'

/** The output CRSs (Part 2): PostGIS SRID and whether EPSG's axis order puts y (lat/northing) first. */
export const OGC_CRS = {
  [CRS84]: { srid: 4326, yFirst: false, decimals: 7 },
  [EPSG_4490]: { srid: 4490, yFirst: true, decimals: 7 },
  [EPSG_4547]: { srid: 4547, yFirst: true, decimals: 3 },
} as const
export type OgcCrs = keyof typeof OGC_CRS
export const OGC_CRS_LIST = Object.keys(OGC_CRS) as OgcCrs[]

export const OGC_CONFORMANCE = [
  'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core',
  'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson',
  'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/oas30',
  'http://www.opengis.net/spec/ogcapi-features-2/1.0/conf/crs',
  'http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/queryables',
  'http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/filter',
  'http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/features-filter',
  'http://www.opengis.net/spec/cql2/1.0/conf/cql2-text',
  'http://www.opengis.net/spec/cql2/1.0/conf/basic-cql2',
  'http://www.opengis.net/spec/cql2/1.0/conf/advanced-comparison-operators',
]

export type QueryableType = 'string' | 'number' | 'integer' | 'date'

/** A property clients may filter on: its JSON Schema type and its title (zh / en). */
export interface Queryable {
  type: QueryableType
  zh: string
  en: string
}

const COMMON_INFRASTRUCTURE: Record<string, Queryable> = {
  kind: { type: 'string', zh: '类型', en: 'Kind' },
  name: { type: 'string', zh: '名称', en: 'Name' },
  status: { type: 'string', zh: '状态', en: 'Status' },
  progress_pct: { type: 'number', zh: '进度（%）', en: 'Progress (%)' },
  planned_start: { type: 'date', zh: '计划开工', en: 'Planned start' },
  planned_finish: { type: 'date', zh: '计划完工', en: 'Planned finish' },
  actual_finish: { type: 'date', zh: '实际完工', en: 'Actual finish' },
}

/** The allow-list of filterable properties, per collection; every other name in a filter is refused. */
export const OGC_QUERYABLES: Record<OgcCollectionId, Record<string, Queryable>> = {
  parcels: {
    code: { type: 'string', zh: '地块编号', en: 'Code' },
    name: { type: 'string', zh: '名称', en: 'Name' },
    status: { type: 'string', zh: '状态', en: 'Status' },
    land_use: { type: 'string', zh: '用地性质', en: 'Land use' },
    area_m2: { type: 'number', zh: '面积（平方米）', en: 'Area (m²)' },
    area_mu: { type: 'number', zh: '面积（亩）', en: 'Area (mu)' },
    target_on: { type: 'date', zh: '目标交地日期', en: 'Target hand-over date' },
    ready_on: { type: 'date', zh: '可供日期', en: 'Ready to offer' },
    handover_on: { type: 'date', zh: '交地日期（预测或实际）', en: 'Hand-over (forecast or actual)' },
    available_on: { type: 'date', zh: '可供日期（未交地）', en: 'Available on (not yet handed over)' },
    readiness: { type: 'string', zh: '进度判断', en: 'Readiness' },
  },
  projects: {
    name: { type: 'string', zh: '项目名称', en: 'Name' },
    company: { type: 'string', zh: '企业', en: 'Company' },
    sector: { type: 'string', zh: '行业', en: 'Sector' },
    kind: { type: 'string', zh: '类型', en: 'Kind' },
    stage: { type: 'string', zh: '阶段', en: 'Stage' },
    investment_wan: { type: 'number', zh: '投资额（万元）', en: 'Investment (10k CNY)' },
    signed_on: { type: 'date', zh: '签约日期', en: 'Signed on' },
    landed_on: { type: 'date', zh: '落地日期', en: 'Landed on' },
    manager: { type: 'string', zh: '负责人', en: 'Manager' },
    parcel_id: { type: 'integer', zh: '地块 ID', en: 'Parcel id' },
  },
  infrastructure: COMMON_INFRASTRUCTURE,
  'infrastructure-points': COMMON_INFRASTRUCTURE,
}

/** The property `datetime` filters on, per collection. */
export const OGC_DATETIME_PROPERTY: Record<OgcCollectionId, string> = {
  parcels: 'available_on',
  projects: 'signed_on',
  infrastructure: 'planned_finish',
  'infrastructure-points': 'planned_finish',
}

/** An RFC 3339 date or date-time (also `2026-01-01T`, as GDAL writes a bare date), read as its calendar date. */
const DATE_OR_TIME =
  /^(\d{4}-\d{2}-\d{2})(?:[Tt ](?:\d{2}(?::\d{2}(?::\d{2}(?:\.\d+)?)?)?)?(?:[Zz]|[+-]\d{2}:?\d{2})?)?$/

/** The calendar date of an RFC 3339 date or date-time as written (its own offset), or null if it is not one. */
export function dateOfRfc3339(text: string): string | null {
  const match = DATE_OR_TIME.exec(text.trim())
  const date = match?.[1]
  return date && isCalendarDate(date) ? date : null
}

/** An OGC `bbox`: 4 numbers (or 6 with heights, which are ignored), in the axis order of `bbox-crs`. */
const OgcBbox = z
  .string()
  .transform((s) => s.split(',').map((v) => (v.trim() === '' ? Number.NaN : Number(v))))
  .refine(
    (n) => (n.length === 4 || n.length === 6) && n.every(Number.isFinite),
    'bbox needs 4 (or 6) numbers',
  )
  .transform((n) => (n.length === 6 ? [n[0], n[1], n[3], n[4]] : n) as [number, number, number, number])

/**
 * An OGC `datetime`: an instant or an interval start/end, each end a date or RFC 3339 date-time (compared by its
 * calendar date as written), `..` or empty for an open end. `2026-01-01T/..` → { from: '2026-01-01', to: null }
 */
const OgcDatetime = z
  .string()
  .transform((s, ctx) => {
    const parts = s.split('/')
    if (parts.length > 2) {
      ctx.addIssue({ code: 'custom', message: 'datetime is a date or an interval start/end' })
      return z.NEVER
    }
    const bounds = parts.map((p) => (p === '..' || p === '' ? null : dateOfRfc3339(p)))
    if (bounds.some((b, i) => b === null && parts[i] !== '..' && parts[i] !== '')) {
      ctx.addIssue({
        code: 'custom',
        message: 'datetime must be RFC 3339 dates or date-times, with .. (or nothing) for an open end',
      })
      return z.NEVER
    }
    if (parts.length === 1 && bounds[0] === null) {
      ctx.addIssue({ code: 'custom', message: 'datetime needs a date' })
      return z.NEVER
    }
    const [from = null, to = null] = bounds
    return parts.length === 1 ? { from, to: from } : { from, to }
  })
  .refine((d) => !d.from || !d.to || d.from <= d.to, 'datetime interval must not end before it starts')

const Crs = z.enum(OGC_CRS_LIST as [OgcCrs, ...OgcCrs[]], {
  message: `crs must be one of ${OGC_CRS_LIST.join(', ')}`,
})

export const OgcItemsQuery = z
  .object({
    bbox: OgcBbox.optional(),
    'bbox-crs': Crs.default(CRS84),
    crs: Crs.default(CRS84),
    limit: z.coerce
      .number()
      .int()
      .min(1)
      .max(OGC_MAX_LIMIT, `limit may be at most ${OGC_MAX_LIMIT}`)
      .default(100),
    offset: z.coerce.number().int().min(0).default(0),
    // keyset paging: the features after this id (the `next` link carries it)
    cursor: z.coerce.number().int().min(0).max(Number.MAX_SAFE_INTEGER).optional(),
    datetime: OgcDatetime.optional(),
    filter: z.string().max(4000, 'filter may be at most 4000 characters').optional(),
    'filter-lang': z
      .enum(['cql2-text', 'cql-text'], { message: 'filter-lang must be cql2-text' })
      .default('cql2-text'),
    f: z.enum(['json', 'geojson']).optional(),
  })
  .transform((q, ctx) => {
    if (!q.bbox) return { ...q, bbox: undefined }
    // PostGIS order (x = longitude or easting first) in the bbox-crs's SRID
    const { srid, yFirst } = OGC_CRS[q['bbox-crs']]
    const [a, b, c, d] = q.bbox
    const [w, s, e, n] = yFirst ? [b, a, d, c] : [a, b, c, d]
    const problem =
      srid !== 4547 && (w < -180 || e > 180 || s < -90 || n > 90)
        ? 'bbox must lie within ±180°, ±90°'
        : s > n
          ? 'bbox minimum latitude (northing) must not exceed its maximum'
          : w > e
            ? 'bbox crossing the antimeridian (west > east) is not supported'
            : null
    if (problem) {
      ctx.addIssue({ code: 'custom', path: ['bbox'], message: problem })
      return z.NEVER
    }
    return { ...q, bbox: { box: [w, s, e, n] as [number, number, number, number], srid } }
  })
export type OgcItemsQuery = z.infer<typeof OgcItemsQuery>

export const OgcItemQuery = z.object({ crs: Crs.default(CRS84), f: z.enum(['json', 'geojson']).optional() })
export type OgcItemQuery = z.infer<typeof OgcItemQuery>

/** A zone date as an RFC 3339 date-time at its start (temporal extents): '2026-05-01' → '2026-05-01T00:00:00Z'. */
export function rfc3339OfDate(date: string | null): string | null {
  return date ? `${date}T00:00:00Z` : null
}
