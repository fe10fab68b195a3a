import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Pool } from './pool'
import { withTransaction } from './pool'

const MIGRATIONS_DIR = fileURLToPath(new URL('../../data/migrations/', import.meta.url))

export class PostgisMissingError extends Error {}

/** Applies the forward-only migrations in data/migrations that this database has not run yet, in order. */
export async function migrate(pool: Pool, dir = MIGRATIONS_DIR): Promise<string[]> {
  await pool.query(`create table if not exists schema_migrations (
    name text primary key, applied_at timestamptz not null default now())`)
  const done = new Set(
    (await pool.query<{ name: string }>('select name from schema_migrations')).rows.map((r) => r.name),
  )
  const files = readdirSync(dir)
    .filter((f) => /^\d{4}_.+\.sql$/.test(f))
    .sort()
  const applied: string[] = []
  for (const file of files) {
    if (done.has(file)) continue
    const sql = readFileSync(join(dir, file), 'utf8')
    try {
      await withTransaction(pool, async (client) => {
        await client.query(sql)
        await client.query('insert into schema_migrations (name) values ($1)', [file])
      })
    } catch (err) {
      if (err instanceof Error && /extension "postgis"|postgis\.control/i.test(err.message)) {
        throw new PostgisMissingError(
          'PostGIS is not installed on this PostgreSQL server. Install it (Debian/Ubuntu: ' +
            'apt-get install postgresql-<version>-postgis-3), or unset DATABASE_URL to use the embedded database.',
        )
      }
      throw new Error(`migration ${file} failed: ${err instanceof Error ? err.message : String(err)}`)
    }
    applied.push(file)
  }
  return applied
}
