import { type LandSettings, mergeLandSettings } from '../domain/settings'
import type { Queryable } from './pool'

export async function findZoneExtent(db: Queryable): Promise<[number, number, number, number] | null> {
  const { rows } = await db.query<{ minx: number | null; miny: number; maxx: number; maxy: number }>(
    `select ST_XMin(e) as minx, ST_YMin(e) as miny, ST_XMax(e) as maxx, ST_YMax(e) as maxy
     from (select ST_Extent(geom)::geometry as e from parcels) x`,
  )
  const r = rows[0]
  return r && r.minx !== null ? [r.minx, r.miny, r.maxx, r.maxy] : null
}

/**
 * How many parcels the zone has and the area (m²) of those available, from the overview cells that triggers keep
 * (migration 0008): a few thousand rows for a million parcels.
 */
export async function findParcelTotals(db: Queryable): Promise<{ count: number; availableM2: number }> {
  const { rows } = await db.query<{ count: number; availableM2: number }>(
    `select coalesce(sum(parcels), 0)::int as count,
       coalesce(sum(area_m2) filter (where status = 'available'), 0)::float8 as "availableM2"
     from parcel_overview_cells`,
  )
  return rows[0] ?? { count: 0, availableM2: 0 }
}

export async function findSetting<T>(db: Queryable, key: string): Promise<T | null> {
  const { rows } = await db.query<{ value: T }>('select value from zone_settings where key = $1', [key])
  return rows[0]?.value ?? null
}

export async function upsertSetting(db: Queryable, key: string, value: unknown) {
  await db.query(
    `insert into zone_settings (key, value) values ($1, $2::jsonb)
     on conflict (key) do update set value = excluded.value, updated_at = now()`,
    [key, JSON.stringify(value)],
  )
}

export async function findSettings(db: Queryable, keys: readonly string[]): Promise<Record<string, unknown>> {
  const { rows } = await db.query<{ key: string; value: unknown }>(
    'select key, value from zone_settings where key = any($1)',
    [keys],
  )
  return Object.fromEntries(rows.map((r) => [r.key, r.value]))
}

const LAND_SETTING_KEYS = [
  'milestone_durations',
  'at_risk_margin_days',
  'serving_distance_m',
  'evaluation',
  'documents_required',
  'matching_weights',
  'escalation',
  'inspection_tasks',
  'min_parcel_area_m2',
] as const

/** The land schedule settings: what an admin stored over the defaults. */
export async function findLandSettings(db: Queryable): Promise<LandSettings> {
  return mergeLandSettings(await findSettings(db, LAND_SETTING_KEYS))
}

/**
 * Locks the zone settings document for a change and answers its version (migration 0012): two admins' edits of the
 * settings queue on this one row.
 */
export async function lockZoneSettingsVersion(db: Queryable): Promise<number> {
  const { rows } = await db.query<{ version: number }>(
    'select version from zone_settings_version where id for update',
  )
  return rows[0]?.version ?? 1
}

/** The version of the zone settings document, which every edit of the settings bumps. */
export async function findZoneSettingsVersion(db: Queryable): Promise<number> {
  const { rows } = await db.query<{ version: number }>('select version from zone_settings_version where id')
  return rows[0]?.version ?? 1
}

export async function bumpZoneSettingsVersion(db: Queryable) {
  await db.query('update zone_settings_version set version = version + 1, updated_at = now() where id')
}
