import type { ParcelQuery } from '../domain/parcel'
import type { MilestoneKind } from '../domain/vocabulary'
import type { Queryable } from './pool'

export interface ParcelRow {
  id: number
  code: string
  name: string | null
  status: string
  landUse: string
  areaM2: number
  targetOn: string | null
  version: number
  geometry: GeoJSON.MultiPolygon
  milestones: {
    kind: MilestoneKind
    planned_on: string | null
    actual_on: string | null
    owner: string | null
    note: string | null
  }[]
}

// bbox, status, land use and text filters; every value goes as a parameter
const FILTER = `
  ($1::float8[] is null or ST_Intersects(p.geom, ST_MakeEnvelope($1[1], $1[2], $1[3], $1[4], 4326)))
  and ($2::text[] is null or p.status = any($2))
  and ($3::text[] is null or p.land_use = any($3))
  and ($4::text is null or p.code ilike $4 escape '\\' or p.name ilike $4 escape '\\')`

function filterParams(query: ParcelQuery) {
  const like = query.q ? `%${query.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%` : null
  return [query.bbox ?? null, query.status ?? null, query.land_use ?? null, like]
}

const SELECT = `
  select p.id, p.code, p.name, p.status, p.land_use as "landUse", p.area_m2 as "areaM2",
    p.target_on as "targetOn", p.version, ST_AsGeoJSON(p.geom, 7)::json as geometry,
    coalesce((select json_agg(json_build_object('kind', m.kind, 'planned_on', m.planned_on,
      'actual_on', m.actual_on, 'owner', m.owner, 'note', m.note))
      from parcel_milestones m where m.parcel_id = p.id), '[]'::json) as milestones
  from parcels p`

export async function findParcels(
  db: Queryable,
  query: ParcelQuery,
): Promise<{ rows: ParcelRow[]; total: number }> {
  const params = filterParams(query)
  const [list, count] = await Promise.all([
    db.query<ParcelRow>(`${SELECT} where ${FILTER} order by p.id limit $5 offset $6`, [
      ...params,
      query.limit,
      query.offset,
    ]),
    db.query<{ n: number }>(`select count(*)::int as n from parcels p where ${FILTER}`, params),
  ])
  return { rows: list.rows, total: count.rows[0]?.n ?? 0 }
}

export async function findParcel(db: Queryable, id: number): Promise<ParcelRow | null> {
  const { rows } = await db.query<ParcelRow>(`${SELECT} where p.id = $1`, [id])
  return rows[0] ?? null
}

export async function findParcelProject(db: Queryable, parcelId: number) {
  const { rows } = await db.query<{ id: number; name: string; company: string; stage: string }>(
    `select id, name, company, stage from projects where parcel_id = $1
     order by (stage = 'dropped'), updated_at desc limit 1`,
    [parcelId],
  )
  return rows[0] ?? null
}
