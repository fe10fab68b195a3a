import { Hono } from 'hono'
import type { AppDeps } from '../../deps'
import { AuditQuery, NewUser, UserChange } from '../../domain/accounts'
import { IdParam } from '../../domain/query'
import { expectedVersion } from '../../errors'
import { auditLog } from '../../services/admin/audit'
import { exportEverything } from '../../services/admin/export-everything'
import { listTokens } from '../../services/tokens/queries'
import { revokeToken } from '../../services/tokens/revoke'
import { createUser } from '../../services/users/create'
import { endUserSessions } from '../../services/users/end-sessions'
import { listUsers } from '../../services/users/queries'
import { updateUser } from '../../services/users/update'
import type { AuthEnv } from '../middleware/authenticate'
import { validate } from '../validation'

/** Accounts, API tokens, the audit log and the whole export: admin only (the permission table). */
export function userRoutes(deps: AppDeps) {
  const { pool } = deps
  return new Hono<AuthEnv>()
    .get('/users', async (c) => c.json(await listUsers(pool)))
    .post('/users', validate('json', NewUser), async (c) =>
      c.json(await createUser(deps, c.get('principal'), c.req.valid('json')), 201),
    )
    .patch('/users/:id', validate('param', IdParam), validate('json', UserChange), async (c) => {
      const { version, ...change } = c.req.valid('json')
      const user = await updateUser(deps, c.get('principal'), {
        id: c.req.valid('param').id,
        version: expectedVersion(version, c.req.header('if-match')),
        change,
      })
      return c.json(user)
    })
    .delete('/users/:id/sessions', validate('param', IdParam), async (c) => {
      await endUserSessions(deps, c.get('principal'), c.req.valid('param').id)
      return c.body(null, 204)
    })
    .get('/export', async (c) =>
      c.body(await exportEverything(pool), 200, {
        'content-type': 'application/zip',
        'content-disposition': `attachment; filename="guatu-export-${deps.today()}.zip"`,
      }),
    )
    .get('/tokens', async (c) => c.json(await listTokens(pool)))
    .delete('/tokens/:id', validate('param', IdParam), async (c) => {
      await revokeToken(deps, c.get('principal'), c.req.valid('param').id)
      return c.body(null, 204)
    })
    .get('/audit', validate('query', AuditQuery), async (c) =>
      c.json(await auditLog(pool, c.req.valid('query').limit)),
    )
}
