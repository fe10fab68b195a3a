import type { Queryable } from '../../db/pool'
import { parseLsn, readContext } from '../../db/replicas'
import type { DashboardQuery } from '../../domain/dashboard'
import type { Role } from '../../domain/vocabulary'
import type { EventBus } from '../../events'
import { type Dashboard, readDashboard } from './read-dashboard'

export interface DashboardCacheOptions {
  /** answers kept at most (some 30 KB each on the demo district); the oldest goes first */
  maxEntries?: number
  /**
   * The longest an answer is kept, in ms, whatever the events say: the bound on a change that announces no event
   * (the day's re-forecast writes no change event; a listening connection that dropped misses some)
   */
  maxAgeMs?: number
}

/**
 * The dashboard's answers kept in this instance's memory — a cache, not state: any instance computes any answer,
 * and one that starts empty is only slower. An answer is kept per access scope (the caller's role), period, sector
 * and zone day (today in Asia/Shanghai), and only until the next change event, from any instance (PostgreSQL
 * NOTIFY): every event drops them all, so the next read after a change computes afresh. Read-your-writes: an
 * answer is read where the newest data version heard of is (a replica that has replayed it, else the primary),
 * and a caller whose own write this instance has not heard of yet (their `guatu_lsn` is past every event heard)
 * gets an answer read for them alone, past their write. Concurrent requests for one answer share one computation.
 */
export function createDashboardService(
  deps: { pool: Queryable; events: EventBus; today: () => string },
  options: DashboardCacheOptions = {},
) {
  const maxEntries = options.maxEntries ?? 256
  const maxAgeMs = options.maxAgeMs ?? 60_000
  const kept = new Map<string, { at: number; answer: Promise<Dashboard> }>()
  // the newest data version heard of: the primary's WAL position after the last change (null: none heard yet, or
  // the in-process bus of the embedded database, whose versions are counters)
  let heardLsn: bigint | null = null

  deps.events.subscribe((event) => {
    // a computation under way is not kept: it may have read from before the change
    kept.clear()
    const lsn = event.version ? parseLsn(event.version) : null
    if (lsn !== null && (heardLsn === null || lsn > heardLsn)) heardLsn = lsn
  })

  /** Reads on a database that has replayed `minLsn` as well as the caller's own write. */
  async function readingAtLeast<T>(minLsn: bigint | null, read: () => Promise<T>): Promise<T> {
    const context = readContext.getStore()
    if (!context || minLsn === null || (context.minLsn !== null && context.minLsn >= minLsn)) return read()
    const floor = { ...context, minLsn }
    try {
      return await readContext.run(floor, read)
    } finally {
      // the answer says which database served it (X-Guatu-Read)
      context.servedBy ??= floor.servedBy
    }
  }

  /** The dashboard for `role` (the caller's access scope) on today's zone date. */
  function dashboard(role: Role, query: DashboardQuery): Promise<Dashboard> {
    const today = deps.today()
    const mine = readContext.getStore()?.minLsn ?? null
    // the caller's own write, whose event has not reached this instance yet: read for them alone
    if (mine !== null && (heardLsn === null || mine > heardLsn)) return readDashboard(deps, query, today)
    const key = JSON.stringify([role, today, query.from, query.to, query.sector ?? null])
    const hit = kept.get(key)
    if (hit && performance.now() - hit.at < maxAgeMs) return hit.answer
    const answer = readingAtLeast(heardLsn, () => readDashboard(deps, query, today))
    kept.delete(key)
    if (kept.size >= maxEntries) {
      const oldest = kept.keys().next().value
      if (oldest !== undefined) kept.delete(oldest)
    }
    kept.set(key, { at: performance.now(), answer })
    // a failed read is not kept: the next request tries again
    answer.catch(() => {
      if (kept.get(key)?.answer === answer) kept.delete(key)
    })
    return answer
  }

  return { dashboard }
}
