import type { DatabaseKind } from './db/connect'
import type { Pool, Queryable } from './db/pool'
import type { ReplicaSet } from './db/replicas'
import type { ChangeEvent, EventBus } from './events'
import type { ImportSettings } from './services/parcels/read-import-file'
import type { ReminderDelivery } from './services/reminders/deliver'

/** What the app needs from outside; tests pass their own (a test database, a fixed today). */
export interface AppDeps {
  pool: Pool
  databaseKind: DatabaseKind
  /** today's date in the zone's time zone (Asia/Shanghai), YYYY-MM-DD */
  today: () => string
  sessionHours: number
  basemapStyleUrl: string | null
  /** a PMTiles file (GUATU_BASEMAP_PMTILES) served at /tiles/basemap.pmtiles, drawn under the parcels */
  basemapPmtiles?: string | null
  /** change events: PostgreSQL NOTIFY across instances, or in process on the embedded database */
  events: EventBus
  /** a request running longer answers 504 request_timeout (default 30 s); not the event stream, imports, exports */
  requestTimeoutMs?: number
  /** aborted when the process is stopping: open event streams end so the server can close */
  stopping?: AbortSignal
  /** upload and archive limits, reading threads; DEFAULT_IMPORT_SETTINGS when omitted */
  imports?: ImportSettings
  /** built web app to serve (dist/web); omitted in API-only tests */
  staticDir?: string
  /** behind a reverse proxy (GUATU_TRUST_PROXY): the caller's address and scheme come from X-Forwarded-For/-Proto */
  trustProxy?: boolean
  /** read replicas (GUATU_READ_DATABASE_URLS): `pool`'s plain reads of lag-tolerant requests are routed to them */
  replicas?: ReplicaSet
  /** delivers the reminders' outboxes (e-mail when GUATU_SMTP_URL is set, department robots) after a write */
  reminders?: ReminderDelivery
  /** told of each write's change events once it has committed: the late items are graded again (gradeAfterWrites) */
  afterWrite?: (events: readonly ChangeEvent[]) => void
}

/** What authentication reads: always the primary (it also records a token's last use). */
export function authDatabase(deps: Pick<AppDeps, 'pool' | 'replicas'>): Queryable {
  return deps.replicas?.primary ?? deps.pool
}
