import { isPgError } from '../../db/pool'
import { findProject, type ProjectRow, setProjectParcel } from '../../db/projects'
import {
  extendReservation,
  findActiveReservation,
  findParcelForReservation,
  findParcelReservation,
  insertReservation,
  markParcelReserved,
  type ReservationRow,
} from '../../db/reservations'
import { label } from '../../domain/messages'
import { fail } from '../../errors'
import { releaseExpiredReservations } from '../jobs/release-expired-reservations'
import { reforecastParcels } from '../land/reforecast'
import { type Actor, assertVersion, runWrite, type ServiceDeps } from '../write'
import { badRequest } from './project-input'
import { projectNotFound } from './queries'

/** Stages at which a project may still hold a parcel in reserve. */
const RESERVING_STAGES: readonly string[] = ['lead', 'negotiating', 'signed']

export interface ReserveInput {
  parcel_id: number
  /** the last day the parcel is held (zone date) */
  until: string
  /** the project's version */
  version: number
}

/**
 * Holds a parcel for a project until a date, based on the project's `version`; the project's own hold on the same
 * parcel is extended instead (`created: false`). Locks the project, then the parcel, so two projects asking for
 * one parcel queue and the second finds it taken (409 parcel_taken).
 */
export async function reserveParcel(
  deps: ServiceDeps,
  actor: Actor,
  projectId: number,
  input: ReserveInput,
): Promise<{ created: boolean; reservation: ReservationRow }> {
  const { parcel_id: parcelId, until, version } = input
  const today = deps.today()
  if (until < today) throw badRequest('until', `until ${until} is before today (${today})`)
  // an expired hold not yet recorded as released still occupies the parcel (and the project) in the unique
  // indexes: record the release now, as the expiry job would, before taking the parcel
  await releaseExpiredReservations(deps, { projectIds: [projectId], parcelIds: [parcelId] })
  try {
    return await runWrite(deps, actor, async (tx) => {
      if (!(await tx.lock('projects', [projectId])).has(projectId)) throw projectNotFound(projectId)
      const project = (await findProject(tx.db, projectId, tx.today)) as ProjectRow
      assertVersion(project, version)
      if (!RESERVING_STAGES.includes(project.stage)) {
        throw fail(409, 'project_not_reservable', 'project.not_reservable', {
          stage: label('stage', project.stage),
        })
      }
      if (!(await tx.lock('parcels', [parcelId])).has(parcelId)) {
        throw fail(404, 'not_found', 'parcel.not_found', { id: parcelId })
      }
      const parcel = await findParcelForReservation(tx.db, parcelId, tx.today)
      if (!parcel) throw fail(404, 'not_found', 'parcel.not_found', { id: parcelId })

      const own = await findActiveReservation(tx.db, projectId, tx.today)
      if (own && own.parcel_id === parcelId) {
        await extendReservation(tx.db, own.id, until)
        await tx.record({
          resource: 'projects',
          action: 'update',
          ids: [projectId],
          history: [
            {
              entityType: 'reservation',
              entityId: own.id,
              action: 'update',
              changes: { until: { from: own.until, to: until } },
            },
          ],
        })
        return { created: false, reservation: { ...own, until } }
      }
      if (own) {
        throw fail(
          409,
          'project_holds_parcel',
          'project.holds_parcel',
          { project: projectId, parcel: own.parcel_code },
          [{ parcel_id: own.parcel_id, until: own.until }],
        )
      }
      const held = await findParcelReservation(tx.db, parcelId, tx.today)
      if (held) {
        throw fail(
          409,
          'parcel_taken',
          'project.parcel_taken',
          { parcel: parcel.code, project: held.project_name, until: held.until },
          [{ project_id: held.project_id, until: held.until }],
        )
      }
      if (parcel.status !== 'available' && parcel.status !== 'reserved') {
        throw fail(
          409,
          'parcel_not_available',
          'project.parcel_not_available',
          { parcel: parcel.code, status: label('status', parcel.status) },
          [{ status: parcel.status }],
        )
      }
      const id = await insertReservation(tx.db, {
        projectId,
        parcelId,
        reservedOn: tx.today,
        until,
        actor: actor.username,
      })
      await markParcelReserved(tx.db, parcelId)
      await setProjectParcel(tx.db, projectId, parcelId)
      await tx.record({
        resource: 'projects',
        action: 'update',
        ids: [projectId],
        history: [
          {
            entityType: 'reservation',
            entityId: id,
            action: 'create',
            changes: { project_id: projectId, parcel_id: parcelId, reserved_on: tx.today, until },
          },
        ],
      })
      await reforecastParcels(tx.db, [parcelId], tx.today)
      await tx.record({
        resource: 'parcels',
        action: 'update',
        ids: [parcelId],
        history: [
          {
            entityType: 'parcel',
            entityId: parcelId,
            action: 'update',
            changes: { status: { from: parcel.status, to: 'reserved' } },
            reason: `reserved for project ${projectId}`,
          },
        ],
      })
      return {
        created: true,
        reservation: (await findActiveReservation(tx.db, projectId, tx.today)) as ReservationRow,
      }
    })
  } catch (err) {
    // only when a hold expired between the release above and this write (midnight): the indexes refuse it
    if (isPgError(err) && err.code === '23505') {
      if (err.constraint === 'reservations_one_active_per_project') {
        throw fail(409, 'project_holds_parcel', 'project.holds_a_parcel', { project: projectId })
      }
      throw fail(409, 'parcel_taken', 'project.parcel_taken_other', { parcel: parcelId })
    }
    throw err
  }
}
