import type { Context, MiddlewareHandler } from 'hono'
import { getCookie } from 'hono/cookie'
import { matchedRoutes } from 'hono/route'
import { findSessionPrincipal, findTokenPrincipal, type Principal } from '../../db/accounts'
import type { Queryable } from '../../db/pool'
import { label } from '../../domain/messages'
import { fail } from '../../errors'
import { hashSecret } from '../../services/auth/secrets'
import { mayCall, PERMISSIONS } from '../permissions'

export const SESSION_COOKIE = 'guatu_session'

export type AuthEnv = {
  Variables: {
    principal: Principal
  }
}

/**
 * The API token of an Authorization header: `Bearer <token>`, or HTTP Basic with the token as the password (any
 * user name), which is how GIS clients such as QGIS 3.22 send credentials to a web service.
 */
function tokenOf(header: string): string {
  const bearer = /^Bearer\s+(\S+)$/i.exec(header)
  if (bearer?.[1]) return bearer[1]
  const basic = /^Basic\s+([A-Za-z0-9+/=]+)$/i.exec(header)
  const decoded = basic?.[1] ? Buffer.from(basic[1], 'base64').toString('utf8') : ''
  const password = decoded.slice(decoded.indexOf(':') + 1)
  if (decoded.includes(':') && password) return password
  throw fail(401, 'unauthenticated', 'auth.header_invalid')
}

async function principalOf(c: Context, db: Queryable): Promise<Principal | null> {
  const header = c.req.header('authorization')
  if (header) return findTokenPrincipal(db, hashSecret(tokenOf(header)))
  const cookie = getCookie(c, SESSION_COOKIE)
  return cookie ? findSessionPrincipal(db, hashSecret(cookie)) : null
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS'])

/**
 * Every API route but health and login: a valid session cookie or API token, or 401. A path no rule of the
 * permission table covers is no route of the API: 404 `not_found` to anyone, logged in or not.
 */
export function authenticate(db: Queryable): MiddlewareHandler<AuthEnv> {
  return async (c, next) => {
    const route = finalRoute(c)
    if (!route || !(route in PERMISSIONS)) {
      throw fail(404, 'not_found', 'request.no_route', { method: c.req.method, path: c.req.path })
    }
    const principal = await principalOf(c, db)
    if (!principal) throw fail(401, 'unauthenticated', 'auth.login_required')
    if (principal.via === 'session' && !SAFE_METHODS.has(c.req.method) && isCrossOrigin(c)) {
      throw fail(403, 'forbidden', 'auth.cross_origin')
    }
    if (!mayCall(route, principal.role)) {
      throw fail(403, 'forbidden', 'auth.role_forbidden', { role: label('role', principal.role), route })
    }
    c.set('principal', principal)
    await next()
  }
}

/**
 * "METHOD /path/:param" of the handler that will answer, or null when none matches (a 404): the first matched
 * route that is not middleware, since it answers before later ones (such as the web app's fallback) run.
 */
function finalRoute(c: Context): string | null {
  const handler = matchedRoutes(c).find((r) => r.method !== 'ALL')
  return handler ? `${handler.method} ${handler.path}` : null
}

// a browser always sends Origin on cross-origin writes; Sec-Fetch-Site covers browsers that omit it
function isCrossOrigin(c: Context): boolean {
  const origin = c.req.header('origin')
  if (origin) return origin !== new URL(c.req.url).origin && new URL(origin).host !== c.req.header('host')
  const site = c.req.header('sec-fetch-site')
  return site === 'cross-site'
}
