import { randomBytes } from 'node:crypto'
import { getConnInfo } from '@hono/node-server/conninfo'
import bcrypt from 'bcryptjs'
import { Hono } from 'hono'
import { deleteCookie, getCookie, setCookie } from 'hono/cookie'
import { z } from 'zod'
import {
  countRecentFailures,
  findUserForLogin,
  insertApiToken,
  insertSession,
  recordLoginAttempt,
  revokeSession,
} from '../../db/accounts'
import { insertHistory } from '../../db/history'
import { withTransaction } from '../../db/pool'
import type { AppDeps } from '../../deps'
import { Role } from '../../domain/vocabulary'
import { ApiError } from '../../errors'
import { type AuthEnv, hashSecret, requireRole, SESSION_COOKIE } from '../middleware/authenticate'
import { validate } from '../validation'

const Login = z.object({ username: z.string().min(1).max(64), password: z.string().min(1).max(200) }).strict()
const NewToken = z.object({ name: z.string().trim().min(1).max(200), role: Role }).strict()

/** After this many failed logins in LOCKOUT_MINUTES, a username is locked until the window passes. */
export const MAX_FAILED_LOGINS = 5
export const LOCKOUT_MINUTES = 15

function clientIp(c: Parameters<typeof getConnInfo>[0]): string | null {
  try {
    return getConnInfo(c).remote.address ?? null
  } catch {
    // app.request() in tests has no socket
    return null
  }
}

// compared against when the user does not exist, so both failures take the same time
const DUMMY_HASH = bcrypt.hashSync('not-a-password', 10)

/** /api/auth routes that need a principal; mounted after the authenticate middleware. */
export function accountRoutes(deps: AppDeps) {
  return new Hono<AuthEnv>()
    .get('/me', (c) => {
      const { username, role } = c.get('principal')
      return c.json({ username, role })
    })
    .post('/tokens', requireRole('admin'), validate('json', NewToken), async (c) => {
      const { name, role } = c.req.valid('json')
      const token = `gt_${randomBytes(32).toString('base64url')}`
      const actor = c.get('principal').username
      const id = await withTransaction(deps.pool, async (db) => {
        const tokenId = await insertApiToken(db, {
          name,
          role,
          tokenHash: hashSecret(token),
          createdBy: actor,
        })
        // the audit log keeps who issued which token for which role, never the secret
        await insertHistory(db, {
          entityType: 'token',
          entityId: tokenId,
          action: 'create',
          actor,
          changes: { name, role },
        })
        return tokenId
      })
      return c.json({ id, name, role, token }, 201)
    })
}

/** Login and logout: reachable without a session. */
export function authRoutes(deps: AppDeps) {
  return new Hono()
    .post('/login', validate('json', Login), async (c) => {
      const { username, password } = c.req.valid('json')
      const ip = clientIp(c)
      if ((await countRecentFailures(deps.pool, username, LOCKOUT_MINUTES)) >= MAX_FAILED_LOGINS) {
        await recordLoginAttempt(deps.pool, username, ip, false)
        c.header('Retry-After', String(LOCKOUT_MINUTES * 60))
        throw new ApiError(
          429,
          'too_many_attempts',
          `Too many failed logins; try again in ${LOCKOUT_MINUTES} minutes`,
        )
      }
      const user = await findUserForLogin(deps.pool, username)
      const ok = await bcrypt.compare(password, user?.passwordHash ?? DUMMY_HASH)
      if (!user || !ok || user.disabled) {
        await recordLoginAttempt(deps.pool, username, ip, false)
        throw new ApiError(401, 'invalid_credentials', 'Wrong username or password')
      }
      await recordLoginAttempt(deps.pool, username, ip, true)
      const secret = randomBytes(32).toString('base64url')
      await insertSession(deps.pool, hashSecret(secret), user.id, deps.sessionHours)
      setCookie(c, SESSION_COOKIE, secret, {
        httpOnly: true,
        sameSite: 'Lax',
        path: '/',
        secure: new URL(c.req.url).protocol === 'https:',
        maxAge: Math.round(deps.sessionHours * 3600),
      })
      return c.json({ username: user.username, role: user.role })
    })
    .post('/logout', async (c) => {
      const secret = getCookie(c, SESSION_COOKIE)
      if (secret) await revokeSession(deps.pool, hashSecret(secret))
      deleteCookie(c, SESSION_COOKIE, { path: '/' })
      return c.json({ ok: true })
    })
}
