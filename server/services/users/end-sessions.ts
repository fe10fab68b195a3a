import { revokeUserSessions } from '../../db/accounts'
import { fail } from '../../errors'
import { type Actor, runWrite, type ServiceDeps } from '../write'

/**
 * Logs a user out everywhere: ends every open session of account `id` (404 when there is none). The account
 * itself does not change, so no version is needed; the audit log records who did it, and the change event makes
 * every instance forget the sessions it had remembered (the tile routes cache logins for a few seconds).
 */
export async function endUserSessions(deps: ServiceDeps, actor: Actor, id: number) {
  await runWrite(deps, actor, async (tx) => {
    const found = await tx.lock('users', [id])
    if (!found.has(id)) throw fail(404, 'not_found', 'user.not_found', { id })
    await revokeUserSessions(tx.db, id)
    await tx.record({
      resource: 'users',
      action: 'update',
      ids: [id],
      history: [{ entityType: 'user', entityId: id, action: 'update', changes: { sessions: 'ended' } }],
    })
  })
}
