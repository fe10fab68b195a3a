import type { ParcelQuery } from '../domain/parcel'
import type { MilestoneKind, ProjectStage, Readiness } from '../domain/vocabulary'
import type { Queryable } from './pool'
import { trigramIlike } from './trigram-ilike'

/** A parcel's stored forecast (table land_forecasts), as every reader takes it. */
export interface StoredForecast {
  /** 可供日期: ready to offer, actual or forecast */
  readyOn: string | null
  /** 交地日期: hand-over, actual or forecast */
  handoverOn: string | null
  /** ready_on while the parcel is not handed over: what available_by, OGC datetime and the dashboard filter */
  availableOn: string | null
  readiness: Readiness | null
  criticalKind: MilestoneKind | null
  /** the zone date it was computed for; null when none is stored yet */
  computedFor: string | null
  forecastMilestones: { kind: MilestoneKind; status: string; forecast_on: string | null; behind: boolean }[]
}

export interface ParcelRow extends StoredForecast {
  id: number
  code: string
  name: string | null
  status: string
  landUse: string
  areaM2: number
  targetOn: string | null
  version: number
  geometry: GeoJSON.MultiPolygon
  milestones: MilestoneRow[]
}

const FROM = 'parcels p left join land_forecasts f on f.parcel_id = p.id'

// the parcels meeting a box: a parcel whose bounding box lies inside it meets it (no exact test); only those on
// its edge are tested exactly. Besides the ~23,000 exact tests of a z13 view, this lets the planner see how few
// parcels a box holds, and join their forecasts by key instead of hashing all forecasts up to a date (available_by
// in a z13 view of a 1M city: 386 → 136–222 ms, EXPLAIN ANALYZE under load)
const IN_BOX = (env: string) => `(p.geom && ${env} and (p.geom @ ${env} or ST_Intersects(p.geom, ${env})))`

// bbox, status, land use, text and available-by filters; every value goes as a parameter
const FILTER = `
  ($1::float8[] is null or ${IN_BOX('ST_MakeEnvelope($1[1], $1[2], $1[3], $1[4], 4326)')})
  and ($2::text[] is null or p.status = any($2))
  and ($3::text[] is null or p.land_use = any($3))
  and ($4::text is null or ${trigramIlike('p.code', '$4')} or ${trigramIlike('p.name', '$4')})
  and ($5::date is null or f.available_on <= $5::date)`

function filterParams(query: Omit<ParcelQuery, 'limit' | 'offset' | 'geometry'>) {
  const like = query.q ? `%${query.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%` : null
  return [query.bbox ?? null, query.status ?? null, query.land_use ?? null, like, query.available_by ?? null]
}

const FORECAST_COLUMNS = `f.ready_on as "readyOn", f.handover_on as "handoverOn", f.available_on as "availableOn",
    f.readiness, f.critical_kind as "criticalKind", f.computed_for as "computedFor",
    coalesce(f.milestones, '[]'::jsonb) as "forecastMilestones"`

const SELECT = `
  select p.id, p.code, p.name, p.status, p.land_use as "landUse", p.area_m2 as "areaM2",
    p.target_on as "targetOn", p.version, ST_AsGeoJSON(p.geom, 7)::json as geometry,
    coalesce((select json_agg(json_build_object('kind', m.kind, 'planned_on', m.planned_on,
      'actual_on', m.actual_on, 'owner', m.owner, 'note', m.note, 'version', m.version))
      from parcel_milestones m where m.parcel_id = p.id), '[]'::json) as milestones,
    ${FORECAST_COLUMNS}
  from ${FROM}`

/** A parcel as the list shows it: no milestones (the detail has them); no geometry when asked for none. */
export type ParcelListRow = Omit<ParcelRow, 'milestones' | 'forecastMilestones' | 'geometry'> & {
  geometry: GeoJSON.MultiPolygon | null
}

// the list's columns: what parcelProperties needs and the geometry, like the OGC items page; reading each
// parcel's milestones and forecast milestones (which the list never shows) made it cost 2.8 × that page at 1M
const LIST_SELECT = `
  select p.id, p.code, p.name, p.status, p.land_use as "landUse", p.area_m2 as "areaM2",
    p.target_on as "targetOn", p.version,
    case when $8::boolean then ST_AsGeoJSON(p.geom, 7)::json end as geometry,
    f.ready_on as "readyOn", f.handover_on as "handoverOn", f.available_on as "availableOn",
    f.readiness, f.critical_kind as "criticalKind", f.computed_for as "computedFor"
  from ${FROM}`

