import type { Queryable } from './pool'

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

/** The project's active reservation (not released), if any. */
export async function findActiveReservation(
  db: Queryable,
  projectId: number,
): Promise<ReservationRow | null> {
  const { rows } = await db.query<ReservationRow>(
    `select ${COLUMNS} from reservations r join parcels p on p.id = r.parcel_id
     where r.project_id = $1 and r.released_at is null`,
    [projectId],
  )
  return rows[0] ?? null
}

/** The active reservation on a parcel with its project's name, if any. */
export async function findParcelReservation(db: Queryable, parcelId: number) {
  const { rows } = await db.query<ReservationRow & { project_name: string }>(
    `select ${COLUMNS}, x.name as project_name
     from reservations r join parcels p on p.id = r.parcel_id join projects x on x.id = r.project_id
     where r.parcel_id = $1 and r.released_at is null`,
    [parcelId],
  )
  return rows[0] ?? null
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

/**
 * Ends a reservation and hands its parcel back: a parcel still marked reserved becomes available again, or
 * transferred when the project took the land.
 */
export async function endReservation(
  db: Queryable,
  reservation: { id: number; parcel_id: number },
  reason: 'released' | 'expired' | 'transferred',
  actor: string | null,
) {
  await db.query(
    `update reservations set released_at = now(), released_reason = $2, released_by = $3 where id = $1`,
    [reservation.id, reason, actor],
  )
  await db.query(
    `update parcels set status = $2, version = version + 1, updated_at = now()
     where id = $1 and status = 'reserved'`,
    [reservation.parcel_id, reason === 'transferred' ? 'transferred' : 'available'],
  )
}

/**
 * Reservations whose `until` is before `today` (zone date), for one project or one parcel; the caller ends them.
 * Scoped rather than global so that reading one project never rewrites the others.
 */
export async function findExpiredReservations(
  db: Queryable,
  scope: { projectId?: number; parcelId?: number },
  today: string,
) {
  const { rows } = await db.query<{ id: number; parcel_id: number; project_id: number; until: string }>(
    `select id, parcel_id, project_id, until from reservations
     where released_at is null and until < $3::date
       and ($1::bigint is null or project_id = $1) and ($2::bigint is null or parcel_id = $2)
     for update`,
    [scope.projectId ?? null, scope.parcelId ?? null, today],
  )
  return rows
}

/** Parcel fields a reservation needs to decide, locked for the write. */
export async function findParcelForReservation(db: Queryable, parcelId: number) {
  const { rows } = await db.query<{ id: number; code: string; status: string; land_use: string }>(
    'select id, code, status, land_use from parcels where id = $1',
    [parcelId],
  )
  return rows[0] ?? null
}

export async function markParcelReserved(db: Queryable, parcelId: number) {
  await db.query(
    `update parcels set status = 'reserved', version = version + 1, updated_at = now() where id = $1`,
    [parcelId],
  )
}
