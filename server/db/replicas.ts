import { AsyncLocalStorage } from 'node:async_hooks'
import { createPool, isConnectionLost, isPgError, type Pool, type Queryable } from './pool'

/**
 * Reads on streaming replicas (GUATU_READ_DATABASE_URLS). A request that tolerates lag (a GET of the map, lists,
 * dashboard, OGC, exports) runs its plain `pool.query` reads on a replica; transactions (`pool.connect`), every
 * write and every request that is not such a read stay on the primary. Read-your-writes: a write remembers the
 * primary's WAL position after its commit (the browser keeps it in a cookie), and a later read goes to a replica
 * only once that replica has replayed it (`pg_last_wal_replay_lsn()`), else to the primary. A replica that is down,
 * fails a query or is too far behind is skipped. The replica states are probed here every second; nothing of them
 * needs to be shared with another instance.
 */

export interface ReadContext {
  /** this request's plain reads may go to a replica */
  replicaOk: boolean
  /** the WAL position the caller's last write reached (its cookie): a replica must have replayed it */
  minLsn: bigint | null
  /** set by a write in this request: the primary's WAL position after its commit */
  wroteLsn: string | null
  /** which database served the request's reads ('primary' or a replica's name) */
  servedBy: string | null
}

export const readContext = new AsyncLocalStorage<ReadContext>()

export interface ReplicaState {
  name: string
  up: boolean
  /** bytes of WAL the replica has still to replay, against the primary's position at the probe */
  lagBytes: number | null
  /** how long ago the replica replayed its last transaction while it is behind, 0 when caught up */
  replayDelayMs: number | null
  replayLsn: string | null
  error: string | null
  /** reads it served in this process */
  reads: number
}

interface Replica {
  state: ReplicaState
  pool: Pool
  replay: bigint | null
}

/** "16/B374D848" → a comparable number. */
export function parseLsn(lsn: string): bigint | null {
  const match = /^([0-9A-Fa-f]{1,8})\/([0-9A-Fa-f]{1,8})$/.exec(lsn.trim())
  if (!match?.[1] || !match[2]) return null
  return (BigInt(`0x${match[1]}`) << 32n) + BigInt(`0x${match[2]}`)
}

/** A comparable number → "16/B374D848", as PostgreSQL writes it. */
export function formatLsn(lsn: bigint): string {
  return `${(lsn >> 32n).toString(16).toUpperCase()}/${(lsn & 0xffffffffn).toString(16).toUpperCase()}`
}

export interface ReplicaOptions {
  /** a replica further behind than this many bytes of WAL is skipped */
  maxLagBytes: number
  /** a replica whose replay is behind and has not moved for this long is skipped */
  maxDelayMs: number
  probeMs: number
}

export class ReplicaSet {
  private readonly replicas: Replica[]
  private next = 0
  private timer: NodeJS.Timeout | null = null
  primaryReads = 0
  /** the primary's own `query`, whatever the routing: for authentication (it writes) and the probes */
  readonly primary: Queryable

  constructor(
    readonly primaryPool: Pool,
    urls: string[],
    private readonly options: ReplicaOptions,
  ) {
    const query = primaryPool.query.bind(primaryPool) as Pool['query']
    this.primary = { query } as Queryable
    this.replicas = urls.map((url) => ({
      state: {
        name: new URL(url).host,
        up: false,
        lagBytes: null,
        replayDelayMs: null,
        replayLsn: null,
        error: 'not probed yet',
        reads: 0,
      },
      pool: createPool(url, 4),
      replay: null,
    }))
    // the primary's plain reads are routed from now on
    const routed = (...args: unknown[]) => this.route(query, args)
    ;(primaryPool as { query: unknown }).query = routed
  }

  get states(): ReplicaState[] {
    return this.replicas.map((r) => ({ ...r.state }))
  }

  /** Probes every replica now, then every `probeMs`; resolves after the first round. */
  async start(): Promise<void> {
    await this.probe()
    this.timer = setInterval(() => void this.probe(), this.options.probeMs)
    this.timer.unref()
  }

