import { Hono } from 'hono'
import type { AppDeps } from '../../deps'
import { ApiError } from '../../errors'

export function healthRoutes(deps: AppDeps) {
  return new Hono().get('/', async (c) => {
    try {
      const { rows } = await deps.pool.query<{ postgis: string }>('select postgis_lib_version() as postgis')
      return c.json({
        status: 'ok' as const,
        database: deps.databaseKind,
        postgis: rows[0]?.postgis ?? 'unknown',
      })
    } catch {
      throw new ApiError(503, 'database_unavailable', 'The database cannot be reached')
    }
  })
}
