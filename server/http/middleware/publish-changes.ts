import type { MiddlewareHandler } from 'hono'
import type { ChangeEvent, EventBus } from '../../events'
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
    const [first, id, sub] = c.req.path.replace(/^\/api\//, '').split('/')
    const resource = first === 'admin' ? (id === 'tokens' || sub === 'tokens' ? 'tokens' : 'users') : first
    if (!resource || !['parcels', 'projects', 'infrastructure', 'zone', 'users', 'tokens'].includes(resource))
      return
    await bus
      .publish({
        resource: resource as ChangeEvent['resource'],
        ids: id && /^\d+$/.test(id) ? [Number(id)] : [],
        bbox: null,
        action: c.req.method === 'POST' && id && /^\d+$/.test(id) ? 'update' : action,
        by: c.get('principal')?.username ?? 'unknown',
        at: new Date().toISOString(),
      })
      .catch((err) => console.error('could not publish a change event:', err))
  }
}
