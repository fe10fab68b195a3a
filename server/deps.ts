import type { DatabaseKind } from './db/connect'
import type { Pool } from './db/pool'

/** What the app needs from outside; tests pass their own (a test database, a fixed today). */
export interface AppDeps {
  pool: Pool
  databaseKind: DatabaseKind
  /** today's date in the zone's time zone (Asia/Shanghai), YYYY-MM-DD */
  today: () => string
  sessionHours: number
  basemapStyleUrl: string | null
  /** built web app to serve (dist/web); omitted in API-only tests */
  staticDir?: string
}
