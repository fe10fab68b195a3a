import { releaseProjectParcel } from '../../db/projects'
import { endReservation, findExpiredReservations, handOverReservedParcel } from '../../db/reservations'
import { tryLockTopic } from '../../db/write-locks'
import { runWrite, type ServiceDeps, SYSTEM } from '../write'

/** Only these projects' holds and the holds on these parcels; without a scope, every expired hold. */
export interface ExpiryScope {
  projectIds?: readonly number[]
  parcelIds?: readonly number[]
}

/**
 * Records the release of the reservations that have expired (`until` before today): the reservation ends with
 * reason `expired`, its parcel is available again when it was still marked reserved, and its project no longer
 * points at that parcel. One history row per reservation (actor `system`), and change events for the projects and
 * parcels. An expired hold already reads as released everywhere, so this changes nothing a reader sees and bumps
 * no version: whoever read the project or parcel before can still write with the version they read.
 *
 * The scheduled run (no scope) takes the `reservation-expiry` advisory lock without waiting, so one instance runs
 * it at a time and the others skip. A scoped run (a reservation about to be made on the parcel or for the
 * project) does not skip: the row locks make the two agree, whichever comes second finds nothing left to do.
 * Returns how many reservations it released.
 */
export async function releaseExpiredReservations(
  deps: ServiceDeps,
  scope: ExpiryScope | null = null,
): Promise<number> {
  return runWrite(deps, SYSTEM, async (tx) => {
    if (scope === null && !(await tryLockTopic(tx.db, 'reservation-expiry'))) return 0
    const seen = await findExpiredReservations(tx.db, tx.today, scope)
    if (seen.length === 0) return 0
    // every write over reservations locks projects, then parcels, each in id order
    await tx.lock(
      'projects',
      seen.map((r) => r.project_id),
    )
    await tx.lock(
      'parcels',
      seen.map((r) => r.parcel_id),
    )
    // again under the locks: another write may have ended some meanwhile
    const locked = new Set(seen.map((r) => r.id))
    const expired = (await findExpiredReservations(tx.db, tx.today, scope)).filter((r) => locked.has(r.id))
    if (expired.length === 0) return 0
    const parcels: number[] = []
    for (const r of expired) {
      await endReservation(tx.db, r.id, 'expired', null)
      if (await handOverReservedParcel(tx.db, r.parcel_id, 'available', false)) parcels.push(r.parcel_id)
      await releaseProjectParcel(tx.db, r.project_id, r.parcel_id, false)
    }
    await tx.record({
      resource: 'projects',
      action: 'update',
      ids: [...new Set(expired.map((r) => r.project_id))],
      history: expired.map((r) => ({
        entityType: 'reservation' as const,
        entityId: r.id,
        action: 'update' as const,
        changes: { released: { from: null, to: 'expired' }, parcel_id: r.parcel_id, until: r.until },
        reason: 'expired',
      })),
    })
    if (parcels.length > 0) {
      await tx.record({ resource: 'parcels', action: 'update', ids: parcels, history: [] })
    }
    return expired.length
  })
}

/**
 * Runs the release now and then every `everyMs` (an hour by default); the timer does not keep the process alive.
 * A failed run is logged and the next one tries again. The returned function stops the schedule and resolves once
 * a run under way has finished, so the database can close after it.
 */
export function scheduleReservationExpiry(deps: ServiceDeps, everyMs = 60 * 60 * 1000): () => Promise<void> {
  let running: Promise<void> | null = null
  const run = () => {
    if (running) return
    running = releaseExpiredReservations(deps)
      .then((n) => {
        if (n > 0) console.log(`reservations expired: ${n} released`)
      })
      .catch((err) => console.error('could not release the expired reservations:', err))
      .finally(() => {
        running = null
      })
  }
  run()
  const timer = setInterval(run, everyMs)
  timer.unref()
  return async () => {
    clearInterval(timer)
    await running
  }
}
