import { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { from as copyFrom } from 'pg-copy-streams'
import type { LandUse } from '../domain/vocabulary'
import type { PoolClient, Queryable } from './pool'

export interface ExistingParcel {
  id: number
  code: string
  landUse: LandUse
}

/**
 * The parcels that already carry these codes, locked for update; `db` is a client in a transaction. The unique
 * btree on code answers: the search box's trigram indexes are on lower(code) (migration 0038), so this `=` cannot
 * take them (on code itself they answered it, and 4,241 cadastre codes took 29 s there instead of 10 ms).
 */
export async function findParcelsByCode(
  db: Queryable,
  codes: string[],
): Promise<Map<string, ExistingParcel>> {
  const { rows } = await db.query<ExistingParcel>(
    `select id, code, land_use as "landUse" from parcels where code = any($1::text[]) order by id for update`,
    [codes],
  )
  return new Map(rows.map((r) => [r.code, r]))
}

/** A row of an import as the service knows it: its geometry travels apart, in the pieces (see loadImportRows). */
export interface ImportRowText {
  index: number
  code: string
  name: string | null | undefined
}

/** Whether this database takes COPY FROM STDIN: PGlite over its socket does not (it drops the connection). */
async function takesCopy(db: Queryable): Promise<boolean> {
  const { rows } = await db.query<{ version: string }>('select version()')
  return !/PGlite/i.test(rows[0]?.version ?? '')
}

async function copyPieces(db: Queryable, table: string, pieces: Uint8Array[]) {
  const stream = (db as PoolClient).query(copyFrom(`copy ${table} from stdin`))
  await pipeline(Readable.from(pieces.map((p) => Buffer.from(p.buffer, p.byteOffset, p.byteLength))), stream)
}

/**
 * Loads an import into temporary table import_rows (dropped at commit), with PostGIS's verdict on each geometry:
 * `index, code, name, has_name, geom` (a WGS84 MultiPolygon), `problem` (empty, not valid with ST_IsValidReason, or
 * smaller than `minAreaM2`: a sliver) and `area_m2` (on the spheroid, for the good ones). The geometries arrive as
 * COPY text (`index<TAB>hex EWKB` lines, as the reading worker wrote them) through COPY FROM STDIN; on the embedded
 * database, which has no COPY over its socket, one INSERT … SELECT per piece splits the same text. Codes and
 * names travel as arrays in one statement. Then import_rows is indexed (GiST on the good geometries, code) and
 * analyzed, so the checks and writes that follow are planned on its real size.
 */
export async function loadImportRows(
  db: Queryable,
  rows: readonly ImportRowText[],
  pieces: readonly Uint8Array[],
  minAreaM2: number,
): Promise<void> {
  await db.query('create temporary table import_geom (index int, geom geometry) on commit drop')
  if (await takesCopy(db)) await copyPieces(db, 'import_geom', [...pieces])
  else {
    for (const piece of pieces) {
      await db.query(
        `insert into import_geom
         select split_part(line, E'\\t', 1)::int, split_part(line, E'\\t', 2)::geometry
         from string_to_table(convert_from($1::bytea, 'UTF8'), E'\\n') as line where line <> ''`,
        [piece],
      )
    }
  }
  await db.query(
    `create temporary table import_rows on commit drop as
     select m.index, m.code, m.name, m.has_name, g.geom, v.problem,
       case when v.problem is null then v.area_m2 end as area_m2
     from unnest($1::int[], $2::text[], $3::text[], $4::boolean[]) as m(index, code, name, has_name)
     join import_geom g on g.index = m.index
     cross join lateral (select ST_IsEmpty(g.geom) as empty, ST_IsValid(g.geom) as valid) c
     cross join lateral (select case when c.valid and not c.empty then ST_Area(g.geom::geography) end as area_m2) a
     cross join lateral (select a.area_m2,
       case when c.empty then 'geometry is empty'
         when not c.valid then 'geometry is not valid: ' || ST_IsValidReason(g.geom)
         when a.area_m2 < $5 then 'the parcel measures ' || round(a.area_m2::numeric, 4) || ' m², less than the ' ||
           'minimum parcel area of ' || $5 || ' m² (zone setting min_parcel_area_m2): a sliver' end as problem) v`,
    [
      rows.map((r) => r.index),
      rows.map((r) => r.code),
      rows.map((r) => r.name ?? null),
      rows.map((r) => r.name !== undefined),
      minAreaM2,
    ],
  )
  await db.query('drop table import_geom')
  await db.query('create index on import_rows using gist (geom) where problem is null')
  await db.query('create index on import_rows (code)')
  await db.query('analyze import_rows')
}

export interface GeometryCheck {
  index: number
  /** why the geometry is refused (see loadImportRows), null when it is fine */
  problem: string | null
  /** area on the spheroid in m², null when the geometry is refused */
  areaM2: number | null
  /** what a good geometry overlaps (parcels it does not replace, earlier rows of the file), null when nothing */
  overlaps: string | null
}

/**
 * The verdict on every row of import_rows (see loadImportRows): its problem, its area, and for the good ones what
 * they overlap by more than `toleranceM2` — a parcel the import does not replace (one whose code is not in the
 * file) or an earlier row of the file (shared edges are fine, as when editing). Pairs meet through the GiST indexes
 * (parcels, import_rows); only pairs whose interiors meet (ST_Relate 'T********', far cheaper than an
 * intersection) have their common area measured, so neighbours that share an edge cost one relate each, and a parcel
 * the file replaces costs none.
 */
export async function checkImportGeometries(db: Queryable, toleranceM2 = 1): Promise<GeometryCheck[]> {
  const { rows: checks } = await db.query<GeometryCheck>(
    `with outside as (
         select r.index, string_agg(p.code, ', ' order by p.code) as codes
         from import_rows r
         join parcels p on p.geom && r.geom
           -- a parcel the file replaces is skipped before any relate: on a re-import every row meets its own old
           -- geometry and its neighbours' (the CASE keeps the order; a NOT EXISTS would be planned after the join)
           and case when exists (select 1 from import_rows x where x.code = p.code) then false
             else ST_Relate(p.geom, r.geom, 'T********') end
         where r.problem is null
           and ST_Area(ST_Intersection(p.geom, r.geom)::geography) > $1
         group by r.index),
       within as (
         select b.index, string_agg(a.code || ' (row ' || a.index || ')', ', ' order by a.index) as codes
         from import_rows a join import_rows b on a.geom && b.geom and a.index < b.index
         where a.problem is null and b.problem is null and ST_Relate(a.geom, b.geom, 'T********')
           and ST_Area(ST_Intersection(a.geom, b.geom)::geography) > $1
         group by b.index)
       select r.index, r.problem, r.area_m2 as "areaM2",
         nullif(concat_ws('; ', 'overlaps parcel ' || outside.codes, 'overlaps ' || within.codes || ' of this file'), '')
           as overlaps
       from import_rows r
       left join outside on outside.index = r.index
       left join within on within.index = r.index
       order by r.index`,
    [toleranceM2],
  )
  return checks
}

/** A row of the payload to write: its code, and its land use (undefined keeps an existing parcel's). */
export interface ImportWrite {
  code: string
  land_use: LandUse | undefined
}

/** The rows of import_rows (see loadImportRows) that `$1` names, with the land uses in `$2`. */
const RECORDSET = `(select r.code, r.name, r.has_name, w.land_use, r.geom
  from import_rows r
  join unnest($1::text[], $2::text[]) as w(code, land_use) on w.code = r.code) as x`

function recordset(rows: ImportWrite[]) {
  return [rows.map((r) => r.code), rows.map((r) => r.land_use ?? null)]
}

/** How an import's history rows read: who, and why (e.g. "import plan.zip"). */
export interface ImportHistory {
  actor: string
  reason: string
}

/**
 * Updates the parcels with these codes (geometry, name and land use when given; version + 1), and writes each
 * one's history row (action import: name, land use and area from → to, the geometry replaced), in one statement.
 * Returns the ids, in id order.
 */
export async function updateImportedParcels(
  db: Queryable,
  rows: ImportWrite[],
  history: ImportHistory,
): Promise<number[]> {
  if (rows.length === 0) return []
  const { rows: updated } = await db.query<{ id: number }>(
    `with x as (select * from ${RECORDSET}),
     old as (select p.id, p.name, p.land_use, p.area_m2, p.version from parcels p join x on x.code = p.code),
     upd as (
       update parcels p set
         name = case when x.has_name then x.name else p.name end,
         land_use = coalesce(x.land_use, p.land_use),
         geom = x.geom,
         version = p.version + 1, updated_at = now()
       from x where p.code = x.code
       returning p.id, p.code, p.name, p.land_use, p.area_m2, p.version),
     hist as (
       insert into history (entity_type, entity_id, action, actor, changes, reason)
       select 'parcel', upd.id, 'import', $3, jsonb_build_object(
           'code', upd.code,
           'name', jsonb_build_object('from', old.name, 'to', upd.name),
           'land_use', jsonb_build_object('from', old.land_use, 'to', upd.land_use),
           'area_m2', jsonb_build_object('from', round(old.area_m2::numeric, 1), 'to', round(upd.area_m2::numeric, 1)),
           'geometry', 'replaced',
           'version', jsonb_build_object('from', old.version, 'to', upd.version)), $4
       from upd join old on old.id = upd.id
       order by upd.id)
     select id from upd order by id`,
    [...recordset(rows), history.actor, history.reason],
  )
  return updated.map((r) => r.id)
}

/**
 * Creates parcels (status planned) and their history rows (action import, the new fields), in one statement.
 * Returns the ids, in id order.
 */
export async function insertImportedParcels(
  db: Queryable,
  rows: ImportWrite[],
  history: ImportHistory,
): Promise<number[]> {
  if (rows.length === 0) return []
  const { rows: created } = await db.query<{ id: number }>(
    `with x as (select * from ${RECORDSET}),
     ins as (
       insert into parcels (code, name, land_use, status, geom)
       select x.code, x.name, x.land_use, 'planned', x.geom
       from x
       returning id, code, name, land_use, status, area_m2),
     hist as (
       insert into history (entity_type, entity_id, action, actor, changes, reason)
       select 'parcel', ins.id, 'import', $3, jsonb_build_object('code', ins.code, 'name', ins.name,
           'land_use', ins.land_use, 'status', ins.status, 'area_m2', round(ins.area_m2::numeric, 1), 'created', true), $4
       from ins
       order by ins.id)
     select id from ins order by id`,
    [...recordset(rows), history.actor, history.reason],
  )
  return created.map((r) => r.id)
}

/** Geometries at full precision (9 decimals, about 0.1 mm) for exports that reproject them. */
export async function findPreciseGeometries(
  db: Queryable,
  ids: number[],
): Promise<Map<number, GeoJSON.MultiPolygon>> {
  if (ids.length === 0) return new Map()
  const { rows } = await db.query<{ id: number; geometry: GeoJSON.MultiPolygon }>(
    `select id, ST_AsGeoJSON(geom, 9)::json as geometry from parcels where id = any($1::bigint[])`,
    [ids],
  )
  return new Map(rows.map((r) => [r.id, r.geometry]))
}
