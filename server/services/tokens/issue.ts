import { insertApiToken } from '../../db/accounts'
import type { NewToken } from '../../domain/accounts'
import { hashSecret, newSecret } from '../auth/secrets'
import { type Actor, runWrite, type ServiceDeps } from '../write'

/**
 * Issues an API token for a tool: only its hash is stored, the token itself is answered once. The audit log keeps
 * who issued which token for which role, never the secret.
 */
export async function issueToken(deps: ServiceDeps, actor: Actor, { name, role }: NewToken) {
  const token = newSecret('gt_')
  const id = await runWrite(deps, actor, async (tx) => {
    const tokenId = await insertApiToken(tx.db, {
      name,
      role,
      tokenHash: hashSecret(token),
      createdBy: actor.username,
    })
    await tx.record({
      resource: 'tokens',
      action: 'create',
      ids: [tokenId],
      history: [{ entityType: 'token', entityId: tokenId, action: 'create', changes: { name, role } }],
    })
    return tokenId
  })
  return { id, name, role, token }
}
