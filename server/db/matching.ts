import type { NearestItem, Substation } from '../domain/matching'
import type { LandUse, MilestoneKind, ParcelStatus, ProjectStage, Sector } from '../domain/vocabulary'
import { type Pool, type Queryable, withTransaction } from './pool'
import { parcelStatusOn } from './reservations'

export interface CandidateRow {
  parcel_id: number
  code: string
  land_use: LandUse
  /** as read today: a reserved parcel whose hold has expired reads available */
  status: ParcelStatus
  area_m2: number
  compactness: number
  geometry: GeoJSON.MultiPolygon
  /** the stored forecast: 交地日期 hand-over (actual or forecast; the target when nothing is planned) */
  handover_on: string | null
  /** the stored forecast: 可供日期 while not handed over */
  available_on: string | null
  /** the stored forecast's first milestone not done that has a date */
  next_milestone: { kind: MilestoneKind; forecast_on: string } | null
  /** the active reservation (until ≥ today) of any project */
  held_by: { project_id: number; name: string; until: string } | null
  /** null when not measured (CandidateFilter.measure) */
  lines: Record<'road' | 'water' | 'power', { done: NearestItem | null; planned: NearestItem | null }> | null
  substations: Substation[] | null
  chain: Partial<Record<Sector, { count: number; nearest_m: number }>> | null
  /** metres (spheroid) to the nearest parcel of CandidateFilter.firmId within its reach; null otherwise */
  firm_distance_m: number | null
}

export interface CandidateFilter {
  /** these parcels only (a parcel's own matches; the candidates ranked first for a project) */
  parcelIds?: readonly number[]
  /** hard gates done in SQL: land use and area (m², the tolerance already applied) */
  landUses?: readonly string[]
  minAreaM2?: number | null
  maxAreaM2?: number | null
  /** the project asking: its own reservation does not hold the parcel against it, and it is not its own neighbour */
  projectId?: number
  /** a parcel held by another project until this date or later is left out (it cannot become free in time) */
  neededBy?: string | null
  today: string
  chainRadiusM: number
  substationRadiusM: number
  /**
   * measure infrastructure and the chain for these parcels only; the others (which the caller knows have no
   * line, substation or same-sector project within reach) get none. Null or absent: measure every parcel.
   */
  measure?: readonly number[] | null
  /** an expansion's firm: each candidate is measured to the firm's nearest parcel within `firmReachM` metres */
  firmId?: number | null
  firmReachM?: number
  /** land to put back to use (盘活): a transferred or built-on parcel is a candidate too */
  includeBuilt?: boolean
}

// nearest finished and nearest unfinished item of one kind: KNN (<->) on the indexed 3857 geometry picks it,
// the distance reported is measured on the spheroid
const nearest = (kind: string, done: boolean) => `(
  select json_build_object('name', i.name, 'distance_m', round(ST_Distance(i.geom::geography, c.geom::geography)::numeric, 1),
    'finish_on', coalesce(i.actual_finish, i.planned_finish))
  from infrastructure i where i.kind = '${kind}' and i.status ${done ? "= 'done'" : "<> 'done'"}
  order by i.geom_3857 <-> c.geom_3857 limit 1)`

const lines = ['road', 'water', 'power']
  .map((k) => `'${k}', json_build_object('done', ${nearest(k, true)}, 'planned', ${nearest(k, false)})`)
  .join(', ')

/**
 * Parcels that pass the gates SQL can judge (land use, area with tolerance, not transferred or built on, not held
 * by another project past the needed-by date), each measured for scoring: compactness on the spheroid, nearest
 * road / water / power (finished and planned), substations and same-sector projects nearby. Radii are metres on
 * the spheroid; the GiST indexes on geom_3857 narrow the search first, with the radius scaled by 1/cos(latitude)
 * and widened by 5 % (Web Mercator's scale is the sphere's, off the spheroid's by up to 1 %, and the latitude is
 * the parcel's), so that nothing within the radius is left out.
 */
