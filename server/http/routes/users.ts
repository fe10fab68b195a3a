import bcrypt from 'bcryptjs'
import { strToU8, zipSync } from 'fflate'
import { Hono } from 'hono'
import { z } from 'zod'
import {
  findApiTokens,
  findLoginAttempts,
  findUser,
  findUsers,
  insertUser,
  revokeApiToken,
  revokeUserSessions,
  updateUser,
} from '../../db/accounts'
import { dumpSpatialTable, dumpTable, dumpUsers, PLAIN_TABLES, SPATIAL_TABLES } from '../../db/backup'
import { findAdminActions, insertHistory } from '../../db/history'
import { type Queryable, withTransaction } from '../../db/pool'
import type { AppDeps } from '../../deps'
import { rowsToCsv } from '../../domain/export/csv'
import { IdParam } from '../../domain/query'
import { Role } from '../../domain/vocabulary'
import { ApiError } from '../../errors'
import { type AuthEnv, requireRole } from '../middleware/authenticate'
import { validate } from '../validation'

const Password = z.string().min(10, 'a password needs at least 10 characters').max(200)
const NewUser = z
  .object({
    username: z.string().regex(/^[a-z0-9_.-]{2,64}$/, 'lower-case letters, digits, . _ - (2 to 64)'),
    password: Password,
    role: Role,
    display_name: z.string().trim().max(100).nullable().optional(),
  })
  .strict()
const UserChange = z
  .object({
    role: Role.optional(),
    disabled: z.boolean().optional(),
    display_name: z.string().trim().max(100).nullable().optional(),
    password: Password.optional(),
  })
  .strict()
  .refine((v) => Object.keys(v).length > 0, 'send at least one of role, disabled, display_name, password')

/** The account `id`; 404 when there is none. */
async function existingUser(db: Queryable, id: number) {
  const user = await findUser(db, id)
  if (!user) throw new ApiError(404, 'not_found', `No user ${id}`)
  return user
}

/** GET /api/admin/audit: how many of the latest logins and admin actions. */
const AuditQuery = z
  .object({
    limit: z.coerce
      .number()
      .int()
      .min(1)
      .max(500)
      .default(50)
      .describe('the latest this many login attempts and this many admin actions (up to 500)'),
  })
  .strict()

/** Accounts and API tokens: admin only. Passwords are bcrypt hashes; a change of role or password ends sessions. */
export function userRoutes(deps: AppDeps) {
  const { pool } = deps
  return new Hono<AuthEnv>()
    .use(requireRole('admin'))
    .get('/users', async (c) => c.json(await findUsers(pool)))
    .post('/users', validate('json', NewUser), async (c) => {
      const body = c.req.valid('json')
      const actor = c.get('principal').username
      const exists = await pool.query('select 1 from users where username = $1', [body.username])
      if (exists.rows.length > 0) throw new ApiError(409, 'conflict', `User ${body.username} exists`)
      const passwordHash = await bcrypt.hash(body.password, 10)
      const id = await withTransaction(pool, async (db) => {
        const newId = await insertUser(db, { ...body, passwordHash, displayName: body.display_name ?? null })
        await insertHistory(db, {
          entityType: 'user',
          entityId: newId,
          action: 'create',
          actor,
          changes: { username: body.username, role: body.role },
        })
        return newId
      })
      return c.json(await existingUser(pool, id), 201)
    })
    .patch('/users/:id', validate('param', IdParam), validate('json', UserChange), async (c) => {
      const { id } = c.req.valid('param')
      const body = c.req.valid('json')
      const actor = c.get('principal').username
      const passwordHash = body.password ? await bcrypt.hash(body.password, 10) : undefined
      await withTransaction(pool, async (db) => {
        const before = await findUser(db, id)
        if (!before) throw new ApiError(404, 'not_found', `No user ${id}`)
        if (before.username === actor && (body.disabled || (body.role && body.role !== 'admin'))) {
          throw new ApiError(409, 'conflict', 'An admin cannot disable or demote their own account')
        }
        await updateUser(db, id, {
          role: body.role,
          disabled: body.disabled,
          passwordHash,
          ...('display_name' in body ? { displayName: body.display_name ?? null } : {}),
        })
        if (body.role || body.disabled || passwordHash) await revokeUserSessions(db, id)
        await insertHistory(db, {
          entityType: 'user',
          entityId: id,
          action: 'update',
          actor,
          changes: {
            ...(body.role ? { role: { from: before.role, to: body.role } } : {}),
            ...(body.disabled !== undefined
              ? { disabled: { from: before.disabled, to: body.disabled } }
              : {}),
            ...(passwordHash ? { password: 'reset' } : {}),
          },
        })
      })
      return c.json(await existingUser(pool, id))
    })
    .delete('/users/:id/sessions', validate('param', IdParam), async (c) => {
      const { id } = c.req.valid('param')
      if (!(await findUser(pool, id))) throw new ApiError(404, 'not_found', `No user ${id}`)
      await revokeUserSessions(pool, id)
      return c.body(null, 204)
    })
    .get('/export', async (c) => {
      // "export everything": every record as GeoJSON (spatial tables) or JSON, and CSV beside each
      const files: Record<string, Uint8Array> = {}
      for (const table of SPATIAL_TABLES) {
        const rows = await dumpSpatialTable(pool, table)
        const collection = {
          type: 'FeatureCollection',
          features: rows.map((r) => ({
            type: 'Feature',
            id: r.properties.id,
            geometry: r.geometry,
            properties: r.properties,
          })),
        }
        files[`${table}.geojson`] = strToU8(JSON.stringify(collection))
        files[`${table}.csv`] = strToU8(rowsToCsv(rows.map((r) => r.properties)))
      }
      for (const table of PLAIN_TABLES) {
        const rows = await dumpTable(pool, table)
        files[`${table}.json`] = strToU8(JSON.stringify(rows))
        files[`${table}.csv`] = strToU8(rowsToCsv(rows))
      }
      const users = await dumpUsers(pool)
      files['users.json'] = strToU8(JSON.stringify(users))
      const zip = zipSync(files, { level: 6 })
      const stamp = deps.today()
      return c.body(zip, 200, {
        'content-type': 'application/zip',
        'content-disposition': `attachment; filename="guatu-export-${stamp}.zip"`,
      })
    })
    .get('/tokens', async (c) => c.json(await findApiTokens(pool)))
    .delete('/tokens/:id', validate('param', IdParam), async (c) => {
      const { id } = c.req.valid('param')
      const actor = c.get('principal').username
      await withTransaction(pool, async (db) => {
        if (!(await revokeApiToken(db, id))) throw new ApiError(404, 'not_found', `No active token ${id}`)
        await insertHistory(db, {
          entityType: 'token',
          entityId: id,
          action: 'delete',
          actor,
          changes: { revoked: true },
        })
      })
      return c.body(null, 204)
    })
    .get('/audit', validate('query', AuditQuery), async (c) => {
      const { limit } = c.req.valid('query')
      const [logins, actions] = await Promise.all([
        findLoginAttempts(pool, limit),
        findAdminActions(pool, limit),
      ])
      return c.json({ logins, actions })
    })
}
