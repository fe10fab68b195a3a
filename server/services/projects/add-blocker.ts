import { type BlockerRow, findBlocker, insertBlocker } from '../../db/blockers'
import type { BlockerCreate } from '../../domain/project'
import { type Actor, runWrite, type ServiceDeps } from '../write'
import { projectNotFound, withOverdue } from './queries'

/** Records a blocker (难点堵点) on a project, with the department that must clear it. */
export async function addBlocker(deps: ServiceDeps, actor: Actor, projectId: number, input: BlockerCreate) {
  return runWrite(deps, actor, async (tx) => {
    if (!(await tx.lock('projects', [projectId])).has(projectId)) throw projectNotFound(projectId)
    const id = await insertBlocker(tx.db, {
      projectId,
      title: input.title,
      owner: input.owner,
      due_on: input.due_on ?? null,
      status: input.status,
      resolution: input.resolution ?? null,
    })
    const created = (await findBlocker(tx.db, projectId, id)) as BlockerRow
    await tx.record({
      resource: 'projects',
      action: 'update',
      ids: [projectId],
      history: [{ entityType: 'blocker', entityId: id, action: 'create', changes: { ...created } }],
    })
    return withOverdue(created, tx.today)
  })
}