export async function findMatchCandidates(db: Queryable, filter: CandidateFilter): Promise<CandidateRow[]> {
  const { rows } = await db.query<CandidateRow>(
    `with candidates as (
       select p.id, p.code, p.land_use, ${parcelStatusOn('p', '$5')} as status, p.area_m2, p.geom,
         p.geom_3857,
         1 / cos(radians(ST_Y(ST_Centroid(p.geom)))) as k
       from parcels p
       where ($1::bigint[] is null or p.id = any($1))
         and ($2::text[] is null or p.land_use = any($2))
         and ($3::float8 is null or p.area_m2 >= $3)
         and ($4::float8 is null or p.area_m2 <= $4)
         and ($13::boolean or p.status not in ('transferred', 'under_construction', 'in_production'))
     )
     select c.id as parcel_id, c.code, c.land_use, c.status, c.area_m2,
       f.handover_on, f.available_on,
       (select json_build_object('kind', m->>'kind', 'forecast_on', m->>'forecast_on')
         from jsonb_array_elements(f.milestones) with ordinality as e(m, n)
         where m->>'status' <> 'done' and m->>'forecast_on' is not null order by n limit 1) as next_milestone,
       4 * pi() * c.area_m2 / nullif(power(ST_Perimeter(c.geom::geography), 2), 0) as compactness,
       ST_AsGeoJSON(c.geom, 6)::json as geometry,
       held.held_by,
       case when $10::bigint[] is null or c.id = any($10) then json_build_object(${lines}) end as lines,
       case when $10::bigint[] is null or c.id = any($10) then (select coalesce(json_agg(s order by s.distance_m), '[]'::json) from (
          select i.name, round(ST_Distance(i.geom::geography, c.geom::geography)::numeric, 1) as distance_m,
            coalesce(i.actual_finish, i.planned_finish) as finish_on, i.capacity_kva, i.status = 'done' as done
          from infrastructure i
          where i.kind = 'substation' and ST_DWithin(i.geom_3857, c.geom_3857, $9 * c.k * 1.05)
            and ST_DWithin(i.geom::geography, c.geom::geography, $9)
          order by ST_Distance(i.geom::geography, c.geom::geography), i.id limit 5) s) end as substations,
       case when $10::bigint[] is null or c.id = any($10) then (select coalesce(json_object_agg(q.sector, json_build_object('count', q.n, 'nearest_m', q.d)), '{}'::json) from (
          select x.sector, count(*)::int as n, round(min(ST_Distance(x.location::geography, c.geom::geography))::numeric, 1) as d
          from projects x
          where x.stage <> 'dropped' and x.id is distinct from $6
            and ST_DWithin(x.location_3857, c.geom_3857, $8 * c.k * 1.05)
            and ST_DWithin(x.location::geography, c.geom::geography, $8)
          group by x.sector) q) end as chain,
       case when $11::bigint is not null then (
         select round(min(ST_Distance(q.geom::geography, c.geom::geography))::numeric, 1)::float8
         from firm_parcels fp join parcels q on q.id = fp.parcel_id
         where fp.firm_id = $11 and q.id <> c.id
           and ST_DWithin(q.geom_3857, c.geom_3857, $12::float8 * c.k * 1.05)
           and ST_DWithin(q.geom::geography, c.geom::geography, $12::float8)) end as firm_distance_m
     from candidates c
     left join land_forecasts f on f.parcel_id = c.id
     left join lateral (
       select json_build_object('project_id', r.project_id, 'name', x.name, 'until', r.until) as held_by,
         r.until, r.project_id
       from reservations r join projects x on x.id = r.project_id
       where r.parcel_id = c.id and r.released_at is null and r.until >= $5::date
     ) held on true
     where held.project_id is null or held.project_id = $6 or $7::date is null or held.until < $7::date
     order by c.id`,
    [
      filter.parcelIds ?? null,
      filter.landUses ?? null,
      filter.minAreaM2 ?? null,
      filter.maxAreaM2 ?? null,
      filter.today,
      filter.projectId ?? null,
      filter.neededBy ?? null,
      filter.chainRadiusM,
      filter.substationRadiusM,
      filter.measure ?? null,
      filter.firmId ?? null,
      filter.firmReachM ?? 0,
      filter.includeBuilt ?? false,
    ],
  )
  return rows
}

export interface ProjectCandidateRow {
  id: number
  name: string
  company: string
  sector: Sector
  stage: ProjectStage
  area_mu_min: number | null
  area_mu_max: number | null
  land_use: LandUse[] | null
  needed_by: string | null
  power_kva: number | null
}

/**
 * Projects still looking for land (lead, negotiating, signed) whose land use and area range (with the tolerance)
 * admit a parcel of `landUse` and `areaMu`. A project naming no land use accepts `defaultUses`.
 */
