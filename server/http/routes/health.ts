import { Hono } from 'hono'
import { findPostgisVersion } from '../../db/health'
import type { AppDeps } from '../../deps'
import { ApiError } from '../../errors'

export function healthRoutes(deps: AppDeps) {
  return new Hono().get('/', async (c) => {
    try {
      const postgis = await findPostgisVersion(deps.pool)
      return c.json({ status: 'ok' as const, database: deps.databaseKind, postgis })
    } catch {
      throw new ApiError(503, 'database_unavailable', 'The database cannot be reached')
    }
  })
}
