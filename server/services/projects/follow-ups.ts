import { type FollowUpRow, findFollowUps, insertFollowUp } from '../../db/follow-ups'
import { findProject } from '../../db/projects'
import { type FollowUpCreate, isNextActionLate } from '../../domain/follow-up'
import { type Actor, runWrite, type ServiceDeps } from '../write'
import { badRequest } from './project-input'
import { projectNotFound } from './queries'

type ReadDeps = Pick<ServiceDeps, 'pool' | 'today'>

const withLate = (row: FollowUpRow, today: string) => ({ ...row, late: isNextActionLate(row, today) })

/** GET /api/projects/:id/follow-ups: the project's visits and talks, latest first, the open next action flagged. */
export async function projectFollowUps(deps: ReadDeps, projectId: number) {
  if (!(await findProject(deps.pool, projectId))) throw projectNotFound(projectId)
  const today = deps.today()
  return (await findFollowUps(deps.pool, projectId)).map((row) => withLate(row, today))
}

/**
 * Records a follow-up (走访 / 洽谈) on a project: not in the future; its next action, if any, becomes the project's
 * open one when it is the latest. The project is locked so two records of one project queue.
 */
export async function addFollowUp(deps: ServiceDeps, actor: Actor, projectId: number, input: FollowUpCreate) {
  const today = deps.today()
  if (input.happened_on > today) {
    throw badRequest('happened_on', `happened_on ${input.happened_on} is after today (${today})`)
  }
  return runWrite(deps, actor, async (tx) => {
    if (!(await tx.lock('projects', [projectId])).has(projectId)) throw projectNotFound(projectId)
    const id = await insertFollowUp(tx.db, {
      projectId,
      kind: input.kind,
      happened_on: input.happened_on,
      who: input.who,
      what: input.what,
      next_action: input.next_action ?? null,
      next_on: input.next_on ?? null,
      actor: actor.username,
    })
    const created = (await findFollowUps(tx.db, projectId)).find((f) => f.id === id) as FollowUpRow
    const { latest: _latest, ...recorded } = created
    await tx.record({
      resource: 'projects',
      action: 'update',
      ids: [projectId],
      history: [
        { entityType: 'project', entityId: projectId, action: 'update', changes: { follow_up: recorded } },
      ],
    })
    return withLate(created, tx.today)
  })
}
