import { findParcelHistory } from '../../db/history'
import { forecastParcels } from '../../db/parcel-forecasts'
import { findPreciseGeometries } from '../../db/parcel-import'
import {
  findFilteredSchedules,
  findParcel,
  findParcelProject,
  findParcelSchedules,
  findParcels,
  findParcelsById,
  type ParcelRow,
} from '../../db/parcels'
import type { Queryable } from '../../db/pool'
import {
  type ParcelProperties,
  type ParcelQuery,
  type ParcelReadiness,
  type ParcelReadinessQuery,
  parcelProperties,
} from '../../domain/parcel'
import type { ParcelForecast } from '../../domain/schedule'
import { ApiError } from '../../errors'
import type { ServiceDeps } from '../write'

type ReadDeps = Pick<ServiceDeps, 'pool' | 'today'>

function toFeature(row: ParcelRow, forecast: ParcelForecast) {
  const properties = parcelProperties(row, forecast)
  return { feature: { type: 'Feature' as const, id: row.id, geometry: row.geometry, properties }, forecast }
}

/** Features with forecasts for rows. */
async function toFeatures(db: Queryable, rows: ParcelRow[], today: string) {
  const forecasts = await forecastParcels(db, rows, today)
  return rows.map((row, i) => toFeature(row, forecasts[i] as ParcelForecast))
}

/** One parcel as a GeoJSON Feature with its forecast milestones and its project; 404 when it does not exist. */
export async function parcelDetail(deps: ReadDeps, id: number) {
  const row = await findParcel(deps.pool, id)
  if (!row) throw new ApiError(404, 'not_found', `No parcel ${id}`)
  const [{ feature, forecast }] = (await toFeatures(deps.pool, [row], deps.today())) as [
    ReturnType<typeof toFeature>,
  ]
  const project = await findParcelProject(deps.pool, id)
  const milestones = forecast.milestones.map((m) => {
    const source = row.milestones.find((s) => s.kind === m.kind)
    return { ...m, owner: source?.owner ?? null, note: source?.note ?? null, version: source?.version ?? 0 }
  })
  return { ...feature, milestones, project }
}

/** Parcels as a GeoJSON FeatureCollection page, filtered; `available_by` filters on the forecast as of today. */
export async function listParcels(deps: ReadDeps, query: ParcelQuery) {
  const { pool } = deps
  const today = deps.today()
  let page: { rows: ParcelRow[]; total: number }
  if (query.available_by) {
    // the forecast depends on today's date: forecast every parcel the other filters select, keep those
    // available by then, and page through those (numberMatched counts them all)
    const by = query.available_by
    const schedules = await findFilteredSchedules(pool, query)
    const forecasts = await forecastParcels(pool, schedules, today)
    const matched = schedules.filter((_, i) => {
      const on = forecasts[i]?.available_on
      return on != null && on <= by
    })
    const ids = matched.slice(query.offset, query.offset + query.limit).map((row) => row.id)
    page = { rows: await findParcelsById(pool, ids), total: matched.length }
  } else {
    page = await findParcels(pool, query)
  }
  const features = (await toFeatures(pool, page.rows, today)).map((f) => f.feature)
  return {
    type: 'FeatureCollection' as const,
    numberMatched: page.total,
    numberReturned: features.length,
    features,
  }
}

/** The readiness and available date of the parcels in a box, as of a date (today by default). */
export async function parcelReadiness(deps: ReadDeps, query: ParcelReadinessQuery) {
  const asOf = query.as_of ?? deps.today()
  const { rows, truncated } = await findParcelSchedules(deps.pool, query.bbox ?? null, query.limit)
  const forecasts = await forecastParcels(deps.pool, rows, asOf)
  const parcels: ParcelReadiness[] = rows.map((row, i) => ({
    id: row.id,
    readiness: forecasts[i]?.readiness ?? null,
    available_on: forecasts[i]?.available_on ?? null,
  }))
  return { as_of: asOf, truncated, parcels }
}

/** A parcel's own changes and its milestones', newest first. */
export async function parcelHistory(deps: ReadDeps, id: number) {
  return findParcelHistory(deps.pool, id)
}

/**
 * Every parcel the filters select, with its properties as of today; `available_by` applies to the forecast.
 * `precise` adds each geometry at full precision (9 decimals), for exports that reproject it.
 */
export async function parcelsForExport(
  deps: ReadDeps,
  filters: Omit<ParcelQuery, 'limit' | 'offset'>,
  precise = false,
): Promise<{ row: ParcelRow; properties: ParcelProperties; precise?: GeoJSON.MultiPolygon }[]> {
  const { rows } = await findParcels(deps.pool, { ...filters, limit: 1_000_000, offset: 0 })
  const forecasts = await forecastParcels(deps.pool, rows, deps.today())
  const parcels = rows
    .map((row, i) => ({ row, properties: parcelProperties(row, forecasts[i] as ParcelForecast) }))
    // the forecast depends on today's date, so this filter runs after it
    .filter(
      ({ properties: p }) =>
        !filters.available_by || (p.available_on !== null && p.available_on <= filters.available_by),
    )
  if (!precise) return parcels
  const geometries = await findPreciseGeometries(
    deps.pool,
    parcels.map((p) => p.row.id),
  )
  return parcels.map((p) => ({ ...p, precise: geometries.get(p.row.id) }))
}
