import { z } from 'zod'
import { Bbox, csvOf, IsoDateString } from './query'
import type { MilestoneForecast } from './schedule'
import { m2ToMu, round } from './units'
import { LandUse, ParcelStatus, type Readiness } from './vocabulary'

export const ParcelQuery = z
  .object({
    bbox: Bbox.optional(),
    status: csvOf(ParcelStatus).optional(),
    land_use: csvOf(LandUse).optional(),
    available_by: IsoDateString.optional(),
    q: z.string().trim().min(1).max(100).optional(),
    limit: z.coerce.number().int().min(1).max(10000).default(1000),
    offset: z.coerce.number().int().min(0).default(0),
  })
  .strict()
export type ParcelQuery = z.infer<typeof ParcelQuery>

export interface ParcelProperties {
  id: number
  code: string
  name: string | null
  status: ParcelStatus
  land_use: LandUse
  area_m2: number
  area_mu: number
  target_on: string | null
  available_on: string | null
  readiness: Readiness | null
  version: number
}

/** Area figures as shown and exported: m² to 1 decimal, mu to 2 decimals (from m² measured on the spheroid). */
export function areaFigures(areaM2: number) {
  return { area_m2: round(areaM2, 1), area_mu: round(m2ToMu(areaM2), 2) }
}

export type ParcelMilestone = MilestoneForecast & { owner: string | null; note: string | null }
