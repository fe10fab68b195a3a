import { Hono } from 'hono'
import { deleteCookie, getCookie, setCookie } from 'hono/cookie'
import { findUserDepartment } from '../../db/departments'
import type { AppDeps } from '../../deps'
import { Login, NewToken } from '../../domain/accounts'
import { fail } from '../../errors'
import { LOCKOUT_MINUTES, logIn } from '../../services/auth/login'
import { logOut } from '../../services/auth/logout'
import { issueToken } from '../../services/tokens/issue'
import { clientIp, requestIsHttps } from '../client'
import { type AuthEnv, SESSION_COOKIE } from '../middleware/authenticate'
import { validate } from '../validation'

/** /api/auth routes that need a principal; mounted after the authenticate middleware. */
export function accountRoutes(deps: AppDeps) {
  return new Hono<AuthEnv>()
    .get('/me', async (c) => {
      const { username, role, via } = c.get('principal')
      // an API token is no account, so it has no department
      const department = via === 'session' ? await findUserDepartment(deps.pool, username) : null
      return c.json({ username, role, department })
    })
    .post('/tokens', validate('json', NewToken), async (c) =>
      c.json(await issueToken(deps, c.get('principal'), c.req.valid('json')), 201),
    )
}

/** Login and logout: reachable without a session. */
export function authRoutes(deps: AppDeps) {
  return new Hono()
    .post('/login', validate('json', Login), async (c) => {
      const result = await logIn(deps, c.req.valid('json'), clientIp(c, deps.trustProxy ?? false))
      if (!result.ok && result.reason === 'locked') {
        c.header('Retry-After', String(LOCKOUT_MINUTES * 60))
        throw fail(429, 'too_many_attempts', 'auth.too_many_attempts', { minutes: LOCKOUT_MINUTES })
      }
      if (!result.ok) throw fail(401, 'invalid_credentials', 'auth.invalid_credentials')
      setCookie(c, SESSION_COOKIE, result.secret, {
        httpOnly: true,
        sameSite: 'Lax',
        path: '/',
        secure: requestIsHttps(c, deps.trustProxy ?? false),
        maxAge: Math.round(deps.sessionHours * 3600),
      })
      // the same answer as GET /api/auth/me, so the web's session is whole from the login on
      const department = await findUserDepartment(deps.pool, result.username)
      return c.json({ username: result.username, role: result.role, department })
    })
    .post('/logout', async (c) => {
      const secret = getCookie(c, SESSION_COOKIE)
      if (secret) await logOut(deps, secret)
      deleteCookie(c, SESSION_COOKIE, { path: '/' })
      return c.json({ ok: true })
    })
}