/** A page of parcels the filters select, with their stored forecasts, and how many match in all. */
export async function findParcels(
  db: Queryable,
  query: ParcelQuery,
): Promise<{ rows: ParcelListRow[]; total: number }> {
  const params = filterParams(query)
  const [list, count] = await Promise.all([
    db.query<ParcelListRow>(`${LIST_SELECT} where ${FILTER} order by p.id limit $6 offset $7`, [
      ...params,
      query.limit,
      query.offset,
      query.geometry !== 'none',
    ]),
    db.query<{ n: number }>(`select count(*)::int as n from ${FROM} where ${FILTER}`, params),
  ])
  return { rows: list.rows, total: count.rows[0]?.n ?? 0 }
}

/** Every parcel the filters select, with its stored forecast, by id (for exports). */
export async function findAllParcels(
  db: Queryable,
  query: Omit<ParcelQuery, 'limit' | 'offset' | 'geometry'>,
): Promise<ParcelRow[]> {
  const { rows } = await db.query<ParcelRow>(`${SELECT} where ${FILTER} order by p.id`, filterParams(query))
  return rows
}

/**
 * The stored forecasts (readiness and dates, no geometry) of the parcels meeting `bbox` (WGS84) that have one
 * with a readiness or a date, by id, at most `limit`; `truncated` when more matched.
 */
export async function findParcelForecasts(
  db: Queryable,
  bbox: readonly [number, number, number, number] | null,
  limit: number,
) {
  const { rows } = await db.query<{
    id: number
    readiness: Readiness | null
    available_on: string | null
    ready_on: string | null
    handover_on: string | null
  }>(
    `select p.id::int4 as id, f.readiness, f.available_on, f.ready_on, f.handover_on
     from parcels p join land_forecasts f on f.parcel_id = p.id
     where ($1::float8[] is null or ${IN_BOX('ST_MakeEnvelope($1[1], $1[2], $1[3], $1[4], 4326)')})
       and (f.readiness is not null or f.ready_on is not null or f.handover_on is not null)
     order by p.id limit $2`,
    [bbox, limit + 1],
  )
  return { rows: rows.slice(0, limit), truncated: rows.length > limit }
}

/** These parcels, by id. */
export async function findParcelsById(db: Queryable, ids: readonly number[]): Promise<ParcelRow[]> {
  if (ids.length === 0) return []
  const { rows } = await db.query<ParcelRow>(`${SELECT} where p.id = any($1::bigint[]) order by p.id`, [ids])
  return rows
}

export async function findParcel(db: Queryable, id: number): Promise<ParcelRow | null> {
  const { rows } = await db.query<ParcelRow>(`${SELECT} where p.id = $1`, [id])
  return rows[0] ?? null
}

export async function findParcelProject(db: Queryable, parcelId: number) {
  const { rows } = await db.query<{ id: number; name: string; company: string; stage: ProjectStage }>(
    `select id, name, company, stage from projects where parcel_id = $1
     order by (stage = 'dropped'), updated_at desc limit 1`,
    [parcelId],
  )
  return rows[0] ?? null
}

export interface ParcelWrite {
  code?: string
  name?: string | null
  land_use?: string
  status?: string
  target_on?: string | null
  geometry?: GeoJSON.Polygon | GeoJSON.MultiPolygon
}

/**
 * Why PostGIS refuses this geometry for a parcel, or null when it is fine: invalid (with ST_IsValidReason),
 * empty, smaller on the spheroid than `minAreaM2` (a sliver, as an import refuses it), or overlapping another
 * parcel by more than `toleranceM2` (shared edges are fine).
 */
