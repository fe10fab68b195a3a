import { findBlockers, findProjectBlockers } from '../../db/blockers'
import { findHistory } from '../../db/history'
import type { Queryable } from '../../db/pool'
import { findProject, findProjects, findStageHistory } from '../../db/projects'
import { findActiveReservation } from '../../db/reservations'
import { historyInWords } from '../../domain/history-words'
import type { Language } from '../../domain/messages'
import { type BlockerQuery, isBlockerOverdue, type ProjectQuery } from '../../domain/project'
import { type ApiError, fail } from '../../errors'
import type { ServiceDeps } from '../write'

type ReadDeps = Pick<ServiceDeps, 'pool' | 'today'>

export function projectNotFound(id: number): ApiError {
  return fail(404, 'not_found', 'project.not_found', { id })
}

export function withOverdue<B extends { status: string; due_on: string | null }>(blocker: B, today: string) {
  return { ...blocker, overdue: isBlockerOverdue(blocker, today) }
}

/**
 * A project as read on `today` with its stage history, blockers (overdue flagged) and active reservation;
 * 404 when there is none. Writes answer with it too, read in their own transaction.
 */
export async function readProjectDetail(db: Queryable, id: number, today: string) {
  const project = await findProject(db, id, today)
  if (!project) throw projectNotFound(id)
  // one after the other: inside a transaction `db` is one client
  const stageHistory = await findStageHistory(db, id)
  const blockers = (await findProjectBlockers(db, id)).map((b) => withOverdue(b, today))
  const reservation = await findActiveReservation(db, id, today)
  return {
    ...project,
    overdue_blockers: blockers.filter((b) => b.overdue).length,
    stage_history: stageHistory,
    blockers,
    reservation,
  }
}

export type ProjectDetail = Awaited<ReturnType<typeof readProjectDetail>>

export async function listProjects(deps: ReadDeps, query: ProjectQuery) {
  return findProjects(deps.pool, query, deps.today())
}

export async function projectDetail(deps: ReadDeps, id: number) {
  return readProjectDetail(deps.pool, id, deps.today())
}

/** A project's history, newest first, in words in `language` (server/domain/history-words.ts). */
export async function projectHistory(deps: ReadDeps, id: number, language: Language) {
  if (!(await findProject(deps.pool, id))) throw projectNotFound(id)
  return historyInWords(await findHistory(deps.pool, 'project', id), language)
}

export async function projectBlockers(deps: ReadDeps, id: number) {
  if (!(await findProject(deps.pool, id))) throw projectNotFound(id)
  const today = deps.today()
  return (await findProjectBlockers(deps.pool, id)).map((b) => withOverdue(b, today))
}

/** GET /api/blockers: blockers across projects, per owner (the zone department), overdue ones counted. */
export async function blockersByOwner(deps: ReadDeps, query: BlockerQuery) {
  const today = deps.today()
  const rows = await findBlockers(deps.pool, query, today)
  type Flagged = (typeof rows)[number] & { overdue: boolean }
  const owners = new Map<string, { owner: string; count: number; overdue: number; blockers: Flagged[] }>()
  for (const row of rows) {
    const group = owners.get(row.owner) ?? { owner: row.owner, count: 0, overdue: 0, blockers: [] }
    const flagged = withOverdue(row, today)
    group.count++
    if (flagged.overdue) group.overdue++
    group.blockers.push(flagged)
    owners.set(row.owner, group)
  }
  return [...owners.values()]
}
