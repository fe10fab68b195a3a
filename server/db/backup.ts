import type { Queryable } from './pool'

// The zone's records for "export everything": geometry as GeoJSON, the 3857 copies left out (derived),
// and never a password or token hash. Files are listed (their metadata: name, version, SHA-256, size, type),
// never their bytes (file_chunks stays out).
const SPATIAL = {
  parcels: { geometry: 'geom', drop: ['geom', 'geom_3857'] },
  projects: { geometry: 'location', drop: ['location', 'location_3857'] },
  infrastructure: { geometry: 'geom', drop: ['geom', 'geom_3857'] },
  inspections: { geometry: 'position', drop: ['position'] },
} as const

const TABLES = [
  'parcel_milestones',
  'project_stage_history',
  'blockers',
  'reservations',
  'infrastructure_progress',
  'parcel_infrastructure',
  'zone_settings',
  'history',
  'project_follow_ups',
  'documents',
  'file_contents',
  'inspection_photos',
] as const

export type SpatialTable = keyof typeof SPATIAL
export type PlainTable = (typeof TABLES)[number]

/** A spatial table as GeoJSON features (properties are the columns, id the primary key). */
export async function dumpSpatialTable(db: Queryable, table: SpatialTable) {
  const { geometry, drop } = SPATIAL[table]
  // table and column names come from the constants above, never from a request
  const { rows } = await db.query<{ properties: Record<string, unknown>; geometry: GeoJSON.Geometry | null }>(
    `select (to_jsonb(t) - $1::text[]) as properties, ST_AsGeoJSON(t.${geometry}, 7)::json as geometry
     from ${table} t order by t.id`,
    [drop],
  )
  return rows
}

export async function dumpTable(db: Queryable, table: PlainTable) {
  const { rows } = await db.query<Record<string, unknown>>(`select to_jsonb(t) as row from ${table} t`)
  return rows.map((r) => r.row as Record<string, unknown>)
}

export async function dumpUsers(db: Queryable) {
  const { rows } = await db.query<Record<string, unknown>>(
    'select id, username, display_name, role, disabled, created_at from users order by id',
  )
  return rows
}

export const SPATIAL_TABLES = Object.keys(SPATIAL) as SpatialTable[]
export const PLAIN_TABLES = TABLES
