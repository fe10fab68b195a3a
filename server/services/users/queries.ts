import { findUser, findUsers } from '../../db/accounts'
import type { Queryable } from '../../db/pool'
import { fail } from '../../errors'

/** Every account with its role, status, last login and version; never a password hash. */
export function listUsers(db: Queryable) {
  return findUsers(db)
}

/** The account `id`; 404 when there is none. */
export async function userById(db: Queryable, id: number) {
  const user = await findUser(db, id)
  if (!user) throw fail(404, 'not_found', 'user.not_found', { id })
  return user
}