export async function geometryProblem(
  db: Queryable,
  geometry: GeoJSON.Geometry,
  ignoreIds: number[],
  minAreaM2: number,
  toleranceM2 = 1,
): Promise<string | null> {
  const { rows } = await db.query<{
    valid: boolean
    reason: string
    empty: boolean
    area: number | null
    overlaps: string | null
  }>(
    `with g as (select ST_SetSRID(ST_GeomFromGeoJSON($1), 4326) as geom)
     select ST_IsValid(g.geom) as valid, ST_IsValidReason(g.geom) as reason, ST_IsEmpty(g.geom) as empty,
       case when ST_IsValid(g.geom) then ST_Area(g.geom::geography) end as area,
       case when ST_IsValid(g.geom) then (
         select string_agg(p.code, ', ' order by p.code) from parcels p
         where p.geom && g.geom and not (p.id = any($2::bigint[])) and ST_Intersects(p.geom, g.geom)
           and ST_Area(ST_Intersection(p.geom, g.geom)::geography) > $3) end as overlaps
     from g`,
    [JSON.stringify(geometry), ignoreIds, toleranceM2],
  )
  const row = rows[0]
  if (!row) return 'geometry could not be read'
  if (row.empty) return 'geometry is empty'
  if (!row.valid) return `geometry is not valid: ${row.reason}`
  if (row.area !== null && row.area < minAreaM2) {
    return `the parcel measures ${row.area.toFixed(4)} m², less than the minimum parcel area of ${minAreaM2} m² (zone setting min_parcel_area_m2): a sliver`
  }
  if (row.overlaps) return `geometry overlaps parcel ${row.overlaps}`
  return null
}

export async function insertParcel(
  db: Queryable,
  input: Required<Pick<ParcelWrite, 'code' | 'land_use' | 'geometry'>> & ParcelWrite,
) {
  const { rows } = await db.query<{ id: number }>(
    `insert into parcels (code, name, land_use, status, target_on, geom)
     values ($1, $2, $3, coalesce($4, 'planned'), $5, ST_Multi(ST_SetSRID(ST_GeomFromGeoJSON($6), 4326)))
     returning id`,
    [
      input.code,
      input.name ?? null,
      input.land_use,
      input.status ?? null,
      input.target_on ?? null,
      JSON.stringify(input.geometry),
    ],
  )
  return rows[0]?.id as number
}

/** Applies the fields that are present if the parcel is still at `version`; null when it is not (or is gone). */
export async function updateParcel(db: Queryable, id: number, version: number, input: ParcelWrite) {
  const has = (k: keyof ParcelWrite) => (k in input ? true : null)
  const { rows } = await db.query<{ id: number }>(
    `update parcels set
       code = case when $3::boolean then $4 else code end,
       name = case when $5::boolean then $6 else name end,
       land_use = case when $7::boolean then $8 else land_use end,
       status = case when $9::boolean then $10 else status end,
       target_on = case when $11::boolean then $12::date else target_on end,
       geom = case when $13::boolean then ST_Multi(ST_SetSRID(ST_GeomFromGeoJSON($14), 4326)) else geom end,
       version = version + 1, updated_at = now()
     where id = $1 and version = $2 returning id`,
    [
      id,
      version,
      has('code'),
      input.code ?? null,
      has('name'),
      input.name ?? null,
      has('land_use'),
      input.land_use ?? null,
      has('status'),
      input.status ?? null,
      has('target_on'),
      input.target_on ?? null,
      has('geometry'),
      input.geometry ? JSON.stringify(input.geometry) : null,
    ],
  )
  return rows.length > 0
}

export async function deleteParcel(db: Queryable, id: number, version: number): Promise<boolean> {
  const { rowCount } = await db.query('delete from parcels where id = $1 and version = $2', [id, version])
  return (rowCount ?? 0) > 0
}

/** The codes of these parcels that a project holds or builds on: a live project or an open reservation. */
export async function findParcelsInUse(db: Queryable, ids: readonly number[]): Promise<string[]> {
  const { rows } = await db.query<{ code: string }>(
    `select p.code from parcels p where p.id = any($1::bigint[]) and (
       exists (select 1 from projects pr where pr.parcel_id = p.id and pr.stage <> 'dropped')
       or exists (select 1 from reservations r where r.parcel_id = p.id and r.released_at is null))
     order by p.code`,
    [ids],
  )
  return rows.map((r) => r.code)
}

/** Which of these codes parcels already carry. */
export async function findTakenCodes(db: Queryable, codes: readonly string[]): Promise<string[]> {
  const { rows } = await db.query<{ code: string }>(
    'select code from parcels where code = any($1::text[]) order by code',
    [codes],
  )
  return rows.map((r) => r.code)
}