export async function findProjectsForParcel(
  db: Queryable,
  parcel: { landUse: string; areaMu: number },
  tolerance: number,
  defaultUses: readonly string[],
): Promise<ProjectCandidateRow[]> {
  const { rows } = await db.query<ProjectCandidateRow>(
    `select id, name, company, sector, stage, need_area_mu_min as area_mu_min, need_area_mu_max as area_mu_max,
       need_land_use as land_use, needed_by, need_power_kva as power_kva
     from projects
     where stage in ('lead', 'negotiating', 'signed')
       and $1 = any(coalesce(need_land_use, $4::text[]))
       and (need_area_mu_min is null or $2::float8 >= need_area_mu_min * (1 - $3::float8))
       and (need_area_mu_max is null or $2::float8 <= need_area_mu_max * (1 + $3::float8))
     order by id`,
    [parcel.landUse, parcel.areaMu, tolerance, defaultUses],
  )
  return rows
}

/** What ranking needs besides the gates: the project's wants, the weights and the fixed rules, as SQL values. */
export interface RankInput {
  filter: Omit<CandidateFilter, 'parcelIds'>
  sector: string
  powerKva: number | null
  /** the needed area range in mu (not widened) */
  areaMuMin: number | null
  areaMuMax: number | null
  weights: Record<'area' | 'timing' | 'infrastructure' | 'chain' | 'shape', number>
  rules: {
    m2PerMu: number
    areaTolerance: number
    servingDistanceM: number
    fadeDistanceM: number
    largePowerKva: number
    chainFullCount: number
    comfortableSlackDays: number
    eligibleOnceWithinDays: number
    squareCompactness: number
  }
  /** how many candidates to return, best bound first */
  take: number
  /**
   * an expansion's firm, the weight of being next to its land (0 when its grade earns no preference), and the
   * distances (metres) of the full score and of no score
   */
  nearFirm?: { firmId: number; weight: number; adjacentM: number; fadeM: number } | null
}

export interface RankedCandidate {
  id: number
  /** the highest score the parcel can reach in each list; null when it cannot enter that list */
  eligible: number | null
  once: number | null
  /** some line, substation or same-sector project is within reach: infrastructure and the chain need measuring */
  near: boolean
}

export interface RankedCandidates {
  candidates: RankedCandidate[]
  /** the highest bound among the candidates not returned, per list; null when none of them can enter it */
  restEligible: number | null
  restOnce: number | null
}

// A distance searched in EPSG:3857 around an item, scaled by 1/cos(latitude) and widened by 5 % so that it
// covers the spheroidal distance (the Web Mercator scale differs from the spheroid's by less than 1 %).
const widened = (metres: string, lat: string) => `${metres} * 1.05 / cos(radians(${lat}))`

/**
 * Every candidate `findMatchCandidates` would return for a project, ranked by an upper bound of the score it
 * can reach in each list (eligible, and "eligible once"), best first: the `take` best and the best bound of the
 * rest. The bound is cheap: area exactly, timing exactly from the stored hand-over forecast (else 可供日期; today at the earliest),
 * each line kind from the nearest item's planar distance (EPSG:3857 ×
 * cos(latitude), less 3 %; 0 outside the item's box widened by the fade distance), 100 for a substation with the
 * capacity within reach, the chain from the same-sector projects within reach — those reaches searched from the
 * few items and projects to the parcels, so no candidate gets a lookup of its own — an expansion's nearness to its
 * firm's land from the planar distance like the lines, and shape first as 100, then,
 * for the best 4 × `take` only, from the planar compactness in EPSG:3857 (2 % margin). Every bound is 0.101 above
 * the true one to cover rounding (each part and the score are rounded to 0.1). A candidate whose bounds say it
 * is excluded either way is left out. Runs with JIT and parallel workers off: compiling this query's
 * expressions or starting workers costs more than running it.
 */
