import type { Queryable } from '../../server/db/pool'
import { reforecastEveryParcel } from '../../server/services/land/reforecast'

/** Where the synthetic city lies: about 40 km north-east of the demo district (113.45°E, 22.55°N), so the two never overlap. */
export const CITY_CENTRE = { lon: 113.85, lat: 22.85 } as const
/** Every synthetic parcel's code starts with this; the demo district's codes never do. */
export const CITY_CODE_PREFIX = 'CITY-'

// a block holds 16.5 parcels on average and a square grid wastes about a quarter of its blocks outside
// the round city, so this many blocks per side always yields at least `parcels` parcels
function gridSide(parcels: number): number {
  return Math.ceil(Math.sqrt((parcels / 16.5) * 1.35)) + 2
}

/**
 * Replaces the synthetic city with a new one of `parcels` parcels, in one set-based statement (generate_series,
 * no loop in JavaScript). The city is a grid of blocks of varied size between roads of 20–50 m (every eighth an
 * arterial), each block cut into 2–8 × 2–4 parcels by slanted lines, so parcels are varied quadrilaterals that
 * share their edges; one block in ten is a single large industrial plot. Status follows distance from the
 * centre (built-up core, land still being acquired at the edge) with noise; land use follows the block.
 * Deterministic: the same count gives the same city. Then stores every parcel's forecast computed for `today`
 * (the zone date the app reading the city will use), in the same transaction when `db` is one, so no reader finds
 * a parcel without one. Returns the number of parcels inserted.
 */