/** Those of `ids` whose deletion the history records: parcels that existed and were deleted, split or merged. */
export async function findDeletedParcelIds(db: Queryable, ids: readonly number[]): Promise<Set<number>> {
  const { rows } = await db.query<{ id: number }>(
    `select distinct entity_id as id from history
     where entity_type = 'parcel' and action = 'delete' and entity_id = any($1::bigint[])`,
    [ids],
  )
  return new Set(rows.map((r) => r.id))
}

/** The box [minLon, minLat, maxLon, maxLat] (WGS84) around these parcels, null when none exists. */
export async function findParcelsExtent(
  db: Queryable,
  ids: readonly number[],
): Promise<[number, number, number, number] | null> {
  const { rows } = await db.query<{ minx: number | null; miny: number; maxx: number; maxy: number }>(
    `select ST_XMin(e) as minx, ST_YMin(e) as miny, ST_XMax(e) as maxx, ST_YMax(e) as maxy
     from (select ST_Extent(geom)::geometry as e from parcels where id = any($1::bigint[])) x`,
    [ids],
  )
  const r = rows[0]
  return r && r.minx !== null ? [r.minx, r.miny, r.maxx, r.maxy] : null
}

/** Sets a parcel's target date (version + 1) and plans its milestones: creates them or moves their planned date. */
export async function saveParcelSchedule(
  db: Queryable,
  id: number,
  targetOn: string,
  milestones: readonly { kind: MilestoneKind; planned_on: string }[],
) {
  await db.query(
    'update parcels set target_on = $2, version = version + 1, updated_at = now() where id = $1',
    [id, targetOn],
  )
  await db.query(
    `insert into parcel_milestones (parcel_id, kind, planned_on)
     select $1, x.kind, x.planned_on from jsonb_to_recordset($2::jsonb) as x(kind text, planned_on date)
     on conflict (parcel_id, kind) do update set planned_on = excluded.planned_on,
       version = parcel_milestones.version + 1, updated_at = now()`,
    [id, JSON.stringify(milestones.map((m) => ({ kind: m.kind, planned_on: m.planned_on })))],
  )
}

export interface MilestoneRow {
  kind: MilestoneKind
  planned_on: string | null
  actual_on: string | null
  owner: string | null
  note: string | null
  version: number
}

export async function findMilestones(db: Queryable, parcelId: number): Promise<MilestoneRow[]> {
  const { rows } = await db.query<MilestoneRow>(
    `select kind, planned_on, actual_on, owner, note, version from parcel_milestones where parcel_id = $1`,
    [parcelId],
  )
  return rows
}

/** Creates or updates one milestone if it is still at `version` (a milestone not yet planned has version 0). */
export async function writeMilestone(
  db: Queryable,
  parcelId: number,
  kind: MilestoneKind,
  version: number,
  next: Omit<MilestoneRow, 'kind' | 'version'>,
): Promise<boolean> {
  const { rowCount } =
    version === 0
      ? await db.query(
          `insert into parcel_milestones (parcel_id, kind, planned_on, actual_on, owner, note)
           values ($1, $2, $3, $4, $5, $6) on conflict (parcel_id, kind) do nothing`,
          [parcelId, kind, next.planned_on, next.actual_on, next.owner, next.note],
        )
      : await db.query(
          `update parcel_milestones set planned_on = $4, actual_on = $5, owner = $6, note = $7,
             version = version + 1, updated_at = now()
           where parcel_id = $1 and kind = $2 and version = $3`,
          [parcelId, kind, version, next.planned_on, next.actual_on, next.owner, next.note],
        )
  return (rowCount ?? 0) > 0
}

/**
 * The latest planned finish of unfinished infrastructure serving each parcel (within a distance, or linked), for
 * parcels whose servicing is still to come; `unscheduled: true` also answers for parcels without a servicing
 * milestone yet (a schedule about to plan one).
 */
