import { findParcelHistory } from '../../db/history'
import { findPreciseGeometries } from '../../db/parcel-import'
import {
  findAllParcels,
  findParcel,
  findParcelForecasts,
  findParcelProject,
  findParcels,
  type ParcelListRow,
  type ParcelRow,
} from '../../db/parcels'
import { availableOn } from '../../domain/forecast'
import { historyInWords } from '../../domain/history-words'
import type { Language } from '../../domain/messages'
import {
  type ParcelProperties,
  type ParcelQuery,
  type ParcelReadiness,
  type ParcelReadinessQuery,
  parcelProperties,
} from '../../domain/parcel'
import { MILESTONE_KINDS, type MilestoneKind } from '../../domain/vocabulary'
import { fail } from '../../errors'
import { forecastParcelsAsOf } from '../land/reforecast'
import type { ServiceDeps } from '../write'

type ReadDeps = Pick<ServiceDeps, 'pool' | 'today'>

function toFeature(row: ParcelListRow) {
  return { type: 'Feature' as const, id: row.id, geometry: row.geometry, properties: parcelProperties(row) }
}

/**
 * One parcel as a GeoJSON Feature with its milestones (plan, actual, and the stored forecast of each) and its
 * project; 404 when it does not exist.
 */
export async function parcelDetail(deps: ReadDeps, id: number) {
  const row = await findParcel(deps.pool, id)
  if (!row) throw fail(404, 'not_found', 'parcel.not_found', { id })
  const project = await findParcelProject(deps.pool, id)
  const forecasts = new Map(row.forecastMilestones.map((m) => [m.kind, m]))
  const milestones = row.milestones.map((m) => {
    const forecast = forecasts.get(m.kind)
    return {
      kind: m.kind,
      planned_on: m.planned_on,
      actual_on: m.actual_on,
      status: forecast?.status ?? (m.actual_on ? 'done' : 'pending'),
      forecast_on: forecast?.forecast_on ?? m.actual_on,
      behind: forecast?.behind ?? false,
      owner: m.owner,
      note: m.note,
      version: m.version,
    }
  })
  return { ...toFeature(row), geometry: row.geometry, milestones: sortByKind(milestones), project }
}

function sortByKind<T extends { kind: string }>(milestones: T[]): T[] {
  return milestones.sort(
    (a, b) =>
      MILESTONE_KINDS.indexOf(a.kind as MilestoneKind) - MILESTONE_KINDS.indexOf(b.kind as MilestoneKind),
  )
}

/**
 * Parcels as a GeoJSON FeatureCollection page, filtered; `available_by` selects the parcels ready to offer by
 * then and not yet handed over (the stored forecast's available_on), in SQL like every other filter.
 */
export async function listParcels(deps: ReadDeps, query: ParcelQuery) {
  const page = await findParcels(deps.pool, query)
  const features = page.rows.map(toFeature)
  return {
    type: 'FeatureCollection' as const,
    numberMatched: page.total,
    numberReturned: features.length,
    features,
  }
}

/**
 * The readiness and dates of the parcels in a box: the stored forecast for today; for another `as_of` day, the
 * same forecast function run for that day (not stored).
 */
export async function parcelReadiness(deps: ReadDeps, query: ParcelReadinessQuery) {
  const today = deps.today()
  const asOf = query.as_of ?? today
  const { rows, truncated } = await findParcelForecasts(deps.pool, query.bbox ?? null, query.limit)
  if (asOf === today) return { as_of: asOf, truncated, parcels: rows satisfies ParcelReadiness[] }
  const forecasts = await forecastParcelsAsOf(
    deps.pool,
    rows.map((r) => r.id),
    asOf,
  )
  const parcels: ParcelReadiness[] = rows.map(({ id }) => {
    const f = forecasts.get(id)
    return {
      id,
      readiness: f?.readiness ?? null,
      available_on: f ? availableOn(f) : null,
      ready_on: f?.ready_on ?? null,
      handover_on: f?.handover_on ?? null,
    }
  })
  return { as_of: asOf, truncated, parcels }
}

/** A parcel's own changes and its milestones', newest first. */
/** A parcel's history and its milestones', newest first, in words in `language` (server/domain/history-words.ts). */
export async function parcelHistory(deps: ReadDeps, id: number, language: Language) {
  return historyInWords(await findParcelHistory(deps.pool, id), language)
}

/**
 * Every parcel the filters select, with its properties and stored forecast; `available_by` as in the list.
 * `precise` adds each geometry at full precision (9 decimals), for exports that reproject it.
 */
export async function parcelsForExport(
  deps: ReadDeps,
  filters: Omit<ParcelQuery, 'limit' | 'offset' | 'geometry'>,
  precise = false,
): Promise<{ row: ParcelRow; properties: ParcelProperties; precise?: GeoJSON.MultiPolygon }[]> {
  const rows = await findAllParcels(deps.pool, filters)
  const parcels = rows.map((row) => ({ row, properties: parcelProperties(row) }))
  if (!precise) return parcels
  const geometries = await findPreciseGeometries(
    deps.pool,
    parcels.map((p) => p.row.id),
  )
  return parcels.map((p) => ({ ...p, precise: geometries.get(p.row.id) }))
}
