import type { LandForecast } from '../domain/forecast'
import type { Queryable } from './pool'

/** What the forecast of one parcel needs, read from the parcel and its milestones. */
export interface ForecastInputRow {
  id: number
  status: string
  targetOn: string | null
  /** the parcel's milestones as JSON text (kind, planned_on, actual_on, in kind order): parsed only when needed */
  milestonesJson: string
}

/**
 * The forecast inputs of these parcels, by id: one pass over the parcels and one over their milestones for the
 * whole batch (not a subquery per parcel). The milestones come as JSON text in a fixed order, so that parcels with
 * the same milestones carry the same text and can share one computed forecast.
 */
export async function findForecastInputs(db: Queryable, ids: readonly number[]): Promise<ForecastInputRow[]> {
  if (ids.length === 0) return []
  const { rows } = await db.query<ForecastInputRow>(
    `select p.id::int4 as id, p.status, p.target_on as "targetOn", coalesce(m.milestones, '[]') as "milestonesJson"
     from parcels p
     left join (
       select parcel_id, json_agg(json_build_object('kind', kind, 'planned_on', planned_on, 'actual_on', actual_on)
         order by kind)::text as milestones
       from parcel_milestones where parcel_id = any($1::bigint[]) group by parcel_id) m on m.parcel_id = p.id
     where p.id = any($1::bigint[])
     order by p.id`,
    [ids],
  )
  return rows
}

/**
 * Stores the forecasts of these parcels (computed for `computedFor`), replacing what was stored, with each
 * parcel's area (the dashboard's monthly sums, land_available_months, are kept from it). Parcels that share one
 * forecast object send it once. `onlyOlder`: replaces only a forecast computed for an earlier day (or none), so a
 * job that read its inputs before a user's write never overwrites the forecast that write stored for today.
 * A parcel deleted meanwhile is skipped.
 */
export async function upsertLandForecasts(
  db: Queryable,
  forecasts: readonly { id: number; forecast: LandForecast }[],
  computedFor: string,
  { onlyOlder = false }: { onlyOlder?: boolean } = {},
) {
  if (forecasts.length === 0) return
  const slots = new Map<LandForecast, number>()
  const distinct: LandForecast[] = []
  const slotOf = forecasts.map(({ forecast }) => {
    let slot = slots.get(forecast)
    if (slot === undefined) {
      slot = distinct.push(forecast)
      slots.set(forecast, slot)
    }
    return slot
  })
  // one array per column: unnest reads them far faster than a JSON document of records; in id order, so two
  // writers lock rows in the same order
  await db.query(
    `insert into land_forecasts as f (parcel_id, computed_for, ready_on, handover_on, readiness, critical_kind,
       depends_on_today, milestones, area_m2)
     select x.id, $9, d.ready_on, d.handover_on, d.readiness, d.critical_kind, d.depends, d.milestones, p.area_m2
     from unnest($1::bigint[], $2::int[]) as x(id, slot)
     join parcels p on p.id = x.id
     join (select d.ready_on, d.handover_on, d.readiness, d.critical_kind, d.depends, d.milestones::jsonb, d.slot
       from unnest($3::date[], $4::date[], $5::text[], $6::text[], $7::boolean[], $8::text[]) with ordinality
         as d(ready_on, handover_on, readiness, critical_kind, depends, milestones, slot)) d on d.slot = x.slot
     order by x.id
     on conflict (parcel_id) do update set computed_for = excluded.computed_for, ready_on = excluded.ready_on,
       handover_on = excluded.handover_on, readiness = excluded.readiness, critical_kind = excluded.critical_kind,
       depends_on_today = excluded.depends_on_today, milestones = excluded.milestones, area_m2 = excluded.area_m2
     ${onlyOlder ? 'where f.computed_for < excluded.computed_for' : ''}`,
    [
      forecasts.map((f) => f.id),
      slotOf,
      distinct.map((f) => f.ready_on),
      distinct.map((f) => f.handover_on),
      distinct.map((f) => f.readiness),
      distinct.map((f) => f.critical),
      distinct.map((f) => f.depends_on_today),
      distinct.map((f) =>
        JSON.stringify(
          f.milestones.map((m) => ({
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
