import type { InfrastructureQuery } from '../domain/infrastructure'
import type { InfrastructureKind, InfrastructureStatus, ParcelStatus } from '../domain/vocabulary'
import type { Bbox } from '../events'
import type { Queryable } from './pool'

export interface InfrastructureRow {
  id: number
  kind: InfrastructureKind
  name: string
  status: InfrastructureStatus
  progress_pct: number
  planned_start: string | null
  planned_finish: string | null
  actual_finish: string | null
  capacity_kva: number | null
  owner: string | null
  version: number
  /** as InfrastructureGeometry admits it */
  geometry: GeoJSON.Point | GeoJSON.LineString | GeoJSON.MultiLineString | GeoJSON.Polygon
}

export async function findInfrastructure(
  db: Queryable,
  query: InfrastructureQuery,
): Promise<InfrastructureRow[]> {
  const { rows } = await db.query<InfrastructureRow>(
    `select id, kind, name, status, progress_pct, planned_start, planned_finish, actual_finish, capacity_kva,
       owner, version, ST_AsGeoJSON(geom, 7)::json as geometry
     from infrastructure
     where ($1::text[] is null or kind = any($1)) and ($2::text[] is null or status = any($2))
     order by id`,
    [query.kind ?? null, query.status ?? null],
  )
  return rows
}

export async function findInfrastructureItem(db: Queryable, id: number): Promise<InfrastructureRow | null> {
  const { rows } = await db.query<InfrastructureRow>(
    `select id, kind, name, status, progress_pct, planned_start, planned_finish, actual_finish, capacity_kva,
       owner, version, ST_AsGeoJSON(geom, 7)::json as geometry
     from infrastructure where id = $1`,
    [id],
  )
  return rows[0] ?? null
}

export interface InfrastructureWrite {
  kind?: string
  name?: string
  planned_start?: string | null
  planned_finish?: string | null
  capacity_kva?: number | null
  owner?: string | null
  geometry?: GeoJSON.Geometry
}

export async function insertInfrastructure(
  db: Queryable,
  input: InfrastructureWrite & { kind: string; name: string; geometry: GeoJSON.Geometry },
) {
  const { rows } = await db.query<{ id: number }>(
    `insert into infrastructure (kind, name, planned_start, planned_finish, capacity_kva, owner, geom)
     values ($1, $2, $3, $4, $5, $6, ST_SetSRID(ST_GeomFromGeoJSON($7), 4326)) returning id`,
    [
      input.kind,
      input.name,
      input.planned_start ?? null,
      input.planned_finish ?? null,
      input.capacity_kva ?? null,
      input.owner ?? null,
      JSON.stringify(input.geometry),
    ],
  )
  return rows[0]?.id as number
}

/** Writes the merged record; the caller has locked the row and checked its version. */
export async function updateInfrastructure(db: Queryable, id: number, next: Required<InfrastructureWrite>) {
  await db.query(
    `update infrastructure set kind = $2, name = $3, planned_start = $4, planned_finish = $5, capacity_kva = $6,
       owner = $7, geom = ST_SetSRID(ST_GeomFromGeoJSON($8), 4326), version = version + 1, updated_at = now()
     where id = $1`,
    [
      id,
      next.kind,
      next.name,
      next.planned_start,
      next.planned_finish,
      next.capacity_kva,
      next.owner,
      JSON.stringify(next.geometry),
    ],
  )
}

export async function insertProgress(
  db: Queryable,
  id: number,
  report: { on: string; progress_pct: number; note?: string; actor: string; status: string },
) {
  await db.query(
    `insert into infrastructure_progress (infrastructure_id, reported_on, progress_pct, note, actor)
     values ($1, $2, $3, $4, $5)`,
    [id, report.on, report.progress_pct, report.note ?? null, report.actor],
  )
  await db.query(
    `update infrastructure set progress_pct = $2, status = $3,
       actual_finish = case when $3 = 'done' then $4::date else null end, version = version + 1, updated_at = now()
     where id = $1`,
    [id, report.progress_pct, report.status, report.on],
  )
}

export async function findProgress(db: Queryable, id: number) {
  const { rows } = await db.query<{
    reported_on: string
    progress_pct: number
    note: string | null
    actor: string | null
  }>(
    `select reported_on, progress_pct, note, actor from infrastructure_progress
     where infrastructure_id = $1 order by reported_on, id`,
    [id],
  )
  return rows
}

/** Parcels this item serves: within `distanceM` of it, or linked explicitly. */
export async function findServedParcels(db: Queryable, id: number, distanceM: number) {
  const { rows } = await db.query<{ id: number; code: string; name: string | null; status: ParcelStatus }>(
    `select p.id, p.code, p.name, p.status from infrastructure i join parcels p on
       (p.geom && ST_Expand(i.geom, $2 / (111320 * cos(radians(ST_Y(ST_Centroid(i.geom))))))
         and ST_DWithin(i.geom::geography, p.geom::geography, $2))
       or exists (select 1 from parcel_infrastructure l where l.parcel_id = p.id and l.infrastructure_id = i.id)
     where i.id = $1 order by p.code`,
    [id, distanceM],
  )
  return rows
}

/** Why PostGIS finds a WGS84 geometry invalid, or null when it is valid. */
export async function findGeometryProblem(db: Queryable, geometry: GeoJSON.Geometry): Promise<string | null> {
  const { rows } = await db.query<{ reason: string; valid: boolean }>(
    `select ST_IsValid(g) as valid, ST_IsValidReason(g) as reason from ST_SetSRID(ST_GeomFromGeoJSON($1), 4326) g`,
    [JSON.stringify(geometry)],
  )
  return rows[0]?.valid ? null : `geometry is not valid: ${rows[0]?.reason ?? 'unreadable'}`
}

/** Where an item is: its WGS84 box [west, south, east, north], or null when there is no item `id`. */
export async function findInfrastructureBbox(db: Queryable, id: number): Promise<Bbox | null> {
  const { rows } = await db.query<{ b: Bbox }>(
    `select array[ST_XMin(geom), ST_YMin(geom), ST_XMax(geom), ST_YMax(geom)] as b from infrastructure where id = $1`,
    [id],
  )
  return rows[0]?.b ?? null
}
