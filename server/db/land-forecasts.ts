import type { LandForecast, PlannedMilestone } from '../domain/forecast'
import type { Queryable } from './pool'

/** What the forecast of one parcel needs, read from the parcel and its milestones. */
export interface ForecastInputRow {
  id: number
  status: string
  targetOn: string | null
  milestones: PlannedMilestone[]
}

/** The forecast inputs of these parcels, by id. */
export async function findForecastInputs(db: Queryable, ids: readonly number[]): Promise<ForecastInputRow[]> {
  if (ids.length === 0) return []
  const { rows } = await db.query<ForecastInputRow>(
    `select p.id::int4 as id, p.status, p.target_on as "targetOn", coalesce(m.milestones, '[]'::json) as milestones
     from parcels p
     left join lateral (
       select json_agg(json_build_object('kind', kind, 'planned_on', planned_on, 'actual_on', actual_on)) as milestones
       from parcel_milestones where parcel_id = p.id) m on true
     where p.id = any($1::bigint[])
     order by p.id`,
    [ids],
  )
  return rows
}

/** Stores the forecasts of these parcels (computed for `computedFor`), replacing what was stored. */
export async function upsertLandForecasts(
  db: Queryable,
  forecasts: readonly { id: number; forecast: LandForecast }[],
  computedFor: string,
) {
  if (forecasts.length === 0) return
  // one array per column: unnest reads them far faster than a JSON document of records
  await db.query(
    `insert into land_forecasts as f (parcel_id, computed_for, ready_on, handover_on, readiness, critical_kind,
       depends_on_today, milestones)
     select x.id, $8, x.ready_on, x.handover_on, x.readiness, x.critical_kind, x.depends, x.milestones::jsonb
     from unnest($1::bigint[], $2::date[], $3::date[], $4::text[], $5::text[], $6::boolean[], $7::text[])
       as x(id, ready_on, handover_on, readiness, critical_kind, depends, milestones)
     on conflict (parcel_id) do update set computed_for = excluded.computed_for, ready_on = excluded.ready_on,
       handover_on = excluded.handover_on, readiness = excluded.readiness, critical_kind = excluded.critical_kind,
       depends_on_today = excluded.depends_on_today, milestones = excluded.milestones`,
    [
      forecasts.map((f) => f.id),
      forecasts.map((f) => f.forecast.ready_on),
      forecasts.map((f) => f.forecast.handover_on),
      forecasts.map((f) => f.forecast.readiness),
      forecasts.map((f) => f.forecast.critical),
      forecasts.map((f) => f.forecast.depends_on_today),
      forecasts.map((f) =>
        JSON.stringify(
          f.forecast.milestones.map((m) => ({
            kind: m.kind,
            status: m.status,
            forecast_on: m.forecast_on,
            behind: m.behind,
          })),
        ),
      ),
      computedFor,
    ],
  )
}

/**
 * Parcels whose stored forecast is older than `today` and may have changed since (something still ahead), and
 * those without one: what the day's turn re-forecasts, by id. One pass over both tables.
 */
export async function findStaleForecastIds(db: Queryable, today: string): Promise<number[]> {
  const { rows } = await db.query<{ id: number }>(
    `select p.id::int4 as id from parcels p
     left join land_forecasts f on f.parcel_id = p.id
     where f.parcel_id is null or (f.depends_on_today and f.computed_for < $1)
     order by p.id`,
    [today],
  )
  return rows.map((r) => r.id)
}

/** Every parcel id after `afterId`, at most `limit`: a zone setting changes every forecast. */
export async function findParcelIdsAfter(db: Queryable, afterId: number, limit: number) {
  const { rows } = await db.query<{ id: number }>(
    'select id::int4 as id from parcels where id > $1 order by id limit $2',
    [afterId, limit],
  )
  return rows.map((r) => r.id)
}

/**
 * The parcels within `distanceM` (spheroid) of these infrastructure items or linked to them, whose servicing is
 * still to come: their forecast depends on the items' planned finish and status.
 */
export async function findParcelIdsServedBy(
  db: Queryable,
  infrastructureIds: readonly number[],
  distanceM: number,
) {
  if (infrastructureIds.length === 0) return []
  const { rows } = await db.query<{ id: number }>(
    `select distinct p.id::int4 as id
     from infrastructure i
     join parcels p on (
         p.geom_3857 && ST_Expand(i.geom_3857, 1.02 * $2 / cos(radians(ST_Y(ST_Centroid(p.geom)))))
         and ST_DWithin(i.geom::geography, p.geom::geography, $2))
       or exists (select 1 from parcel_infrastructure l where l.parcel_id = p.id and l.infrastructure_id = i.id)
     where i.id = any($1::bigint[])
       and exists (select 1 from parcel_milestones s where s.parcel_id = p.id and s.kind = 'servicing' and s.actual_on is null)`,
    [infrastructureIds, distanceM],
  )
  return rows.map((r) => r.id)
}

/** The stored forecast of one parcel, or null when none is stored. */
export async function findLandForecast(db: Queryable, parcelId: number) {
  const { rows } = await db.query<{
    computed_for: string
    ready_on: string | null
    handover_on: string | null
    readiness: string | null
    critical_kind: string | null
    milestones: { kind: string; status: string; forecast_on: string | null; behind: boolean }[]
  }>(
    `select computed_for, ready_on, handover_on, readiness, critical_kind, milestones
     from land_forecasts where parcel_id = $1`,
    [parcelId],
  )
  return rows[0] ?? null
}
