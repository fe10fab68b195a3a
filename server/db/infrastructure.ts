import type { InfrastructureQuery } from '../domain/infrastructure'
import type { Queryable } from './pool'

export interface InfrastructureRow {
  id: number
  kind: string
  name: string
  status: string
  progress_pct: number
  planned_start: string | null
  planned_finish: string | null
  actual_finish: string | null
  capacity_kva: number | null
  owner: string | null
  version: number
  geometry: GeoJSON.Geometry
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
