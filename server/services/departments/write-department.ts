import {
  findDepartment,
  findDepartmentIdByName,
  insertDepartment,
  updateDepartment as writeDepartment,
} from '../../db/departments'
import type { DepartmentChange, NewDepartment } from '../../domain/departments'
import { fail } from '../../errors'
import { type Actor, assertVersion, runWrite, type ServiceDeps } from '../write'

/** What the history says of a robot's address: never the address itself (it holds the robot's key). */
function robotWords(url: string | null): string {
  return url ? 'set' : 'none'
}

/** Creates a department (admins); 409 when one of that name exists. Answers it as GET /api/departments does. */
export async function createDepartment(deps: ServiceDeps, actor: Actor, input: NewDepartment) {
  const id = await runWrite(deps, actor, async (tx) => {
    if ((await findDepartmentIdByName(tx.db, input.name)) !== null) {
      throw fail(409, 'conflict', 'department.exists', { name: input.name })
    }
    const newId = await insertDepartment(tx.db, {
      name: input.name,
      name_en: input.name_en ?? null,
      webhook_url: input.webhook_url ?? null,
    })
    await tx.record({
      resource: 'departments',
      action: 'create',
      ids: [newId],
      history: [
        {
          entityType: 'department',
          entityId: newId,
          action: 'create',
          changes: {
            name: input.name,
            name_en: input.name_en ?? null,
            webhook: robotWords(input.webhook_url ?? null),
          },
        },
      ],
    })
    return newId
  })
  return findDepartment(deps.pool, id)
}

/**
 * Changes a department's English name or group robot (null removes it) at the version it was read: 404 when there is
 * no such department, 409 version_conflict when it changed meanwhile.
 */
export async function updateDepartment(
  deps: ServiceDeps,
  actor: Actor,
  input: { id: number; version: number; change: Omit<DepartmentChange, 'version'> },
) {
  const { id, version, change } = input
  await runWrite(deps, actor, async (tx) => {
    await tx.lock('departments', [id])
    const before = await findDepartment(tx.db, id)
    if (!before) throw fail(404, 'not_found', 'department.not_found', { id })
    assertVersion(before, version)
    await writeDepartment(tx.db, id, change)
    await tx.record({
      resource: 'departments',
      action: 'update',
      ids: [id],
      history: [
        {
          entityType: 'department',
          entityId: id,
          action: 'update',
          changes: {
            ...('name_en' in change ? { name_en: { from: before.name_en, to: change.name_en ?? null } } : {}),
            ...('webhook_url' in change
              ? {
                  webhook: {
                    from: robotWords(before.webhook_url),
                    to: robotWords(change.webhook_url ?? null),
                  },
                }
              : {}),
          },
        },
      ],
    })
  })
  return findDepartment(deps.pool, id)
}
