import { type BlockerRow, findBlocker, updateBlocker as writeBlocker } from '../../db/blockers'
import { diffChanges } from '../../domain/changes'
import type { BlockerPatch } from '../../domain/project'
import { fail } from '../../errors'
import { type Actor, assertVersion, runWrite, type ServiceDeps } from '../write'
import { badRequest } from './project-input'
import { withOverdue } from './queries'

/** Changes a blocker of a project, based on its `version`; a resolved blocker needs a resolution. */
export async function updateBlocker(
  deps: ServiceDeps,
  actor: Actor,
  projectId: number,
  blockerId: number,
  input: Omit<BlockerPatch, 'version'> & { version: number },
) {
  const { version, ...patch } = input
  return runWrite(deps, actor, async (tx) => {
    await tx.lock('blockers', [blockerId])
    const current = await findBlocker(tx.db, projectId, blockerId)
    if (!current)
      throw fail(404, 'not_found', 'project.no_blocker', { project: projectId, blocker: blockerId })
    assertVersion(current, version, withOverdue(current, tx.today))
    const next = {
      title: patch.title ?? current.title,
      owner: patch.owner ?? current.owner,
      due_on: patch.due_on !== undefined ? patch.due_on : current.due_on,
      status: patch.status ?? current.status,
      resolution: patch.resolution !== undefined ? patch.resolution : current.resolution,
    }
    if (next.status === 'resolved' && !next.resolution) {
      throw badRequest('resolution', 'a resolved blocker needs a resolution')
    }
    await writeBlocker(tx.db, blockerId, next)
    await tx.record({
      resource: 'projects',
      action: 'update',
      ids: [projectId],
      history: [
        {
          entityType: 'blocker',
          entityId: blockerId,
          action: 'update',
          changes: diffChanges({ ...current }, next),
        },
      ],
    })
    return withOverdue((await findBlocker(tx.db, projectId, blockerId)) as BlockerRow, tx.today)
  })
}
