import { setTimeout as sleep } from 'node:timers/promises'
import { type EntityType, type HistoryAction, insertHistoryRows } from '../db/history'
import { isPgError, type Pool, type PoolClient, withTransaction } from '../db/pool'
import { noteWrite } from '../db/replicas'
import { advisoryLockKey, type LockTable, lockRows } from '../db/write-locks'
import type { Role } from '../domain/vocabulary'
import { fail, versionConflict } from '../errors'
import type { Bbox, ChangeEvent, ChangeResource, EventBus } from '../events'

/** Who writes: the logged-in user or API token, or `system` for scheduled jobs. */
export interface Actor {
  username: string
  role: Role | 'system'
}

export const SYSTEM: Actor = { username: 'system', role: 'system' }

/** What every service needs from the app: the database, the event bus and the zone's today. */
export interface ServiceDeps {
  pool: Pool
  events: EventBus
  /** today's date in the zone's time zone (Asia/Shanghai), YYYY-MM-DD */
  today: () => string
  /** told of each write's change events once it has committed (the late items graded again: gradeAfterWrites) */
  afterWrite?: (events: readonly ChangeEvent[]) => void
}

/** One recorded change: its history row(s) and the change event every open map receives after commit. */
export interface Change {
  resource: ChangeResource
  action: ChangeEvent['action']
  /** the records of `resource` that changed */
  ids: number[]
  /** where on the map (WGS84), when the change has a place: maps refetch only what they show */
  bbox?: Bbox | null
  history: {
    entityType: EntityType
    entityId: number
    action: HistoryAction
    changes: Record<string, unknown>
    reason?: string | null
  }[]
}

/** A write in progress: its one client, its actor and today's date, and the one way to record a change. */
export interface Tx {
  readonly db: PoolClient
  readonly actor: Actor
  readonly today: string
  /**
   * Locks rows of `table` by id, always in ascending id order, so two writes over the same records queue
   * instead of deadlocking; returns the ids that exist.
   */
  lock(table: LockTable, ids: readonly number[]): Promise<Set<number>>
  /** Serialises writes that must see each other's results first, e.g. every write of parcel geometry. */
  lockTopic(topic: 'parcel-geometry' | 'reservation-expiry'): Promise<void>
  /** Records a change: its history rows now, in this transaction; its event after commit. */
  record(change: Change): Promise<void>
}

/** Deadlock (40P01) and serialization failure (40001) are retried this many times in all. */
const ATTEMPTS = 4

function isRetryable(err: unknown): boolean {
  return isPgError(err) && (err.code === '40P01' || err.code === '40001')
}

/**
 * Runs one write as one transaction. The work locks what it changes (`tx.lock`, in id order), checks versions,
 * writes, and records each change through `tx.record`, which writes the history row in the same transaction
 * and publishes the change event only once the transaction has committed. A deadlock or serialization failure
 * is retried with the whole work; when it keeps failing the caller gets 409 `write_conflict`, never a 500.
 */
export async function runWrite<T>(deps: ServiceDeps, actor: Actor, work: (tx: Tx) => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    const events: ChangeEvent[] = []
    try {
      const today = deps.today()
      const result = await withTransaction(deps.pool, (db) => {
        const tx: Tx = {
          db,
          actor,
          today,
          lock: (table, ids) => lockRows(db, table, ids),
          lockTopic: async (topic) => {
            await db.query('select pg_advisory_xact_lock($1)', [advisoryLockKey(topic)])
          },
          async record(change) {
            await insertHistoryRows(db, actor.username, change.history)
            events.push({
              resource: change.resource,
              action: change.action,
              ids: change.ids,
              bbox: change.bbox ?? null,
              by: actor.username,
              at: new Date().toISOString(),
            })
          },
        }
        return work(tx)
      })
      // with read replicas, the caller's next reads wait for a replica that has this write
      await noteWrite(deps.pool)
      for (const event of events) {
        await deps.events
          .publish(event)
          .catch((err) => console.error('could not publish a change event:', err))
      }
      if (events.length > 0) deps.afterWrite?.(events)
      return result
    } catch (err) {
      if (!isRetryable(err)) throw err
      if (attempt >= ATTEMPTS) {
        throw fail(409, 'write_conflict', 'request.write_conflict')
      }
      // back off a little, with jitter, so the writes that collided do not collide again
      await sleep(10 * attempt + Math.random() * 20)
    }
  }
}

/**
 * The version check of every write to an existing record: `sent` must equal `current.version`, or 409
 * `version_conflict` with the current record in the details.
 */
export function assertVersion<R extends { version: number }>(
  current: R,
  sent: number,
  shown: unknown = current,
) {
  if (current.version !== sent) throw versionConflict(shown, sent)
}