  async close(): Promise<void> {
    if (this.timer) clearInterval(this.timer)
    await Promise.all(this.replicas.map((r) => r.pool.end().catch(() => {})))
  }

  async probe(): Promise<void> {
    let primaryLsn: string | null = null
    try {
      const { rows } = await this.primary.query<{ lsn: string }>('select pg_current_wal_lsn()::text as lsn')
      primaryLsn = rows[0]?.lsn ?? null
    } catch {
      // the primary down: replicas keep their last state; writes fail on their own
    }
    await Promise.all(
      this.replicas.map(async (replica) => {
        const state = replica.state
        try {
          const { rows } = await replica.pool.query<{
            recovering: boolean
            replay: string | null
            lag: number | null
            delay_ms: number | null
          }>(
            `select pg_is_in_recovery() as recovering, pg_last_wal_replay_lsn()::text as replay,
                    case when $1::pg_lsn is null or pg_last_wal_replay_lsn() is null then null
                         else greatest(pg_wal_lsn_diff($1::pg_lsn, pg_last_wal_replay_lsn()), 0)::float8 end as lag,
                    (extract(epoch from now() - pg_last_xact_replay_timestamp()) * 1000)::float8 as delay_ms`,
            [primaryLsn],
          )
          const row = rows[0]
          if (!row?.recovering) throw new Error('not a replica (not in recovery)')
          replica.replay = row.replay ? parseLsn(row.replay) : null
          state.replayLsn = row.replay
          state.lagBytes = row.lag
          state.replayDelayMs = row.lag === 0 ? 0 : row.delay_ms
          const behind =
            (row.lag ?? 0) > this.options.maxLagBytes ||
            ((row.lag ?? 0) > 0 && (row.delay_ms ?? 0) > this.options.maxDelayMs)
          state.up = !behind
          state.error = behind ? 'too far behind' : null
        } catch (err) {
          state.up = false
          state.error = err instanceof Error ? err.message : String(err)
        }
      }),
    )
  }

  /** A replica that is up and has replayed `minLsn`, in turn; null: read from the primary. */
  private pick(minLsn: bigint | null): Replica | null {
    for (let i = 0; i < this.replicas.length; i++) {
      const replica = this.replicas[(this.next + i) % this.replicas.length]
      if (!replica?.state.up) continue
      if (minLsn !== null && (replica.replay === null || replica.replay < minLsn)) continue
      this.next = (this.next + i + 1) % this.replicas.length
      return replica
    }
    return null
  }

  private async route(primaryQuery: Pool['query'], args: unknown[]): Promise<unknown> {
    const context = readContext.getStore()
    const plain =
      typeof args[0] === 'string' || (typeof args[0] === 'object' && !('submit' in (args[0] ?? {})))
    const replica = context?.replicaOk && plain ? this.pick(context.minLsn) : null
    if (replica && context) {
      try {
        const result = await (replica.pool.query as (...a: unknown[]) => Promise<unknown>)(...args)
        replica.state.reads++
        context.servedBy ??= replica.state.name
        return result
      } catch (err) {
        // the replica went away, or cancelled the read for a conflict with recovery: skip it until the next
        // probe and read from the primary; a query that is simply wrong fails the same way there
        if (isConnectionLost(err) || (isPgError(err) && /^(40001|57014|25006)$/.test(err.code))) {
          replica.state.up = false
          replica.state.error = err instanceof Error ? err.message : String(err)
        } else throw err
      }
    }
    if (context) context.servedBy ??= 'primary'
    this.primaryReads++
    return (primaryQuery as (...a: unknown[]) => Promise<unknown>)(...args)
  }
}

/**
 * After a committed write in a request that tracks them (replicas configured): the primary's WAL position, so the
 * caller's next reads wait for a replica that has it.
 */
export async function noteWrite(pool: Queryable): Promise<void> {
  const context = readContext.getStore()
  if (!context) return
  const { rows } = await pool.query<{ lsn: string }>('select pg_current_wal_lsn()::text as lsn')
  context.wroteLsn = rows[0]?.lsn ?? null
}
