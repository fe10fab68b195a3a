import { findProject, insertProject, insertStageHistory } from '../../db/projects'
import type { ProjectCreate } from '../../domain/project'
import { type Actor, runWrite, type ServiceDeps } from '../write'
import { badRequest, checkLocation, lockExistingParcel, projectWrite } from './project-input'
import { readProjectDetail } from './queries'

/** A new project at stage lead (entered on `lead_on`, today by default), with its first stage-history entry. */
export async function createProject(deps: ServiceDeps, actor: Actor, input: ProjectCreate) {
  const today = deps.today()
  const on = input.lead_on ?? today
  if (on > today) throw badRequest('lead_on', `lead_on ${on} is after today (${today})`)
  return runWrite(deps, actor, async (tx) => {
    await lockExistingParcel(tx, input.existing_parcel_id)
    await checkLocation(tx, input.location)
    const { lead_on: _l, ...fields } = input
    const id = await insertProject(tx.db, { ...projectWrite(fields), lead_on: on })
    await insertStageHistory(tx.db, {
      projectId: id,
      stage: 'lead',
      enteredOn: on,
      note: null,
      actor: actor.username,
    })
    const created = await findProject(tx.db, id)
    await tx.record({
      resource: 'projects',
      action: 'create',
      ids: [id],
      history: [{ entityType: 'project', entityId: id, action: 'create', changes: { ...created } }],
    })
    return readProjectDetail(tx.db, id, tx.today)
  })
}