export async function rankMatchCandidates(db: Queryable, input: RankInput): Promise<RankedCandidates> {
  const { filter, rules, weights: w } = input
  const lo = input.areaMuMin ?? input.areaMuMax
  const hi = input.areaMuMax ?? input.areaMuMin
  const large = input.powerKva !== null && input.powerKva >= rules.largePowerKva
  // the two bounds from a base (area, infrastructure, chain and shape, weighted) and the timing bound
  const bounds = (base: string) => `
    case when timing is null or ($4::date is not null and ready > $4::date) then null
      else (${base} + $10::float8 * timing) / $14::float8 + 0.101 end as ub_e,
    case when timing is null or ($4::date is not null and ready - $4::date > $28::int) then null
      when held then case when $4::date is not null and ready > $4::date then null
        else (${base} + $10::float8 * timing) / $14::float8 + 0.101 end
      when $4::date is null then null
      else (${base}) / $14::float8 + 0.101 end as ub_o`
  const read = async (q: Queryable) =>
    q.query<{
      id: number
      ub_e: number | null
      ub_o: number | null
      near: boolean
      rest_e: number | null
      rest_o: number | null
    }>(
      `with near as (
         select p.id, i.kind as what,
           -- at most the distance on the spheroid: planar in EPSG:3857 × cos(latitude), less 3 %
           ST_Distance(p.geom_3857, i.geom_3857) * cos(radians(ST_Y(ST_Centroid(i.geom)))) * 0.97 as d
         from infrastructure i
         join parcels p on p.geom_3857 && ST_Expand(i.geom_3857,
           ${widened("case when i.kind = 'substation' then $17::float8 else $16::float8 end", 'ST_Y(ST_Centroid(i.geom))')})
         where i.kind in ('road', 'water', 'power')
           or (i.kind = 'substation' and $18::boolean and i.capacity_kva >= $19::int)
         union all
         select p.id, 'chain', null
         from projects x
         join parcels p on ST_DWithin(p.geom_3857, x.location_3857, ${widened('$20::float8', 'ST_Y(x.location)')})
         where x.stage <> 'dropped' and x.id is distinct from $6 and x.sector = $21::text and x.location is not null
         union all
         -- the expanding firm's land, the same planar lower bound of the distance as for the lines
         select p.id, 'firm',
           ST_Distance(p.geom_3857, q.geom_3857) * cos(radians(ST_Y(ST_Centroid(q.geom)))) * 0.97
         from firm_parcels fp join parcels q on q.id = fp.parcel_id
         join parcels p on p.geom_3857 && ST_Expand(q.geom_3857, ${widened('$34::float8', 'ST_Y(ST_Centroid(q.geom))')})
           and p.id <> q.id
         where fp.firm_id = $31::bigint
       ),
       reach as (
         select id, min(d) filter (where what = 'road') as road, min(d) filter (where what = 'water') as water,
           min(d) filter (where what = 'power') as power, bool_or(what = 'substation') as substation,
           count(*) filter (where what = 'chain') as chain, min(d) filter (where what = 'firm') as firm
         from near group by id
       ),
       rough as materialized (
         select id, near, ready, held, base, timing, ${bounds('base + $13::float8 * 100')}
         from (
           select g.*,
             case when ready is null then null
               when $4::date is null then 100 - 50 * least(1, (ready - $5::date) / 365.0)
               when ready > $4::date then 0
               else 40 + 60 * least(1, ($4::date - ready) / $27::float8) end as timing
           from (
             select p.id, n.id is not null as near, hr.parcel_id is not null as held,
               greatest($5::date, coalesce(f.handover_on, f.available_on)) as ready,
               $9::float8 * case
                 when $7::float8 is not null and p.area_m2 / $22::float8 < $7
                   then 60 * greatest(0, 1 - ($7 - p.area_m2 / $22::float8) / ($7 * $15::float8))
                 when $8::float8 is not null and p.area_m2 / $22::float8 > $8
                   then 60 * greatest(0, 1 - (p.area_m2 / $22::float8 - $8) / ($8 * $15::float8))
                 when $7::float8 is null and $8::float8 is null then 100
                 else 100 - 20 * least(1, case when $26::float8 - $25::float8 > 0
                   then abs(p.area_m2 / $22::float8 - ($25 + $26) / 2) / (($26 - $25) / 2) else 0 end) end
               + $11::float8 * 100 * (coalesce(case when n.road <= $30::float8 then 1 else greatest(0, 1 - (n.road - $30::float8) / ($16::float8 - $30::float8)) end, 0)
                   + coalesce(case when n.water <= $30::float8 then 1 else greatest(0, 1 - (n.water - $30::float8) / ($16::float8 - $30::float8)) end, 0)
                   + coalesce(case when n.power <= $30::float8 then 1 else greatest(0, 1 - (n.power - $30::float8) / ($16::float8 - $30::float8)) end, 0)
                   + case when $18 then coalesce(n.substation, false)::int else 0 end)
                   / case when $18 then 4.0 else 3.0 end
               + $12::float8 * least(100, 100 * coalesce(n.chain, 0) / $24::float8)
               + $32::float8 * coalesce(case when n.firm <= $33::float8 then 100
                   else greatest(0, 100 * (1 - (n.firm - $33::float8) / ($34::float8 - $33::float8))) end, 0) as base
             from parcels p
             left join reach n on n.id = p.id
             left join land_forecasts f on f.parcel_id = p.id
             left join (select distinct r.parcel_id from reservations r
               where r.released_at is null and r.until >= $5::date and r.project_id is distinct from $6) hr
               on hr.parcel_id = p.id
             where ($1::text[] is null or p.land_use = any($1))
               and ($2::float8 is null or p.area_m2 >= $2)
               and ($3::float8 is null or p.area_m2 <= $3)
               and p.status not in ('transferred', 'under_construction', 'in_production')
           ) g
           -- excluded from both lists whatever else: no date to be ready by, or ready over a year too late
           where ready is not null and ($4::date is null or ready - $4::date <= $28::int)
         ) t
       ),
       best as materialized (
         select * from rough where greatest(ub_e, ub_o) is not null
         order by greatest(ub_e, ub_o) desc, id limit 4 * $29::int
       ),
       shaped as materialized (
         select b.id, b.near, ${bounds(
           `b.base + $13::float8 * coalesce(least(100, 100 * 4 * pi() * ST_Area(p.geom_3857)
              / nullif(power(ST_Perimeter(p.geom_3857), 2), 0) / $23::float8 * 1.02), 100)`,
         ).replace(/\b(timing|ready|held)\b/g, 'b.$1')}
         from best b join parcels p on p.id = b.id
       ),
       ranked as materialized (
         select id, ub_e, ub_o, near, row_number() over (order by greatest(ub_e, ub_o) desc, id) as rn
         from shaped
       ),
       rest as (
         select ub_e, ub_o from ranked where rn > $29::int
         union all
         select r.ub_e, r.ub_o from rough r
         where greatest(r.ub_e, r.ub_o) is not null and not exists (select 1 from best b where b.id = r.id)
       )
       select id, ub_e, ub_o, near, (select max(ub_e) from rest) as rest_e, (select max(ub_o) from rest) as rest_o
       from ranked where rn <= $29::int order by rn`,
      [
        filter.landUses ?? null,
        filter.minAreaM2 ?? null,
        filter.maxAreaM2 ?? null,
        filter.neededBy ?? null,
        filter.today,
        filter.projectId ?? null,
        input.areaMuMin,
        input.areaMuMax,
        w.area,
        w.timing,
        w.infrastructure,
        w.chain,
        w.shape,
        w.area + w.timing + w.infrastructure + w.chain + w.shape + (input.nearFirm?.weight ?? 0),
        rules.areaTolerance,
        rules.fadeDistanceM,
        filter.substationRadiusM,
        large,
        input.powerKva,
        filter.chainRadiusM,
        input.sector,
        rules.m2PerMu,
        rules.squareCompactness,
        rules.chainFullCount,
        lo,
        hi,
        rules.comfortableSlackDays,
        rules.eligibleOnceWithinDays,
        input.take,
        rules.servingDistanceM,
        input.nearFirm?.firmId ?? null,
        input.nearFirm?.weight ?? 0,
        input.nearFirm?.adjacentM ?? 0,
        input.nearFirm?.fadeM ?? 1,
      ],
    )
  // a client already in a transaction runs it as it is; from a pool, one read-only transaction with JIT off
  const { rows } =
    'release' in db
      ? await read(db)
      : await withTransaction(db as Pool, async (client) => {
          await client.query('set local jit = off; set local max_parallel_workers_per_gather = 0')
          return read(client)
        })
  return {
    candidates: rows.map((r) => ({ id: Number(r.id), eligible: r.ub_e, once: r.ub_o, near: r.near })),
    restEligible: rows[0]?.rest_e ?? null,
    restOnce: rows[0]?.rest_o ?? null,
  }
}
