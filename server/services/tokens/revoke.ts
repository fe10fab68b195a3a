import { revokeApiToken } from '../../db/accounts'
import { fail } from '../../errors'
import { type Actor, runWrite, type ServiceDeps } from '../write'

/** Revokes API token `id`: it stops authenticating at once; 404 when there is no active token `id`. */
export async function revokeToken(deps: ServiceDeps, actor: Actor, id: number) {
  await runWrite(deps, actor, async (tx) => {
    await tx.lock('api_tokens', [id])
    if (!(await revokeApiToken(tx.db, id))) throw fail(404, 'not_found', 'token.not_found', { id })
    await tx.record({
      resource: 'tokens',
      action: 'delete',
      ids: [id],
      history: [{ entityType: 'token', entityId: id, action: 'delete', changes: { revoked: true } }],
    })
  })
}
