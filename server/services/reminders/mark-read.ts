import { markNotificationsRead } from '../../db/reminders'
import { type Actor, runWrite, type ServiceDeps } from '../write'

/**
 * Marks the caller's own notifications read (the ids given, or all): bookkeeping like a login, so no history row;
 * the change event makes the caller's other tabs refetch their unread count.
 */
export async function markRead(deps: ServiceDeps, actor: Actor, ids: readonly number[] | 'all') {
  return runWrite(deps, actor, async (tx) => {
    const changed = await markNotificationsRead(tx.db, actor.username, ids)
    if (changed > 0) await tx.record({ resource: 'notifications', action: 'update', ids: [], history: [] })
    return { changed }
  })
}
