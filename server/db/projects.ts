import type { ProjectQuery } from '../domain/project'
import type { LandUse, ProjectKind, ProjectStage, Sector } from '../domain/vocabulary'
import type { Queryable } from './pool'
import { trigramIlike } from './trigram-ilike'

export interface ProjectRow {
  id: number
  name: string
  company: string
  sector: Sector
  kind: ProjectKind
  stage: ProjectStage
  investment_wan: number
  lead_on: string | null
  signed_on: string | null
  landed_on: string | null
  dropped_reason: string | null
  source_city: string | null
  expected_jobs: number | null
  manager: string | null
  contacts: string | null
  is_headquarters: boolean
  parcel_id: number | null
  location: GeoJSON.Point | null
  needs: {
    area_mu_min: number | null
    area_mu_max: number | null
    land_use: LandUse[] | null
    needed_by: string | null
    power_kva: number | null
  }
  version: number
}

/**
 * Projects as read on the date in parameter `today` (SQL, e.g. `$2`; null reads what is stored): a project whose
 * site came from a reservation that has expired reads as the expiry job will store it, without that parcel (and
 * without the location taken from it).
 */
const select = (today: string) => `
  select p.id, p.name, p.company, p.sector, p.kind, p.stage, p.investment_wan, p.lead_on, p.signed_on,
    p.landed_on, p.dropped_reason, p.source_city, p.expected_jobs, p.manager, p.contacts, p.is_headquarters,
    case when lapsed.geom is null then p.parcel_id end as parcel_id,
    ST_AsGeoJSON(case when ST_Intersects(p.location, lapsed.geom) then null else p.location end, 7)::json
      as location,
    json_build_object('area_mu_min', p.need_area_mu_min, 'area_mu_max', p.need_area_mu_max,
      'land_use', p.need_land_use, 'needed_by', p.needed_by, 'power_kva', p.need_power_kva) as needs,
    p.version
  from projects p
  left join lateral (
    select q.geom from reservations r join parcels q on q.id = r.parcel_id
    where r.project_id = p.id and r.parcel_id = p.parcel_id and r.released_at is null
      and r.until < ${today}::date
  ) lapsed on true`

/** Projects matching the filters; with `today`, each carries the number of its overdue blockers. */
export async function findProjects(
  db: Queryable,
  query: ProjectQuery,
  today: string | null = null,
): Promise<(ProjectRow & { overdue_blockers: number })[]> {
  const like = query.q ? `%${query.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%` : null
  const { rows } = await db.query<ProjectRow & { overdue_blockers: number }>(
    `select * from (${select('$6')}) p,
       lateral (select count(*)::int as overdue_blockers from blockers b
         where b.project_id = p.id and b.status <> 'resolved' and b.due_on < $6::date) o
     where ($1::text[] is null or stage = any($1))
       and ($2::text[] is null or sector = any($2))
       and ($3::text[] is null or kind = any($3))
       and ($4::text is null or ${trigramIlike('name', '$4')} or ${trigramIlike('company', '$4')})
       and ($5::text is null or manager = $5)
     order by id`,
    [query.stage ?? null, query.sector ?? null, query.kind ?? null, like, query.manager ?? null, today],
  )
  return rows
}

/** One project as read on `today` (null: as stored). */
export async function findProject(
  db: Queryable,
  id: number,
  today: string | null = null,
): Promise<ProjectRow | null> {
  const { rows } = await db.query<ProjectRow>(`${select('$2')} where p.id = $1`, [id, today])
  return rows[0] ?? null
}

/** The writable fields of a project, as columns; needs flattened. */
export interface ProjectWrite {
  name?: string
  company?: string
  sector?: string
  kind?: string
  investment_wan?: number
  source_city?: string | null
  expected_jobs?: number | null
  manager?: string | null
  contacts?: string | null
  location?: GeoJSON.Point | null
  /** takes the location from this parcel (an expansion's existing site) */
  existing_parcel_id?: number | null
  needs?: {
    area_mu_min?: number | null
    area_mu_max?: number | null
    land_use?: string[] | null
    needed_by?: string | null
    power_kva?: number | null
  }
}

const NEED_COLUMNS = {
  area_mu_min: 'need_area_mu_min',
  area_mu_max: 'need_area_mu_max',
  land_use: 'need_land_use',
  needed_by: 'needed_by',
  power_kva: 'need_power_kva',
} as const

const PLAIN_COLUMNS = [
  'name',
  'company',
  'sector',
  'kind',
  'investment_wan',
  'source_city',
  'expected_jobs',
  'manager',
  'contacts',
] as const

/** Column → SQL value expression and its parameters, for the fields present in `input`. */
function assignments(input: ProjectWrite, firstParam: number) {
  const columns: string[] = []
  const values: string[] = []
  const params: unknown[] = []
  const add = (column: string, value: unknown, expression = (p: string) => p) => {
    params.push(value)
    columns.push(column)
    values.push(expression(`$${firstParam + params.length - 1}`))
  }
  for (const key of PLAIN_COLUMNS) if (input[key] !== undefined) add(key, input[key])
  if (input.needs) {
    for (const [key, column] of Object.entries(NEED_COLUMNS)) {
      const value = input.needs[key as keyof typeof NEED_COLUMNS]
      if (value !== undefined) add(column, value)
    }
  }
  if (input.existing_parcel_id != null) {
    add(
      'location',
      input.existing_parcel_id,
      (p) => `(select ST_PointOnSurface(ST_GeometryN(geom, 1)) from parcels where id = ${p})`,
    )
    // an expansion (增资扩产) belongs to the firm using its existing site (亩均效益: its grade steers matching)
    add(
      'firm_id',
      input.existing_parcel_id,
      (p) => `(select firm_id from firm_parcels where parcel_id = ${p})`,
    )
  } else if (input.location !== undefined) {
    add(
      'location',
      input.location ? JSON.stringify(input.location) : null,
      (p) => `ST_SetSRID(ST_Force2D(ST_GeomFromGeoJSON(${p})), 4326)`,
    )
  }
  return { columns, values, params }
}

