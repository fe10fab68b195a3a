import { revokeSession } from '../../db/accounts'
import type { Pool } from '../../db/pool'
import { hashSecret } from './secrets'

/** Ends the session whose cookie value is `secret` (bookkeeping: no history row, no change event). */
export async function logOut(deps: { pool: Pool }, secret: string) {
  await revokeSession(deps.pool, hashSecret(secret))
}
