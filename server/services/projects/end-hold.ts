import { releaseProjectParcel, setProjectParcel } from '../../db/projects'
import { endReservation, handOverReservedParcel, type ReservationRow } from '../../db/reservations'
import { reforecastParcels } from '../land/reforecast'
import type { Tx } from '../write'

/**
 * Ends a project's active reservation, its project locked already: `released` hands the parcel back (available
 * again), `transferred` makes it the project's land. Locks the parcel (projects before parcels, as every write
 * over reservations does) and records the change for the project and, when its status changed, for the parcel.
 */
export async function endHold(
  tx: Tx,
  projectId: number,
  hold: Pick<ReservationRow, 'id' | 'parcel_id'>,
  reason: 'released' | 'transferred',
  why: string | null = null,
) {
  await tx.lock('parcels', [hold.parcel_id])
  await endReservation(tx.db, hold.id, reason, tx.actor.username)
  const to = reason === 'transferred' ? 'transferred' : 'available'
  const handedOver = await handOverReservedParcel(tx.db, hold.parcel_id, to)
  if (reason === 'transferred') await setProjectParcel(tx.db, projectId, hold.parcel_id)
  else await releaseProjectParcel(tx.db, projectId, hold.parcel_id)
  await tx.record({
    resource: 'projects',
    action: 'update',
    ids: [projectId],
    history: [
      {
        entityType: 'reservation',
        entityId: hold.id,
        action: 'update',
        changes: { released: { from: null, to: reason }, parcel_id: hold.parcel_id },
      },
    ],
  })
  if (!handedOver) return
  await reforecastParcels(tx.db, [hold.parcel_id], tx.today)
  await tx.record({
    resource: 'parcels',
    action: 'update',
    ids: [hold.parcel_id],
    // the parcel's own history shows it passing to the project; a release shows in the reservation's
    history:
      reason === 'transferred'
        ? [
            {
              entityType: 'parcel',
              entityId: hold.parcel_id,
              action: 'update',
              changes: { status: { from: 'reserved', to } },
              reason: why,
            },
          ]
        : [],
  })
}
