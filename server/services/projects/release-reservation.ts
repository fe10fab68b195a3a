import { findProject, type ProjectRow } from '../../db/projects'
import { findActiveReservation, type ReservationRow } from '../../db/reservations'
import { fail } from '../../errors'
import { type Actor, assertVersion, runWrite, type ServiceDeps } from '../write'
import { endHold } from './end-hold'
import { projectNotFound } from './queries'

/** Gives back the parcel a project holds, based on the project's `version`; 404 when it holds none. */
export async function releaseReservation(
  deps: ServiceDeps,
  actor: Actor,
  projectId: number,
  version: number,
): Promise<ReservationRow> {
  return runWrite(deps, actor, async (tx) => {
    if (!(await tx.lock('projects', [projectId])).has(projectId)) throw projectNotFound(projectId)
    const project = (await findProject(tx.db, projectId, tx.today)) as ProjectRow
    assertVersion(project, version)
    const active = await findActiveReservation(tx.db, projectId, tx.today)
    if (!active) throw fail(404, 'not_found', 'project.no_hold', { id: projectId })
    await endHold(tx, projectId, active, 'released')
    return active
  })
}
