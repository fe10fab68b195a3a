import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { MIGRATIONS_DIR } from '../paths'
import type { Pool, PoolClient } from './pool'
import { advisoryLockKey } from './write-locks'

export class PostgisMissingError extends Error {
  constructor() {
    super(
      'PostGIS is not installed on this PostgreSQL server. Install it (Debian/Ubuntu: ' +
        'apt-get install postgresql-<version>-postgis-3), or unset DATABASE_URL to use the embedded database.',
    )
  }
}

/** Fails with a message saying how to install PostGIS when the server cannot provide it. */
export async function assertPostgisAvailable(pool: Pool) {
  const { rows } = await pool.query(
    `select 1 from pg_extension where extname = 'postgis'
     union all select 1 from pg_available_extensions where name = 'postgis'`,
  )
  if (rows.length === 0) throw new PostgisMissingError()
}

// migrate() calls of this process, one after another (see migrate)
let queue: Promise<unknown> = Promise.resolve()

/**
 * Applies the forward-only migrations in data/migrations that this database has not run yet, in order. Several
 * instances may start at once on one database: the first to take the migrations' advisory lock applies them, the
 * others wait for it and then find nothing left to do. Calls within one process also wait for each other: the
 * embedded database serves every connection from one backend session, and a session's advisory lock does not
 * exclude that same session.
 */
export function migrate(pool: Pool, dir = MIGRATIONS_DIR): Promise<string[]> {
  const run = queue.then(() => migrateUnderLock(pool, dir))
  queue = run.catch(() => {})
  return run
}

async function migrateUnderLock(pool: Pool, dir: string): Promise<string[]> {
  await assertPostgisAvailable(pool)
  const client = await pool.connect()
  const key = advisoryLockKey('migrations')
  try {
    await client.query('select pg_advisory_lock($1)', [key])
    try {
      return await applyPending(client, dir)
    } finally {
      await client.query('select pg_advisory_unlock($1)', [key])
    }
  } finally {
    client.release()
  }
}

async function applyPending(client: PoolClient, dir: string): Promise<string[]> {
  await client.query(`create table if not exists schema_migrations (
    name text primary key, applied_at timestamptz not null default now())`)
  const done = new Set(
    (await client.query<{ name: string }>('select name from schema_migrations')).rows.map((r) => r.name),
  )
  const files = readdirSync(dir)
    .filter((f) => /^\d{4}_.+\.sql$/.test(f))
    .sort()
  const applied: string[] = []
  for (const file of files) {
    if (done.has(file)) continue
    const sql = readFileSync(join(dir, file), 'utf8')
    try {
      await client.query('begin')
      await client.query(sql)
      await client.query('insert into schema_migrations (name) values ($1)', [file])
      await client.query('commit')
    } catch (err) {
      await client.query('rollback').catch(() => {})
      throw new Error(`migration ${file} failed: ${err instanceof Error ? err.message : String(err)}`)
    }
    applied.push(file)
  }
  return applied
}
