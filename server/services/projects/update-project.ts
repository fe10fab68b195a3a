import { findProject, type ProjectRow, updateProject as writeProject } from '../../db/projects'
import { diffChanges } from '../../domain/changes'
import type { ProjectPatch } from '../../domain/project'
import { type Actor, assertVersion, runWrite, type ServiceDeps } from '../write'
import { checkLocation, checkNeeds, lockExistingParcel, projectFields, projectWrite } from './project-input'
import { projectNotFound, readProjectDetail } from './queries'

/** Changes a project's fields and needs, based on `version`; the history row holds what changed and why. */
export async function updateProject(
  deps: ServiceDeps,
  actor: Actor,
  id: number,
  input: Omit<ProjectPatch, 'version'> & { version: number },
) {
  const { version, reason, ...fields } = input
  return runWrite(deps, actor, async (tx) => {
    if (!(await tx.lock('projects', [id])).has(id)) throw projectNotFound(id)
    const current = (await findProject(tx.db, id, tx.today)) as ProjectRow
    assertVersion(current, version)
    const write = projectWrite(fields)
    checkNeeds(current.needs, write.needs)
    await lockExistingParcel(tx, write.existing_parcel_id)
    await checkLocation(tx, write.location)
    await writeProject(tx.db, id, write)
    const after = (await findProject(tx.db, id, tx.today)) as ProjectRow
    await tx.record({
      resource: 'projects',
      action: 'update',
      ids: [id],
      history: [
        {
          entityType: 'project',
          entityId: id,
          action: 'update',
          changes: diffChanges(projectFields(current), projectFields(after)),
          reason,
        },
      ],
    })
    return readProjectDetail(tx.db, id, tx.today)
  })
}
