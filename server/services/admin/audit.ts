import { findLoginAttempts } from '../../db/accounts'
import { findAdminActions } from '../../db/history'
import type { Queryable } from '../../db/pool'

/** The audit log: the latest `limit` login attempts (failed ones too) and the latest `limit` admin actions. */
export async function auditLog(db: Queryable, limit: number) {
  const [logins, actions] = await Promise.all([findLoginAttempts(db, limit), findAdminActions(db, limit)])
  return { logins, actions }
}
