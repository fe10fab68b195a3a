import type { Queryable } from './pool'

// A reservation holds its parcel from reserved_on to `until` inclusive (zone dates). It is *active* while it is
// not released and `until` is today or later; one whose `until` has passed reads as released everywhere, and the
// expiry job (server/services/jobs/release-expired-reservations.ts) records the release later.

export interface ReservationRow {
  id: number
  project_id: number
  parcel_id: number
  parcel_code: string
  reserved_on: string
  until: string
  reserved_by: string | null
}

const COLUMNS = `r.id, r.project_id, r.parcel_id, p.code as parcel_code, r.reserved_on, r.until, r.reserved_by`

/**
 * A parcel's status as read on `today` (a SQL expression over the parcels row `alias`; `today` a parameter such as
 * `$2`): a stored 'reserved' whose unreleased reservation has expired reads 'available', which is what the expiry
 * job will store. A parcel has at most one unreleased reservation (reservations_one_active_per_parcel).
 */
export function parcelStatusOn(alias: string, today: string): string {
  return `case when ${alias}.status = 'reserved' and exists (select 1 from reservations lapsed
      where lapsed.parcel_id = ${alias}.id and lapsed.released_at is null and lapsed.until < ${today}::date)
    then 'available' else ${alias}.status end`
}

/** The project's active reservation (not released, not expired on `today`), if any. */
export async function findActiveReservation(
  db: Queryable,
  projectId: number,
  today: string,
): Promise<ReservationRow | null> {
  const { rows } = await db.query<ReservationRow>(
    `select ${COLUMNS} from reservations r join parcels p on p.id = r.parcel_id
     where r.project_id = $1 and r.released_at is null and r.until >= $2::date`,
    [projectId, today],
  )
  return rows[0] ?? null
}

/** The active reservation on a parcel with its project's name, if any. */
export async function findParcelReservation(db: Queryable, parcelId: number, today: string) {
  const { rows } = await db.query<ReservationRow & { project_name: string }>(
    `select ${COLUMNS}, x.name as project_name
     from reservations r join parcels p on p.id = r.parcel_id join projects x on x.id = r.project_id
     where r.parcel_id = $1 and r.released_at is null and r.until >= $2::date`,
    [parcelId, today],
  )
  return rows[0] ?? null
}

export interface ExpiredReservation {
  id: number
  project_id: number
  parcel_id: number
  until: string
}

/**
 * Reservations not released whose `until` is before `today`, by id; with a scope, only those of these projects or
 * on these parcels. Read without locks: the caller locks their projects and parcels, then reads again.
 */
export async function findExpiredReservations(
  db: Queryable,
  today: string,
  scope: { projectIds?: readonly number[]; parcelIds?: readonly number[] } | null = null,
): Promise<ExpiredReservation[]> {
  const { rows } = await db.query<ExpiredReservation>(
    `select id, project_id, parcel_id, until from reservations
     where released_at is null and until < $1::date
       and (not $2::boolean or project_id = any($3::bigint[]) or parcel_id = any($4::bigint[]))
     order by id`,
    [today, scope !== null, scope?.projectIds ?? [], scope?.parcelIds ?? []],
  )
  return rows
}

/**
 * Inserts an active reservation. Two at once on one parcel: the partial unique index
 * reservations_one_active_per_parcel lets one in and gives the other a unique violation (23505).
 */
export async function insertReservation(
  db: Queryable,
  input: { projectId: number; parcelId: number; reservedOn: string; until: string; actor: string },
): Promise<number> {
  const { rows } = await db.query<{ id: number }>(
    `insert into reservations (project_id, parcel_id, reserved_on, until, reserved_by)
     values ($1, $2, $3, $4, $5) returning id`,
    [input.projectId, input.parcelId, input.reservedOn, input.until, input.actor],
  )
  return rows[0]?.id as number
}

export async function extendReservation(db: Queryable, id: number, until: string) {
  await db.query('update reservations set until = $2 where id = $1', [id, until])
}

/** Marks a reservation ended, with why and by whom (null: the expiry job). */
export async function endReservation(
  db: Queryable,
  id: number,
  reason: 'released' | 'expired' | 'transferred',
  actor: string | null,
) {
  await db.query(
    `update reservations set released_at = now(), released_reason = $2, released_by = $3 where id = $1`,
    [id, reason, actor],
  )
}

/**
 * Hands a reserved parcel on: `available` again, or `transferred` when its project took the land. A parcel whose
 * status is no longer 'reserved' (changed by a land officer) keeps it. `bumpVersion` is false for an expired hold,
 * whose parcel already reads as available. Returns whether the status changed.
 */
export async function handOverReservedParcel(
  db: Queryable,
  parcelId: number,
  to: 'available' | 'transferred',
  bumpVersion = true,
): Promise<boolean> {
  const { rows } = await db.query(
    `update parcels set status = $2, version = version + $3, updated_at = now()
     where id = $1 and status = 'reserved' returning id`,
    [parcelId, to, bumpVersion ? 1 : 0],
  )
  return rows.length > 0
}

/** Parcel fields a reservation needs to decide, its status as read on `today`. */
export async function findParcelForReservation(db: Queryable, parcelId: number, today: string) {
  const { rows } = await db.query<{ id: number; code: string; status: string; land_use: string }>(
    `select p.id, p.code, ${parcelStatusOn('p', '$2')} as status, p.land_use from parcels p where p.id = $1`,
    [parcelId, today],
  )
  return rows[0] ?? null
}

export async function markParcelReserved(db: Queryable, parcelId: number) {
  await db.query(
    `update parcels set status = 'reserved', version = version + 1, updated_at = now() where id = $1`,
    [parcelId],
  )
}
