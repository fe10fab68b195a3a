import type { OgcCollectionId, OgcItemsQuery } from '../domain/ogc'
import type { Queryable } from './pool'

// fixed SQL per collection, never input: the columns served, the WGS84 geometry and the date `datetime` filters on
const COLLECTIONS: Record<
  OgcCollectionId,
  { from: string; columns: string; geometry: string; date: string }
> = {
  parcels: {
    // the stored forecast: 可供日期 ready_on, 交地日期 handover_on, and available_on (ready_on while not handed
    // over), the date datetime filters, as /api/parcels?available_by= does
    from: `parcels t left join land_forecasts f on f.parcel_id = t.id`,
    columns: `'code', t.code, 'name', t.name, 'status', t.status, 'land_use', t.land_use,
      'area_m2', round(t.area_m2::numeric, 1), 'area_mu', round((t.area_m2 * 0.0015)::numeric, 2),
      'target_on', t.target_on, 'ready_on', f.ready_on, 'handover_on', f.handover_on,
      'available_on', f.available_on, 'readiness', f.readiness, 'version', t.version`,
    geometry: 't.geom',
    date: 'f.available_on',
  },
  projects: {
    from: 'projects t',
    columns: `'name', t.name, 'company', t.company, 'sector', t.sector, 'kind', t.kind, 'stage', t.stage,
      'investment_wan', t.investment_wan, 'signed_on', t.signed_on, 'landed_on', t.landed_on,
      'manager', t.manager, 'parcel_id', t.parcel_id, 'version', t.version`,
    geometry: 't.location',
    date: 't.signed_on',
  },
  infrastructure: {
    from: 'infrastructure t',
    columns: `'kind', t.kind, 'name', t.name, 'status', t.status, 'progress_pct', t.progress_pct,
      'planned_start', t.planned_start, 'planned_finish', t.planned_finish, 'actual_finish', t.actual_finish,
      'version', t.version`,
    geometry: 't.geom',
    date: 't.planned_finish',
  },
}

/** The date `datetime` filters on, per collection (for the collection's description). */
export const OGC_DATE_FIELD: Record<OgcCollectionId, string> = {
  parcels: 'available_on',
  projects: 'signed_on',
  infrastructure: 'planned_finish',
}

function featureSql(id: OgcCollectionId) {
  const c = COLLECTIONS[id]
  return `json_build_object('type', 'Feature', 'id', t.id,
    'geometry', case when ${c.geometry} is null then null else ST_AsGeoJSON(${c.geometry}, 7)::json end,
    'properties', json_build_object(${c.columns}))`
}

/** A page of features and the number that match, ordered by id. */
export async function findOgcItems(db: Queryable, id: OgcCollectionId, query: OgcItemsQuery) {
  const c = COLLECTIONS[id]
  const where = `($1::float8[] is null or ${c.geometry} && ST_MakeEnvelope($1[1], $1[2], $1[3], $1[4], 4326)
      and ST_Intersects(${c.geometry}, ST_MakeEnvelope($1[1], $1[2], $1[3], $1[4], 4326)))
    and ($2::date is null or ${c.date} >= $2::date)
    and ($3::date is null or ${c.date} <= $3::date)
    and ($2::date is null and $3::date is null or ${c.date} is not null)`
  const params = [query.bbox ?? null, query.datetime?.from ?? null, query.datetime?.to ?? null]
  const [page, count] = await Promise.all([
    db.query<{ f: GeoJSON.Feature }>(
      `select ${featureSql(id)} as f from ${c.from} where ${where} order by t.id limit $4 offset $5`,
      [...params, query.limit, query.offset],
    ),
    db.query<{ n: number }>(`select count(*)::int as n from ${c.from} where ${where}`, params),
  ])
  return { features: page.rows.map((r) => r.f), matched: count.rows[0]?.n ?? 0 }
}

export async function findOgcItem(
  db: Queryable,
  id: OgcCollectionId,
  fid: number,
): Promise<GeoJSON.Feature | null> {
  const c = COLLECTIONS[id]
  const { rows } = await db.query<{ f: GeoJSON.Feature }>(
    `select ${featureSql(id)} as f from ${c.from} where t.id = $1`,
    [fid],
  )
  return rows[0]?.f ?? null
}

/** The collection's extent: WGS84 box and the range of its dates (nulls when it is empty). */
export async function findOgcExtent(db: Queryable, id: OgcCollectionId) {
  const c = COLLECTIONS[id]
  const { rows } = await db.query<{ bbox: number[] | null; first: string | null; last: string | null }>(
    `select case when e is null then null else array[ST_XMin(e), ST_YMin(e), ST_XMax(e), ST_YMax(e)] end as bbox,
       first, last
     from (select ST_Extent(${c.geometry}) as e, min(${c.date}) as first, max(${c.date}) as last from ${c.from}) s`,
  )
  return rows[0] ?? { bbox: null, first: null, last: null }
}
