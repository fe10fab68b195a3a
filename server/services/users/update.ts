import bcrypt from 'bcryptjs'
import { findUser, revokeUserSessions, updateUser as writeUser } from '../../db/accounts'
import { findDepartment } from '../../db/departments'
import type { UserChange } from '../../domain/accounts'
import { fail } from '../../errors'
import { type Actor, assertVersion, runWrite, type ServiceDeps } from '../write'
import { userById } from './queries'

/**
 * Changes an account at the version it was read: its role, status, display name, password, department (400 when
 * no such department) or e-mail address. A change of role, status or password ends the account's sessions. An admin cannot disable or demote their own account.
 */
export async function updateUser(
  deps: ServiceDeps,
  actor: Actor,
  input: { id: number; version: number; change: Omit<UserChange, 'version'> },
) {
  const { id, version, change } = input
  const passwordHash = change.password ? await bcrypt.hash(change.password, 10) : undefined
  await runWrite(deps, actor, async (tx) => {
    await tx.lock('users', [id])
    const before = await findUser(tx.db, id)
    if (!before) throw fail(404, 'not_found', 'user.not_found', { id })
    assertVersion(before, version)
    if (before.username === actor.username && (change.disabled || (change.role && change.role !== 'admin'))) {
      throw fail(409, 'conflict', 'user.self_demote')
    }
    const departmentId = change.department_id
    if (departmentId && !(await findDepartment(tx.db, departmentId))) {
      throw fail(400, 'validation_failed', 'department.not_found', { id: departmentId }, [
        { path: 'department_id', message: `No department ${departmentId}` },
      ])
    }
    await writeUser(tx.db, id, {
      role: change.role,
      disabled: change.disabled,
      passwordHash,
      ...('display_name' in change ? { displayName: change.display_name ?? null } : {}),
      ...(departmentId !== undefined ? { departmentId } : {}),
      ...(change.email !== undefined ? { email: change.email } : {}),
    })
    if (change.role || change.disabled || passwordHash) await revokeUserSessions(tx.db, id)
    await tx.record({
      resource: 'users',
      action: 'update',
      ids: [id],
      history: [
        {
          entityType: 'user',
          entityId: id,
          action: 'update',
          changes: {
            ...(change.role ? { role: { from: before.role, to: change.role } } : {}),
            ...(change.disabled !== undefined
              ? { disabled: { from: before.disabled, to: change.disabled } }
              : {}),
            ...(passwordHash ? { password: 'reset' } : {}),
            ...(departmentId !== undefined
              ? { department_id: { from: before.department_id, to: departmentId } }
              : {}),
            ...(change.email !== undefined ? { email: { from: before.email, to: change.email } } : {}),
          },
        },
      ],
    })
  })
  return userById(deps.pool, id)
}