export async function insertProject(
  db: Queryable,
  input: ProjectWrite & { lead_on: string },
): Promise<number> {
  const { columns, values, params } = assignments(input, 2)
  const { rows } = await db.query<{ id: number }>(
    `insert into projects (lead_on, stage, ${columns.join(', ')}) values ($1, 'lead', ${values.join(', ')}) returning id`,
    [input.lead_on, ...params],
  )
  return rows[0]?.id as number
}

/** Applies the fields present and bumps the version. */
export async function updateProject(db: Queryable, id: number, input: ProjectWrite) {
  const { columns, values, params } = assignments(input, 2)
  const sets = columns.map((c, i) => `${c} = ${values[i]}`)
  await db.query(
    `update projects set ${[...sets, 'version = version + 1', 'updated_at = now()'].join(', ')} where id = $1`,
    [id, ...params],
  )
}

export async function updateProjectStage(
  db: Queryable,
  id: number,
  change: {
    stage: string
    signed_on: string | null
    landed_on: string | null
    dropped_reason: string | null
  },
) {
  await db.query(
    `update projects set stage = $2, signed_on = $3, landed_on = $4, dropped_reason = $5,
       version = version + 1, updated_at = now()
     where id = $1`,
    [id, change.stage, change.signed_on, change.landed_on, change.dropped_reason],
  )
}

/** Points a project at its parcel; its location follows the parcel when it had none of its own. */
export async function setProjectParcel(db: Queryable, id: number, parcelId: number) {
  await db.query(
    `update projects set parcel_id = $2,
       location = coalesce(location, (select ST_PointOnSurface(ST_GeometryN(geom, 1)) from parcels where id = $2)),
       version = version + 1, updated_at = now()
     where id = $1`,
    [id, parcelId],
  )
}

/**
 * Lets go of a parcel the project held: its site is none again, and a location taken from that parcel goes with
 * it. Nothing happens when the project points at another parcel. `bumpVersion` is false for an expired hold,
 * which the project already reads without.
 */
export async function releaseProjectParcel(db: Queryable, id: number, parcelId: number, bumpVersion = true) {
  await db.query(
    `update projects set parcel_id = null,
       location = case when ST_Intersects(location, (select geom from parcels where id = $2)) then null
         else location end,
       version = version + $3, updated_at = now()
     where id = $1 and parcel_id = $2`,
    [id, parcelId, bumpVersion ? 1 : 0],
  )
}

export interface StageHistoryRow {
  stage: ProjectStage
  entered_on: string
  note: string | null
  actor: string | null
  recorded_at: string
}

export async function findStageHistory(db: Queryable, projectId: number): Promise<StageHistoryRow[]> {
  const { rows } = await db.query<StageHistoryRow>(
    `select stage, entered_on, note, actor, to_json(recorded_at) #>> '{}' as recorded_at
     from project_stage_history where project_id = $1 order by entered_on, id`,
    [projectId],
  )
  return rows
}

export async function insertStageHistory(
  db: Queryable,
  entry: { projectId: number; stage: string; enteredOn: string; note: string | null; actor: string },
) {
  await db.query(
    `insert into project_stage_history (project_id, stage, entered_on, note, actor) values ($1, $2, $3, $4, $5)`,
    [entry.projectId, entry.stage, entry.enteredOn, entry.note, entry.actor],
  )
}

/** Whether a parcel exists (for an expansion's existing site). */
export async function parcelExists(db: Queryable, id: number): Promise<boolean> {
  const { rows } = await db.query('select 1 from parcels where id = $1', [id])
  return rows.length > 0
}

/**
 * The distance in metres (on the ellipsoid) from a point to the zone's nearest parcel within `reachM`; null when no
 * parcel is that near, 0 when the zone has no parcels yet (nothing to be far from).
 */
export async function distanceToNearestParcel(
  db: Queryable,
  lon: number,
  lat: number,
  reachM: number,
): Promise<number | null> {
  const { rows } = await db.query<{ d: number | null }>(
    `with pt as (select ST_SetSRID(ST_MakePoint($1, $2), 4326) as g)
     select case when not exists (select 1 from parcels) then 0
       else (select round(min(ST_Distance(p.geom::geography, pt.g::geography))::numeric)::float8
             from parcels p
             -- the box first (the geometry index): $3 metres are at most $3 / 111,320 / cos(lat) degrees of longitude
             where p.geom && ST_Expand(pt.g, $3 / 111320.0 / greatest(cos(radians(least(abs($2), 85))), 0.05))
               and ST_DWithin(p.geom::geography, pt.g::geography, $3)) end as d
     from pt`,
    [lon, lat, reachM],
  )
  return rows[0]?.d ?? null
}
