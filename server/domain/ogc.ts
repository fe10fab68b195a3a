import { z } from 'zod'

/** The collections served by OGC API – Features, one per map layer. */
export const OgcCollectionId = z.enum(['parcels', 'projects', 'infrastructure'])
export type OgcCollectionId = z.infer<typeof OgcCollectionId>

export const OGC_MAX_LIMIT = 10000
export const CRS84 = 'http://www.opengis.net/def/crs/OGC/1.3/CRS84'
export const OGC_CONFORMANCE = [
  'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core',
  'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson',
]

/** An OGC `bbox`: minLon,minLat,maxLon,maxLat (or 6 numbers with heights, which are ignored), WGS84. */
const OgcBbox = z
  .string()
  .transform((s) => s.split(',').map((v) => (v.trim() === '' ? Number.NaN : Number(v))))
  .refine(
    (n) => (n.length === 4 || n.length === 6) && n.every(Number.isFinite),
    'bbox needs 4 (or 6) numbers',
  )
  .transform((n) => (n.length === 6 ? [n[0], n[1], n[3], n[4]] : n) as [number, number, number, number])
  .refine(([w, s, e, n]) => w >= -180 && e <= 180 && s >= -90 && n <= 90, 'bbox must lie within ±180°, ±90°')
  .refine(([, s, , n]) => s <= n, 'bbox minimum latitude must not exceed its maximum')
  .refine(([w, , e]) => w <= e, 'bbox crossing the antimeridian (west > east) is not supported')

const DATE = /^\d{4}-\d{2}-\d{2}(T[\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$/
const DateBound = z
  .string()
  .refine(
    (s) => s === '..' || s === '' || (DATE.test(s) && !Number.isNaN(Date.parse(s.slice(0, 10)))),
    'not a date',
  )
  .transform((s) => (s === '..' || s === '' ? null : s.slice(0, 10)))

/**
 * An OGC `datetime`: an instant (2026-05-01 or an RFC 3339 timestamp, compared by its date) or an interval
 * with `..` for an open end. `2026-01-01/..` → { from: '2026-01-01', to: null }
 */
const OgcDatetime = z
  .string()
  .transform((s, ctx) => {
    const parts = s.split('/')
    if (parts.length > 2) {
      ctx.addIssue({ code: 'custom', message: 'datetime is a date or an interval start/end' })
      return z.NEVER
    }
    const bounds = parts.map((p) => DateBound.safeParse(p))
    if (bounds.some((b) => !b.success)) {
      ctx.addIssue({ code: 'custom', message: 'datetime must be RFC 3339 dates, or .. for an open end' })
      return z.NEVER
    }
    const [from, to] = bounds.map((b) => (b.success ? b.data : null))
    return parts.length === 1
      ? { from: from ?? null, to: from ?? null }
      : { from: from ?? null, to: to ?? null }
  })
  .refine((d) => !d.from || !d.to || d.from <= d.to, 'datetime interval must not end before it starts')

export const OgcItemsQuery = z.object({
  bbox: OgcBbox.optional(),
  limit: z.coerce
    .number()
    .int()
    .min(1)
    .max(OGC_MAX_LIMIT, `limit may be at most ${OGC_MAX_LIMIT}`)
    .default(100),
  offset: z.coerce.number().int().min(0).default(0),
  datetime: OgcDatetime.optional(),
  f: z.enum(['json', 'geojson']).optional(),
})
export type OgcItemsQuery = z.infer<typeof OgcItemsQuery>
