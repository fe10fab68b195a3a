import type { Context, MiddlewareHandler } from 'hono'
import { getCookie } from 'hono/cookie'
import { matchedRoutes } from 'hono/route'
import { findSessionPrincipal, findTokenPrincipal, type Principal } from '../../db/accounts'
import type { Queryable } from '../../db/pool'
import { ApiError } from '../../errors'
import { hashSecret } from '../../services/auth/secrets'
import { mayCall } from '../permissions'

export const SESSION_COOKIE = 'guatu_session'

export type AuthEnv = {
  Variables: {
    principal: Principal
  }
}

async function principalOf(c: Context, db: Queryable): Promise<Principal | null> {
  const header = c.req.header('authorization')
  if (header) {
    const match = /^Bearer\s+(\S+)$/i.exec(header)
    if (!match?.[1])
      throw new ApiError(401, 'unauthenticated', 'Authorization header must be "Bearer <token>"')
    return findTokenPrincipal(db, hashSecret(match[1]))
  }
  const cookie = getCookie(c, SESSION_COOKIE)
  return cookie ? findSessionPrincipal(db, hashSecret(cookie)) : null
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS'])

/** Every API route but health and login: a valid session cookie or bearer token, or 401. */
export function authenticate(db: Queryable): MiddlewareHandler<AuthEnv> {
  return async (c, next) => {
    const principal = await principalOf(c, db)
    if (!principal) throw new ApiError(401, 'unauthenticated', 'Log in or send a valid API token')
    if (principal.via === 'session' && !SAFE_METHODS.has(c.req.method) && isCrossOrigin(c)) {
      throw new ApiError(403, 'forbidden', 'Cookie-authenticated writes must come from this site')
    }
    const route = finalRoute(c)
    if (route && !mayCall(route, principal.role)) {
      throw new ApiError(403, 'forbidden', `The ${principal.role} role may not call ${route}`)
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
