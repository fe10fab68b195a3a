import { z } from 'zod'
import { Bbox, csvOf, IsoDateString } from './query'
import { m2ToMu, round } from './units'
import { LandUse, type MilestoneKind, ParcelStatus, type Readiness } from './vocabulary'

export const ParcelQuery = z
  .object({
    bbox: Bbox.optional(),
    status: csvOf(ParcelStatus).optional(),
    land_use: csvOf(LandUse).optional(),
    available_by: IsoDateString.optional(),
    q: z.string().trim().min(1).max(100).optional(),
    limit: z.coerce.number().int().min(1).max(10000).default(1000),
    offset: z.coerce.number().int().min(0).default(0),
    /** `none`: each feature's geometry is null (an attribute table of 10,000 parcels needs no shapes) */
    geometry: z.enum(['full', 'none']).default('full'),
  })
  .strict()
export type ParcelQuery = z.infer<typeof ParcelQuery>

/** Most parcels one readiness answer holds: a z15 view of a dense city shows a few thousand. */
export const READINESS_LIMIT_MAX = 50000

/**
 * `GET /api/parcels/readiness`: the forecast of the parcels in a box, for a map that draws them from vector tiles
 * (tiles stay cacheable; what depends on the date comes from here).
 */
export const ParcelReadinessQuery = z
  .object({
    as_of: IsoDateString.optional().describe(
      "the date the forecast is made on (YYYY-MM-DD); the zone's today by default",
    ),
    bbox: Bbox.optional().describe('minLon,minLat,maxLon,maxLat (WGS84); the whole zone when absent'),
    limit: z.coerce
      .number()
      .int()
      .min(1)
      .max(READINESS_LIMIT_MAX)
      .default(20000)
      .describe(
        `at most this many parcels (up to ${READINESS_LIMIT_MAX}); \`truncated\` says when more matched`,
      ),
  })
  .strict()
export type ParcelReadinessQuery = z.infer<typeof ParcelReadinessQuery>

/** One parcel's stored forecast as the map needs it; parcels with no plan and no target are left out. */
export interface ParcelReadiness {
  id: number
  readiness: Readiness | null
  /** 可供日期 while not handed over (null once handed over): what the time slider counts */
  available_on: string | null
  /** 可供日期 ready to offer, actual or forecast */
  ready_on: string | null
  /** 交地日期 hand-over, actual or forecast */
  handover_on: string | null
}

export interface ParcelProperties {
  id: number
  code: string
  name: string | null
  status: ParcelStatus
  land_use: LandUse
  area_m2: number
  area_mu: number
  /** the hand-over target 倒排 aims at */
  target_on: string | null
  /** 可供日期 ready to offer (planning conditions done), actual or forecast */
  ready_on: string | null
  /** 交地日期 hand-over, actual or forecast */
  handover_on: string | null
  /** ready_on while the parcel is not handed over, null once it is: the date available_by filters */
  available_on: string | null
  readiness: Readiness | null
  /** the milestone the forecast hinges on */
  critical_milestone: MilestoneKind | null
  /** the zone date the stored forecast was computed for */
  forecast_for: string | null
  version: number
}

/** A parcel's properties as the API lists and exports them: its stored fields, areas, and its stored forecast. */
export function parcelProperties(row: {
  id: number
  code: string
  name: string | null
  status: string
  landUse: string
  areaM2: number
  targetOn: string | null
  version: number
  readyOn: string | null
  handoverOn: string | null
  availableOn: string | null
  readiness: Readiness | null
  criticalKind: MilestoneKind | null
  computedFor: string | null
}): ParcelProperties {
  return {
    id: row.id,
    code: row.code,
    name: row.name,
    status: row.status as ParcelStatus,
    land_use: row.landUse as LandUse,
    ...areaFigures(row.areaM2),
    target_on: row.targetOn,
    ready_on: row.readyOn,
    handover_on: row.handoverOn,
    available_on: row.availableOn,
    readiness: row.readiness,
    critical_milestone: row.criticalKind,
    forecast_for: row.computedFor,
    version: row.version,
  }
}

/** Area figures as shown and exported: m² to 1 decimal, mu to 2 decimals (from m² measured on the spheroid). */
export function areaFigures(areaM2: number) {
  return { area_m2: round(areaM2, 1), area_mu: round(m2ToMu(areaM2), 2) }
}

const Position = z
  .array(z.number().finite())
  .min(2)
  .max(3)
  .refine(
    ([lon = 0, lat = 0]) => lon >= -180 && lon <= 180 && lat >= -90 && lat <= 90,
    'position is outside WGS84 lon/lat',
  )
const Ring = z
  .array(Position)
  .min(4, 'a ring needs at least 4 positions')
  .refine((ring) => {
    const [first, last] = [ring[0], ring[ring.length - 1]]
    return first?.[0] === last?.[0] && first?.[1] === last?.[1]
  }, 'ring is not closed: its first and last positions differ')

/** A parcel's geometry as clients send it: a GeoJSON Polygon or MultiPolygon in WGS84 lon/lat. */
export const ParcelGeometry = z.discriminatedUnion('type', [
  z.object({ type: z.literal('Polygon'), coordinates: z.array(Ring).min(1) }),
  z.object({ type: z.literal('MultiPolygon'), coordinates: z.array(z.array(Ring).min(1)).min(1) }),
])
export type ParcelGeometry = z.infer<typeof ParcelGeometry>

const ParcelFields = {
  code: z.string().trim().min(1).max(64),
  name: z.string().trim().max(200).nullable(),
  land_use: LandUse,
  status: ParcelStatus,
  target_on: IsoDateString.nullable(),
  // checked on its own so that a bad shape answers invalid_geometry, not validation_failed
  geometry: z.unknown(),
}

export const ParcelCreate = z
  .object({
    ...ParcelFields,
    name: ParcelFields.name.optional(),
    status: ParcelFields.status.optional(),
    target_on: ParcelFields.target_on.optional(),
  })
  .strict()
export const ParcelPatch = z
  .object(ParcelFields)
  .partial()
  .extend({
    version: z.number().int().positive().optional(),
    reason: z.string().trim().max(500).optional(),
  })
  .strict()

export const ParcelSplit = z
  .object({
    line: z.object({ type: z.literal('LineString'), coordinates: z.array(Position).min(2) }),
    version: z.number().int().positive().optional(),
    reason: z.string().trim().max(500).optional(),
  })
  .strict()

export const ParcelMerge = z
  .object({
    ids: z
      .array(z.number().int().positive())
      .min(2)
      .max(50)
      .refine((ids) => new Set(ids).size === ids.length, 'ids repeat'),
    /** the version of every parcel merged, by id: {"12": 3, "15": 1} */
    versions: z.record(z.string(), z.number().int().positive()),
    code: z.string().trim().min(1).max(64).optional(),
    name: z.string().trim().max(200).optional(),
    reason: z.string().trim().max(500).optional(),
  })
  .strict()
  .superRefine((merge, ctx) => {
    for (const id of merge.ids) {
      if (merge.versions[String(id)] === undefined) {
        ctx.addIssue({
          code: 'custom',
          path: ['versions', String(id)],
          message: 'send the version of every parcel',
        })
      }
    }
  })
