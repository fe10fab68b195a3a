import type { NearestItem, Substation } from '../domain/matching'
import type { MilestoneKind, Sector } from '../domain/vocabulary'
import type { Queryable } from './pool'

export interface CandidateRow {
  parcel_id: number
  code: string
  land_use: string
  status: string
  area_m2: number
  target_on: string | null
  compactness: number
  geometry: GeoJSON.MultiPolygon
  milestones: { kind: MilestoneKind; planned_on: string | null; actual_on: string | null }[]
  /** the active reservation (until ≥ today) of any project */
  held_by: { project_id: number; name: string; until: string } | null
  lines: Record<'road' | 'water' | 'power', { done: NearestItem | null; planned: NearestItem | null }>
  substations: Substation[]
  chain: Partial<Record<Sector, { count: number; nearest_m: number }>>
}

export interface CandidateFilter {
  /** one parcel only (a parcel's own matches) */
  parcelId?: number
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
 * road / water / power (finished and planned), substations and same-sector projects nearby. Radii are metres;
 * 3857 distances are scaled by 1/cos(latitude) so that the GiST indexes on geom_3857 do the searching.
 */
export async function findMatchCandidates(db: Queryable, filter: CandidateFilter): Promise<CandidateRow[]> {
  const { rows } = await db.query<CandidateRow>(
    `with candidates as (
       select p.id, p.code, p.land_use, p.status, p.area_m2, p.target_on, p.geom, p.geom_3857,
         1 / cos(radians(ST_Y(ST_Centroid(p.geom)))) as k
       from parcels p
       where ($1::bigint is null or p.id = $1)
         and ($2::text[] is null or p.land_use = any($2))
         and ($3::float8 is null or p.area_m2 >= $3)
         and ($4::float8 is null or p.area_m2 <= $4)
         and p.status not in ('transferred', 'under_construction', 'in_production')
     )
     select c.id as parcel_id, c.code, c.land_use, c.status, c.area_m2, c.target_on,
       4 * pi() * c.area_m2 / nullif(power(ST_Perimeter(c.geom::geography), 2), 0) as compactness,
       ST_AsGeoJSON(c.geom, 6)::json as geometry,
       coalesce((select json_agg(json_build_object('kind', m.kind, 'planned_on', m.planned_on, 'actual_on', m.actual_on))
         from parcel_milestones m where m.parcel_id = c.id), '[]'::json) as milestones,
       held.held_by,
       json_build_object(${lines}) as lines,
       (select coalesce(json_agg(s order by s.distance_m), '[]'::json) from (
          select i.name, round(ST_Distance(i.geom::geography, c.geom::geography)::numeric, 1) as distance_m,
            coalesce(i.actual_finish, i.planned_finish) as finish_on, i.capacity_kva, i.status = 'done' as done
          from infrastructure i
          where i.kind = 'substation' and ST_DWithin(i.geom_3857, c.geom_3857, $9 * c.k)
          order by i.geom_3857 <-> c.geom_3857 limit 5) s) as substations,
       (select coalesce(json_object_agg(q.sector, json_build_object('count', q.n, 'nearest_m', q.d)), '{}'::json) from (
          select x.sector, count(*)::int as n, round(min(ST_Distance(x.location::geography, c.geom::geography))::numeric, 1) as d
          from projects x
          where x.stage <> 'dropped' and x.id is distinct from $6
            and ST_DWithin(x.location_3857, c.geom_3857, $8 * c.k)
            and ST_DWithin(x.location::geography, c.geom::geography, $8)
          group by x.sector) q) as chain
     from candidates c
     left join lateral (
       select json_build_object('project_id', r.project_id, 'name', x.name, 'until', r.until) as held_by,
         r.until, r.project_id
       from reservations r join projects x on x.id = r.project_id
       where r.parcel_id = c.id and r.released_at is null and r.until >= $5::date
     ) held on true
     where held.project_id is null or held.project_id = $6 or $7::date is null or held.until < $7::date
     order by c.id`,
    [
      filter.parcelId ?? null,
      filter.landUses ?? null,
      filter.minAreaM2 ?? null,
      filter.maxAreaM2 ?? null,
      filter.today,
      filter.projectId ?? null,
      filter.neededBy ?? null,
      filter.chainRadiusM,
      filter.substationRadiusM,
    ],
  )
  return rows
}

export interface ProjectCandidateRow {
  id: number
  name: string
  company: string
  sector: Sector
  stage: string
  area_mu_min: number | null
  area_mu_max: number | null
  land_use: string[] | null
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
