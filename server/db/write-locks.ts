import type { Queryable } from './pool'

/** Tables whose rows services lock before changing them. */
export type LockTable =
  | 'parcels'
  | 'projects'
  | 'blockers'
  | 'infrastructure'
  | 'users'
  | 'api_tokens'
  | 'orders'
  | 'departments'

const LOCKABLE: ReadonlySet<LockTable> = new Set([
  'parcels',
  'projects',
  'blockers',
  'infrastructure',
  'users',
  'api_tokens',
  'orders',
  'departments',
])

/**
 * Locks the rows `ids` of `table` for update in ascending id order (whatever order the request listed them in),
 * so two transactions over the same rows wait for each other instead of deadlocking. Returns the ids found.
 */
export async function lockRows(
  db: Queryable,
  table: LockTable,
  ids: readonly number[],
): Promise<Set<number>> {
  if (!LOCKABLE.has(table)) throw new Error(`not a lockable table: ${table}`)
  if (ids.length === 0) return new Set()
  const { rows } = await db.query<{ id: number }>(
    `select id from ${table} where id = any($1::bigint[]) order by id for update`,
    [[...new Set(ids)].sort((a, b) => a - b)],
  )
  return new Set(rows.map((r) => r.id))
}

// transaction-scoped advisory locks: one fixed key per topic (any bigint; these spell "guatu" and a number)
const ADVISORY_KEYS = {
  'parcel-geometry': 0x6775617475_01,
  'reservation-expiry': 0x6775617475_02,
  migrations: 0x6775617475_03,
  reforecast: 0x6775617475_04,
  escalation: 0x6775617475_10,
  digest: 0x6775617475_11,
} as const

export type AdvisoryTopic = keyof typeof ADVISORY_KEYS

export function advisoryLockKey(topic: AdvisoryTopic): number {
  return ADVISORY_KEYS[topic]
}

/**
 * Takes the topic's transaction-scoped advisory lock when no other transaction holds it, without waiting: false
 * when another holds it (a scheduled job another instance is running already).
 */
export async function tryLockTopic(db: Queryable, topic: AdvisoryTopic): Promise<boolean> {
  const { rows } = await db.query<{ locked: boolean }>('select pg_try_advisory_xact_lock($1) as locked', [
    advisoryLockKey(topic),
  ])
  return rows[0]?.locked === true
}

/** Takes the topic's transaction-scoped advisory lock, waiting for a transaction that holds it to end. */
export async function lockTopic(db: Queryable, topic: AdvisoryTopic): Promise<void> {
  await db.query('select pg_advisory_xact_lock($1)', [advisoryLockKey(topic)])
}
