import bcrypt from 'bcryptjs'
import { findUserIdByUsername, insertUser } from '../../db/accounts'
import { findDepartment } from '../../db/departments'
import type { NewUser } from '../../domain/accounts'
import { fail } from '../../errors'
import { type Actor, runWrite, type ServiceDeps } from '../write'
import { userById } from './queries'

/**
 * Creates an account (the password stored as a bcrypt hash), in a department when one is given (400 when there is no
 * such department); 409 when the username is taken.
 */
export async function createUser(deps: ServiceDeps, actor: Actor, input: NewUser) {
  // hashing is slow on purpose: do it before the transaction, not while it holds a connection
  const passwordHash = await bcrypt.hash(input.password, 10)
  const id = await runWrite(deps, actor, async (tx) => {
    // two creates of one username at once: the unique constraint refuses the second (409 conflict too)
    if ((await findUserIdByUsername(tx.db, input.username)) !== null) {
      throw fail(409, 'conflict', 'user.exists', { username: input.username })
    }
    const departmentId = input.department_id ?? null
    if (departmentId !== null && !(await findDepartment(tx.db, departmentId))) {
      throw fail(400, 'validation_failed', 'department.not_found', { id: departmentId }, [
        { path: 'department_id', message: `No department ${departmentId}` },
      ])
    }
    const newId = await insertUser(tx.db, {
      username: input.username,
      role: input.role,
      passwordHash,
      displayName: input.display_name ?? null,
      departmentId,
      email: input.email ?? null,
    })
    await tx.record({
      resource: 'users',
      action: 'create',
      ids: [newId],
      history: [
        {
          entityType: 'user',
          entityId: newId,
          action: 'create',
          changes: {
            username: input.username,
            role: input.role,
            department_id: departmentId,
            email: input.email ?? null,
          },
        },
      ],
    })
    return newId
  })
  return userById(deps.pool, id)
}
