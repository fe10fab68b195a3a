import pg from 'pg'

// The only importer of 'pg'. Dates stay 'YYYY-MM-DD' strings (zone dates, not instants) and
// bigint ids and sums come back as numbers: they stay far below 2^53 here.
pg.types.setTypeParser(pg.types.builtins.DATE, (v) => v)
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => Number(v))
pg.types.setTypeParser(pg.types.builtins.NUMERIC, (v) => Number(v))

export type Pool = pg.Pool
export type PoolClient = pg.PoolClient
/** A pool or a client inside a transaction: every query function takes one. */
export type Queryable = Pick<pg.Pool, 'query'> | pg.PoolClient

export function createPool(
  connectionString: string,
  max: number,
  /** runs on each new connection before the pool hands it out (e.g. to set the search_path) */
  onConnect?: (client: pg.ClientBase) => Promise<void>,
  /** the embedded database takes no startup options (and has no JIT to turn off) */
  { embedded = false }: { embedded?: boolean } = {},
): pg.Pool {
  // a runaway query is cancelled by the server rather than holding a connection (and, embedded, the database)
  const pool = new pg.Pool({
    connectionString,
    max,
    connectionTimeoutMillis: 10_000,
    statement_timeout: 30_000,
    // set on every connection at start-up (no extra round trip), for requests that each want a few ms of one
    // core: JIT off — on a city of 1M parcels the planner's estimates cross jit_above_cost for the dashboard,
    // available_by and readiness queries, and compiling them took 50–250 ms each, more than the queries; and no
    // parallel workers — on 2 cores a worker competes with the other requests, and waiting for one to start took
    // the 1,000-parcel list from 49 to 299 ms under load (issue 12 benchmark)
    options: embedded ? undefined : '-c jit=off -c max_parallel_workers_per_gather=0',
    onConnect,
  })
  // an idle client that loses its server must not crash the process; the next query reconnects
  pool.on('error', (err) => console.error('database connection error:', err.message))
  return pool
}

/**
 * Runs `work` in one transaction on one client. Inside, use only that client: the embedded database
 * serves one backend session, and a query on another pool client would wait for this transaction.
 */
export async function withTransaction<T>(
  pool: pg.Pool,
  work: (client: pg.PoolClient) => Promise<T>,
): Promise<T> {
  const client = await pool.connect()
  try {
    await client.query('begin')
    const result = await work(client)
    await client.query('commit')
    return result
  } catch (err) {
    await client.query('rollback').catch(() => {})
    throw err
  } finally {
    client.release()
  }
}

export function isPgError(
  err: unknown,
): err is Error & { code: string; constraint?: string; detail?: string } {
  return err instanceof Error && typeof (err as { code?: unknown }).code === 'string'
}

// node-postgres reports a lost connection as a plain Error (no SQLSTATE), a socket error code, or a SQLSTATE
// of class 08 (connection exception) / 57P01-57P03 (the server shutting down or starting)
const CONNECTION_LOST_MESSAGES = [
  'Connection terminated',
  'is not queryable',
  'timeout exceeded when trying to connect',
  // the process is stopping and has closed its pool
  'Cannot use a pool after calling end on the pool',
]
const SOCKET_ERROR_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
])

/** True when `err` says the database could not be reached or the connection broke, not that a query failed. */
export function isConnectionLost(err: unknown): boolean {
  if (!(err instanceof Error)) return false
  const code = (err as { code?: unknown }).code
  if (typeof code === 'string') {
    return SOCKET_ERROR_CODES.has(code) || code.startsWith('08') || /^57P0[123]$/.test(code)
  }
  if (err instanceof AggregateError && err.errors.some(isConnectionLost)) return true
  return CONNECTION_LOST_MESSAGES.some((m) => err.message.includes(m)) || isConnectionLost(err.cause)
}

/** A single connection outside the pool, for LISTEN. */
export function createClient(connectionString: string): pg.Client {
  return new pg.Client({ connectionString })
}
