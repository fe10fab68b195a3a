import bcrypt from 'bcryptjs'
import { countRecentFailures, findUserForLogin, insertSession, recordLoginAttempt } from '../../db/accounts'
import type { Pool } from '../../db/pool'
import type { Login } from '../../domain/accounts'
import type { Role } from '../../domain/vocabulary'
import { hashSecret, newSecret } from './secrets'

/** After this many failed logins in LOCKOUT_MINUTES, a username is locked until the window passes. */
export const MAX_FAILED_LOGINS = 5
export const LOCKOUT_MINUTES = 15

// compared against when the user does not exist, so both failures take the same time
const DUMMY_HASH = bcrypt.hashSync('not-a-password', 10)

export type LoginResult =
  | { ok: true; secret: string; username: string; role: Role }
  | { ok: false; reason: 'locked' | 'invalid_credentials' }

/**
 * Checks a username and password and opens a session of `sessionHours`. Every attempt is recorded (the audit log
 * of logins, and the lockout count); this is bookkeeping, not a change to a record, so it makes no history row and
 * no change event. A locked username or wrong credentials are normal outcomes, answered as `ok: false`.
 */
export async function logIn(
  deps: { pool: Pool; sessionHours: number },
  { username, password }: Login,
  ip: string | null,
): Promise<LoginResult> {
  const { pool } = deps
  if ((await countRecentFailures(pool, username, LOCKOUT_MINUTES)) >= MAX_FAILED_LOGINS) {
    await recordLoginAttempt(pool, username, ip, false)
    return { ok: false, reason: 'locked' }
  }
  const user = await findUserForLogin(pool, username)
  const matches = await bcrypt.compare(password, user?.passwordHash ?? DUMMY_HASH)
  if (!user || !matches || user.disabled) {
    await recordLoginAttempt(pool, username, ip, false)
    return { ok: false, reason: 'invalid_credentials' }
  }
  await recordLoginAttempt(pool, username, ip, true)
  const secret = newSecret()
  await insertSession(pool, hashSecret(secret), user.id, deps.sessionHours)
  return { ok: true, secret, username: user.username, role: user.role }
}
