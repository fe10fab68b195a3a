import type { LandUse } from '../domain/vocabulary'
import type { Queryable } from './pool'

export interface ExistingParcel {
  id: number
  code: string
  landUse: LandUse
}

/** The parcels that already carry these codes, locked for update when called in a transaction. */
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

/**
 * Loads the rows of an import into temporary table import_source (index, code, name, has_name, geometry jsonb;
 * dropped at commit), one piece per statement: each piece is a UTF-8 JSON array of rows as the reading worker wrote
 * it, sent as bytes, so no statement carries a huge value and the event loop never copies tens of MB at once.
 */
export async function loadImportRows(db: Queryable, pieces: Uint8Array[]): Promise<void> {
  await db.query(
    `create temporary table import_source
       (index int, code text, name text, has_name boolean, geometry jsonb) on commit drop`,
  )
  for (const piece of pieces) {
    await db.query(
      `insert into import_source
       select * from jsonb_to_recordset(convert_from($1::bytea, 'UTF8')::jsonb)
         as x(index int, code text, name text, has_name boolean, geometry jsonb)`,
      [piece],
    )
  }
}

export interface GeometryCheck {
  index: number
  /** why PostGIS refuses the geometry, null when it is fine */
  problem: string | null
  /** area on the spheroid in m², null when the geometry is refused */
  areaM2: number | null
  /** what a good geometry overlaps (parcels it does not replace, earlier rows of the file), null when nothing */
  overlaps: string | null
}

/**
 * PostGIS's verdict on every row of import_source (see loadImportRows) on its geometry: empty or not valid (with ST_IsValidReason); for the good ones the
 * spheroid area and what they overlap by more than `toleranceM2` — a parcel the import does not replace (one
 * whose code is not in the file) or an earlier row of the file (shared edges are fine, as when editing). Rows meet each other through a GiST index on a temporary table, so a cadastre of thousands
 * of parcels is not compared pair by pair.
 */
export async function checkImportGeometries(db: Queryable, toleranceM2 = 1): Promise<GeometryCheck[]> {
  await db.query(
    `create temporary table import_rows on commit drop as
     select x.index, x.code, g.geom,
       case when ST_IsEmpty(g.geom) then 'geometry is empty'
         when not ST_IsValid(g.geom) then 'geometry is not valid: ' || ST_IsValidReason(g.geom) end as problem,
       case when not ST_IsEmpty(g.geom) and ST_IsValid(g.geom) then ST_Area(g.geom::geography) end as area_m2
     from import_source x
     cross join lateral (select ST_SetSRID(ST_GeomFromGeoJSON(x.geometry), 4326) as geom) g`,
  )
  await db.query(`create index on import_rows using gist (geom) where problem is null`)
  await db.query(`create index on import_rows (code)`)
  await db.query('analyze import_rows')
  const { rows: checks } = await db.query<GeometryCheck>(
    `with replaced as (select array_agg(code) as codes from import_rows),
       outside as (
         select r.index, string_agg(p.code, ', ' order by p.code) as codes
         from import_rows r cross join replaced
         join parcels p on p.geom && r.geom and not (p.code = any(replaced.codes)) and ST_Intersects(p.geom, r.geom)
           and ST_Area(ST_Intersection(p.geom, r.geom)::geography) > $1
         where r.problem is null
         group by r.index),
       within as (
         select b.index, string_agg(a.code || ' (row ' || a.index || ')', ', ' order by a.index) as codes
         from import_rows a join import_rows b on a.geom && b.geom and a.index < b.index
         where a.problem is null and b.problem is null and ST_Intersects(a.geom, b.geom)
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
  // gone at commit anyway, and at once on rollback; dropped now so that nothing later in the transaction sees it
  await db.query('drop table import_rows')
  return checks
}

/** A row of the payload to write: its code, and its land use (undefined keeps an existing parcel's). */
export interface ImportWrite {
  code: string
  land_use: LandUse | undefined
}

/** The rows of import_source (see loadImportRows) that `$1` names, with the land uses in `$2`. */
const RECORDSET = `(select r.code, r.name, r.has_name, w.land_use, r.geometry
  from import_source r
  join unnest($1::text[], $2::text[]) as w(code, land_use) on w.code = r.code) as x`

function recordset(rows: ImportWrite[]) {
  return [rows.map((r) => r.code), rows.map((r) => r.land_use ?? null)]
}

/** A parcel an import wrote, with what changed as its history row records it. */
export interface ImportedParcel {
  id: number
  changes: Record<string, unknown>
}

/**
 * Updates the parcels with these codes (geometry, name and land use when given; version + 1), set-based. Returns
 * each one with its changes (name, land use and area from → to, the geometry replaced).
 */
export async function updateImportedParcels(db: Queryable, rows: ImportWrite[]): Promise<ImportedParcel[]> {
  if (rows.length === 0) return []
  const { rows: updated } = await db.query<ImportedParcel>(
    `with x as (select * from ${RECORDSET}),
     old as (select p.id, p.name, p.land_use, p.area_m2, p.version from parcels p join x on x.code = p.code),
     upd as (
       update parcels p set
         name = case when x.has_name then x.name else p.name end,
         land_use = coalesce(x.land_use, p.land_use),
         geom = ST_Multi(ST_SetSRID(ST_GeomFromGeoJSON(x.geometry), 4326)),
         version = p.version + 1, updated_at = now()
       from x where p.code = x.code
       returning p.id, p.code, p.name, p.land_use, p.area_m2, p.version)
     select upd.id, jsonb_build_object(
         'code', upd.code,
         'name', jsonb_build_object('from', old.name, 'to', upd.name),
         'land_use', jsonb_build_object('from', old.land_use, 'to', upd.land_use),
         'area_m2', jsonb_build_object('from', round(old.area_m2::numeric, 1), 'to', round(upd.area_m2::numeric, 1)),
         'geometry', 'replaced',
         'version', jsonb_build_object('from', old.version, 'to', upd.version)) as changes
     from upd join old on old.id = upd.id
     order by upd.id`,
    recordset(rows),
  )
  return updated
}

/** Creates parcels (status planned), set-based. Returns each one with its fields as its history row records them. */
export async function insertImportedParcels(db: Queryable, rows: ImportWrite[]): Promise<ImportedParcel[]> {
  if (rows.length === 0) return []
  const { rows: created } = await db.query<ImportedParcel>(
    `with x as (select * from ${RECORDSET}),
     ins as (
       insert into parcels (code, name, land_use, status, geom)
       select x.code, x.name, x.land_use, 'planned', ST_Multi(ST_SetSRID(ST_GeomFromGeoJSON(x.geometry), 4326))
       from x
       returning id, code, name, land_use, status, area_m2)
     select ins.id, jsonb_build_object('code', ins.code, 'name', ins.name, 'land_use', ins.land_use,
         'status', ins.status, 'area_m2', round(ins.area_m2::numeric, 1), 'created', true) as changes
     from ins
     order by ins.id`,
    recordset(rows),
  )
  return created
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
