import { Hono } from 'hono'
import { findPostgisVersion } from '../../db/health'
import type { AppDeps } from '../../deps'
import { fail } from '../../errors'

export function healthRoutes(deps: AppDeps) {
  return new Hono().get('/', async (c) => {
    try {
      const postgis = await findPostgisVersion(deps.pool)
      const replicas = deps.replicas
      if (!replicas) return c.json({ status: 'ok' as const, database: deps.databaseKind, postgis })
      // with read replicas: each database, whether it serves reads, how far behind it is and the reads it served
      return c.json({
        status: 'ok' as const,
        database: deps.databaseKind,
        postgis,
        databases: [
          { role: 'primary' as const, up: true, reads: replicas.primaryReads },
          ...replicas.states.map((s) => ({
            role: 'replica' as const,
            name: s.name,
            up: s.up,
            lag_bytes: s.lagBytes,
            replay_delay_ms: s.replayDelayMs,
            replay_lsn: s.replayLsn,
            error: s.error,
            reads: s.reads,
          })),
        ],
      })
    } catch {
      throw fail(503, 'database_unavailable', 'request.database_unavailable')
    }
  })
}