export async function buildCity(db: Queryable, parcels: number, today: string): Promise<number> {
  // the forecasts first, in one statement: the cascade from parcels would delete them one parcel at a time, and the
  // monthly sums' trigger (land_available_months) would run once for each
  await db.query(
    `delete from land_forecasts where parcel_id in (select id from parcels where code like '${CITY_CODE_PREFIX}%')`,
  )
  await db.query(`delete from parcels where code like '${CITY_CODE_PREFIX}%'`)
  const { rowCount } = await db.query(
    `with
     cols as (
       select i, sum(w + road) over (order by i) - (w + road) as x0, w from (
         select i, 110 + abs(hashint4(i * 7919 + 11)) % 150 as w,
           case when i % 8 = 0 then 50 else 20 + abs(hashint4(i * 104729 + 3)) % 12 end as road
         from generate_series(0, $2::int - 1) i) s),
     rws as (
       select j, sum(h + road) over (order by j) - (h + road) as y0, h from (
         select j, 100 + abs(hashint4(j * 6007 + 17)) % 140 as h,
           case when j % 8 = 0 then 50 else 20 + abs(hashint4(j * 92821 + 5)) % 12 end as road
         from generate_series(0, $2::int - 1) j) s),
     span as (select max(x0 + w) / 2 as cx from cols),
     span_y as (select max(y0 + h) / 2 as cy from rws),
     blocks as (
       select c.i, r.j, c.x0 - span.cx as bx, r.y0 - span_y.cy as by, c.w, r.h,
         abs(hashint4(c.i * 100003 + r.j * 7 + 1)) as hb
       from cols c cross join rws r cross join span cross join span_y),
     shaped as (
       select b.*,
         case when b.hb % 10 = 0 then 1 else 2 + (b.hb / 10) % 7 end as nx,
         case when b.hb % 10 = 0 then 1 else 2 + (b.hb / 70) % 3 end as ny,
         sqrt(power(b.bx + b.w / 2, 2) + power(b.by + b.h / 2, 2)) as d
       from blocks b),
     cells as (
       select s.*, k, r,
         -- slanted column lines: their foot (b) and head (t) move independently; the block's own edges stay put
         s.bx + s.w * k / s.nx + case when k = 0 then 0 else (abs(hashint4(s.hb + k * 31)) % 1000 / 1000.0 - 0.5) * 0.5 * s.w / s.nx end as xb0,
         s.bx + s.w * k / s.nx + case when k = 0 then 0 else (abs(hashint4(s.hb + k * 37)) % 1000 / 1000.0 - 0.5) * 0.5 * s.w / s.nx end as xt0,
         s.bx + s.w * (k + 1) / s.nx + case when k + 1 = s.nx then 0 else (abs(hashint4(s.hb + (k + 1) * 31)) % 1000 / 1000.0 - 0.5) * 0.5 * s.w / s.nx end as xb1,
         s.bx + s.w * (k + 1) / s.nx + case when k + 1 = s.nx then 0 else (abs(hashint4(s.hb + (k + 1) * 37)) % 1000 / 1000.0 - 0.5) * 0.5 * s.w / s.nx end as xt1,
         s.by + s.h * r / s.ny + case when r = 0 then 0 else (abs(hashint4(s.hb + r * 41)) % 1000 / 1000.0 - 0.5) * 0.4 * s.h / s.ny end as y0,
         s.by + s.h * (r + 1) / s.ny + case when r + 1 = s.ny then 0 else (abs(hashint4(s.hb + (r + 1) * 41)) % 1000 / 1000.0 - 0.5) * 0.4 * s.h / s.ny end as y1
       from shaped s, generate_series(0, s.nx - 1) k, generate_series(0, s.ny - 1) r),
     chosen as (
       select c.*, row_number() over (order by c.d, c.i, c.j, c.k, c.r) as n,
         abs(hashint4(c.hb + c.k * 13 + c.r * 17)) % 1000 / 1000.0 as noise
       from cells c order by c.d, c.i, c.j, c.k, c.r limit $1::int),
     radius as (select max(d) as rmax from chosen),
     corners as (
       select ch.*, radius.rmax,
         -- a point on a slanted line at height y: interpolate between its foot and its head
         ch.xb0 + (ch.xt0 - ch.xb0) * (ch.y0 - ch.by) / ch.h as ax, ch.xb1 + (ch.xt1 - ch.xb1) * (ch.y0 - ch.by) / ch.h as bx2,
         ch.xb1 + (ch.xt1 - ch.xb1) * (ch.y1 - ch.by) / ch.h as cx2, ch.xb0 + (ch.xt0 - ch.xb0) * (ch.y1 - ch.by) / ch.h as dx
       from chosen ch cross join radius)
     insert into parcels (code, name, land_use, status, target_on, geom)
     select '${CITY_CODE_PREFIX}' || lpad(n::text, 7, '0'),
       case when r = 0 and k = 0 then '城市地块 ' || i || '-' || j end,
       (array['M1','M1','M1','M1','M0','M2','W','B','B','R','R','G','S'])[1 + hb % 13],
       case
         when d / rmax + noise * 0.3 < 0.35 then 'in_production'
         when d / rmax + noise * 0.3 < 0.45 then 'under_construction'
         when d / rmax + noise * 0.3 < 0.52 then 'transferred'
         when d / rmax + noise * 0.3 < 0.57 then 'reserved'
         when d / rmax + noise * 0.3 < 0.70 then 'available'
         when d / rmax + noise * 0.3 < 0.82 then 'servicing'
         when d / rmax + noise * 0.3 < 0.92 then 'clearing'
         when d / rmax + noise * 0.3 < 1.05 then 'acquiring'
         else 'planned' end,
       case when d / rmax + noise * 0.3 >= 0.57 then date '2027-01-01' + (abs(hashint4(n::int)) % 900)::int end,
       ST_Multi(ST_MakePolygon(ST_MakeLine(array[
         ST_MakePoint($3 + ax / $5, $4 + y0 / 110574.0), ST_MakePoint($3 + bx2 / $5, $4 + y0 / 110574.0),
         ST_MakePoint($3 + cx2 / $5, $4 + y1 / 110574.0), ST_MakePoint($3 + dx / $5, $4 + y1 / 110574.0),
         ST_MakePoint($3 + ax / $5, $4 + y0 / 110574.0)])))::geometry(MultiPolygon, 4326)
     from corners`,
    [
      parcels,
      gridSide(parcels),
      CITY_CENTRE.lon,
      CITY_CENTRE.lat,
      111320 * Math.cos((CITY_CENTRE.lat * Math.PI) / 180),
    ],
  )
  // the city's parcels have no milestones: one pass of reads and writes in batches, no forecast depends on today
  await reforecastEveryParcel(db, today)
  return rowCount ?? 0
}
