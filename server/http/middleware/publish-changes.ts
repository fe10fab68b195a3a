import type { MiddlewareHandler } from 'hono'
import type { EventBus } from '../../events'
import type { AuthEnv } from './authenticate'

const ACTIONS = { POST: 'create', PUT: 'update', PATCH: 'update', DELETE: 'delete' } as const

/**
 * After every successful write under /api, announces what changed: the resource (first path segment) and
 * the record id when the path has one. Clients refetch what they show of that resource.
 */
export function publishChanges(bus: EventBus): MiddlewareHandler<AuthEnv> {
  return async (c, next) => {
    await next()
    const action = ACTIONS[c.req.method as keyof typeof ACTIONS]
    if (!action || c.res.status >= 300 || c.get('unchanged')) return
    const [resource, id] = c.req.path.replace(/^\/api\//, '').split('/')
    if (!resource || resource === 'auth') return
    await bus
      .publish({
        resource,
        id: id && /^\d+$/.test(id) ? Number(id) : null,
        action: c.req.method === 'POST' && id && /^\d+$/.test(id) ? 'update' : action,
        path: c.req.path,
        by: c.get('principal')?.username ?? 'unknown',
        at: new Date().toISOString(),
      })
      .catch((err) => console.error('could not publish a change event:', err))
  }
}