export async function findServicingFloors(
  db: Queryable,
  ids: number[],
  distanceM: number,
  { unscheduled = false } = {},
): Promise<Map<number, string>> {
  if (ids.length === 0) return new Map()
  const { rows } = await db.query<{ id: number; floor: string }>(
    `select p.id, max(i.planned_finish) as floor
     from parcels p
     join infrastructure i on i.status <> 'done' and i.planned_finish is not null and i.kind <> 'substation'
       and (
         -- Web Mercator stretches distances by 1 / cos(latitude): within 2 % more than that in EPSG:3857 is a
         -- cheap, safe first cut (it keeps every pair the spheroid puts within $2 m), and the spheroid decides
         (i.geom_3857 && ST_Expand(p.geom_3857, 1.02 * $2 / cos(radians(ST_Y(ST_Centroid(p.geom)))))
           and case when ST_DWithin(i.geom_3857, p.geom_3857, 1.02 * $2 / cos(radians(ST_Y(ST_Centroid(p.geom)))))
             then ST_DWithin(i.geom::geography, p.geom::geography, $2) else false end)
         or exists (select 1 from parcel_infrastructure l where l.parcel_id = p.id and l.infrastructure_id = i.id))
     where p.id = any($1::bigint[])
       -- only a servicing milestone still to come can be held back
       and (exists (select 1 from parcel_milestones s where s.parcel_id = p.id and s.kind = 'servicing' and s.actual_on is null)
         or ($3 and not exists (select 1 from parcel_milestones s where s.parcel_id = p.id and s.kind = 'servicing')))
     group by p.id`,
    [ids, distanceM, unscheduled],
  )
  return new Map(rows.map((r) => [r.id, r.floor]))
}

/** Milestones planned before `today` and not done, oldest first. */
export async function findLateMilestones(db: Queryable, today: string) {
  const { rows } = await db.query<{
    parcel_id: number
    code: string
    name: string | null
    kind: MilestoneKind
    planned_on: string
    owner: string | null
    days_late: number
  }>(
    `select p.id as parcel_id, p.code, p.name, m.kind, m.planned_on, m.owner, ($1::date - m.planned_on) as days_late
     from parcel_milestones m join parcels p on p.id = m.parcel_id
     where m.actual_on is null and m.planned_on < $1::date
     order by m.planned_on, p.code`,
    [today],
  )
  return rows
}

/** The pieces of a parcel cut by a line, as GeoJSON polygons; fewer than two when the line does not cross it. */
export async function splitGeometry(db: Queryable, id: number, line: GeoJSON.LineString) {
  // every piece, with its area on the spheroid: the service refuses a line that leaves a sliver rather than
  // dropping the sliver (its land would be lost from the zone)
  const { rows } = await db.query<{ geometry: GeoJSON.Polygon; area_m2: number }>(
    `select ST_AsGeoJSON(d.geom, 9)::json as geometry, ST_Area(d.geom::geography) as area_m2
     from parcels p, ST_Dump(ST_Split(p.geom, ST_SetSRID(ST_GeomFromGeoJSON($2), 4326))) d
     where p.id = $1
     order by ST_XMin(d.geom), ST_YMin(d.geom)`,
    [id, JSON.stringify(line)],
  )
  return rows
}

/** The union of parcels as one polygon, or null when they do not form one connected area. */
export async function mergeGeometry(db: Queryable, ids: number[]): Promise<GeoJSON.Polygon | null> {
  const { rows } = await db.query<{ geometry: GeoJSON.Geometry; parts: number }>(
    `with u as (select ST_UnaryUnion(ST_Collect(geom)) as geom from parcels where id = any($1::bigint[]))
     select ST_AsGeoJSON(geom, 9)::json as geometry, ST_NumGeometries(geom) as parts from u`,
    [ids],
  )
  const row = rows[0]
  if (row?.parts !== 1 || row.geometry.type !== 'Polygon') return null
  return row.geometry
}

/** Gives a parcel these milestones (a new parcel: what a merge keeps of the first parcel's). */
export async function insertMilestones(db: Queryable, parcelId: number, milestones: readonly MilestoneRow[]) {
  await db.query(
    `insert into parcel_milestones (parcel_id, kind, planned_on, actual_on, owner, note)
     select $1, x.kind, x.planned_on, x.actual_on, x.owner, x.note
     from jsonb_to_recordset($2::jsonb) as x(kind text, planned_on date, actual_on date, owner text, note text)`,
    [parcelId, JSON.stringify(milestones)],
  )
}

export async function copyMilestones(db: Queryable, fromId: number, toId: number) {
  await db.query(
    `insert into parcel_milestones (parcel_id, kind, planned_on, actual_on, owner, note)
     select $2, kind, planned_on, actual_on, owner, note from parcel_milestones where parcel_id = $1`,
    [fromId, toId],
  )
}
