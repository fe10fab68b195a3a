import type { ProjectQuery } from '../domain/project'
import type { Queryable } from './pool'

export interface ProjectRow {
  id: number
  name: string
  company: string
  sector: string
  kind: string
  stage: string
  investment_wan: number
  lead_on: string | null
  signed_on: string | null
  landed_on: string | null
  dropped_reason: string | null
  source_city: string | null
  expected_jobs: number | null
  manager: string | null
  is_headquarters: boolean
  parcel_id: number | null
  location: GeoJSON.Point | null
  needs: {
    area_mu_min: number | null
    area_mu_max: number | null
    land_use: string[] | null
    needed_by: string | null
    power_kva: number | null
  }
  version: number
}

export async function findProjects(db: Queryable, query: ProjectQuery): Promise<ProjectRow[]> {
  const like = query.q ? `%${query.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%` : null
  const { rows } = await db.query<ProjectRow>(
    `select id, name, company, sector, kind, stage, investment_wan, lead_on, signed_on, landed_on,
       dropped_reason, source_city, expected_jobs, manager, is_headquarters, parcel_id,
       ST_AsGeoJSON(location, 7)::json as location,
       json_build_object('area_mu_min', need_area_mu_min, 'area_mu_max', need_area_mu_max,
         'land_use', need_land_use, 'needed_by', needed_by, 'power_kva', need_power_kva) as needs,
       version
     from projects
     where ($1::text[] is null or stage = any($1))
       and ($2::text[] is null or sector = any($2))
       and ($3::text[] is null or kind = any($3))
       and ($4::text is null or name ilike $4 escape '\\' or company ilike $4 escape '\\')
       and ($5::text is null or manager = $5)
     order by id`,
    [query.stage ?? null, query.sector ?? null, query.kind ?? null, like, query.manager ?? null],
  )
  return rows
}
