import type { MiddlewareHandler } from 'hono'
import { getCookie, setCookie } from 'hono/cookie'
import { parseLsn, type ReadContext, readContext } from '../../db/replicas'

/** The WAL position of the caller's last write (README "Deploying": read replicas). */
export const WRITE_LSN_COOKIE = 'guatu_lsn'

// reads of the map, lists, dashboard, OGC and exports; not the session's own routes, the event stream or health
const LAG_TOLERANT = /^\/(api|tiles|ogc)(\/|$)/
const PRIMARY_ONLY = /^\/api\/(auth|events|health)(\/|$)/

/**
 * With read replicas: each request gets a read context. A GET or HEAD that tolerates lag may read from a replica
 * that has replayed the caller's last write (its cookie); a write sets that cookie to the primary's position after
 * its commit. The answer says which database served its reads (`X-Guatu-Read`).
 */
export function readRouting(): MiddlewareHandler {
  return async (c, next) => {
    const method = c.req.method
    const context: ReadContext = {
      replicaOk:
        (method === 'GET' || method === 'HEAD') &&
        LAG_TOLERANT.test(c.req.path) &&
        !PRIMARY_ONLY.test(c.req.path),
      minLsn: parseLsn(getCookie(c, WRITE_LSN_COOKIE) ?? ''),
      wroteLsn: null,
      servedBy: null,
    }
    await readContext.run(context, () => next())
    if (context.wroteLsn) {
      setCookie(c, WRITE_LSN_COOKIE, context.wroteLsn, {
        httpOnly: true,
        sameSite: 'Lax',
        path: '/',
        maxAge: 600,
      })
    }
    if (context.servedBy) c.header('X-Guatu-Read', context.servedBy)
  }
}
