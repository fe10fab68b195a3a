import { z } from 'zod'
import { csvOf, IsoDateString } from './query'
import { InfrastructureKind, InfrastructureStatus } from './vocabulary'

export const InfrastructureQuery = z
  .object({
    kind: csvOf(InfrastructureKind).optional(),
    status: csvOf(InfrastructureStatus).optional(),
  })
  .strict()
export type InfrastructureQuery = z.infer<typeof InfrastructureQuery>

/** An item is late when it is not finished and its planned finish (zone date) is before today. */
export function isInfrastructureLate(
  item: { status: string; planned_finish: string | null },
  today: string,
): boolean {
  return item.status !== 'done' && item.planned_finish !== null && item.planned_finish < today
}

const Position = z
  .array(z.number().finite())
  .min(2)
  .max(3)
  .refine(
    ([lon = 0, lat = 0]) => Math.abs(lon) <= 180 && Math.abs(lat) <= 90,
    'position is outside WGS84 lon/lat',
  )

/** Lines (roads, pipes, cables), points (substations) or areas, in WGS84 lon/lat. */
export const InfrastructureGeometry = z.discriminatedUnion('type', [
  z.object({ type: z.literal('Point'), coordinates: Position }),
  z.object({ type: z.literal('LineString'), coordinates: z.array(Position).min(2) }),
  z.object({ type: z.literal('MultiLineString'), coordinates: z.array(z.array(Position).min(2)).min(1) }),
  z.object({ type: z.literal('Polygon'), coordinates: z.array(z.array(Position).min(4)).min(1) }),
])

const Fields = {
  kind: InfrastructureKind,
  name: z.string().trim().min(1).max(200),
  planned_start: IsoDateString.nullable(),
  planned_finish: IsoDateString.nullable(),
  capacity_kva: z.number().int().min(0).max(10_000_000).nullable(),
  owner: z.string().trim().max(100).nullable(),
  geometry: InfrastructureGeometry,
}

const datesInOrder = (v: { planned_start?: string | null; planned_finish?: string | null }) =>
  !v.planned_start || !v.planned_finish || v.planned_start <= v.planned_finish

export const InfrastructureCreate = z
  .object({
    ...Fields,
    planned_start: Fields.planned_start.optional(),
    planned_finish: Fields.planned_finish.optional(),
    capacity_kva: Fields.capacity_kva.optional(),
    owner: Fields.owner.optional(),
  })
  .strict()
  .refine(datesInOrder, { message: 'planned_start is after planned_finish', path: ['planned_start'] })
export type InfrastructureCreate = z.infer<typeof InfrastructureCreate>

export const InfrastructurePatch = z
  .object({
    kind: Fields.kind.optional(),
    name: Fields.name.optional(),
    planned_start: Fields.planned_start.optional(),
    planned_finish: Fields.planned_finish.optional(),
    capacity_kva: Fields.capacity_kva.optional(),
    owner: Fields.owner.optional(),
    geometry: Fields.geometry.optional(),
    version: z.number().int().positive().optional(),
    reason: z.string().trim().max(500).optional(),
  })
  .strict()
  .refine(datesInOrder, { message: 'planned_start is after planned_finish', path: ['planned_start'] })
export type InfrastructurePatch = z.infer<typeof InfrastructurePatch>

/** A progress report changes the item, so it carries the item's version (here or in If-Match). */
export const ProgressReport = z
  .object({
    on: IsoDateString,
    progress_pct: z.number().min(0, 'progress_pct is at least 0').max(100, 'progress_pct is at most 100'),
    note: z.string().trim().max(2000).optional(),
    version: z.number().int().positive().optional(),
  })
  .strict()
export type ProgressReport = z.infer<typeof ProgressReport>

/** Status follows progress: 0 % planned, between under way, 100 % done (finished on the report's date). */
export function statusForProgress(pct: number): InfrastructureStatus {
  if (pct >= 100) return 'done'
  return pct > 0 ? 'in_progress' : 'planned'
}
