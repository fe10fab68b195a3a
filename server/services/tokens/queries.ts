import { findApiTokens } from '../../db/accounts'
import type { Queryable } from '../../db/pool'

/** Every API token, revoked ones too, without its secret or hash. */
export function listTokens(db: Queryable) {
  return findApiTokens(db)
}
