import type { Env } from '../env'
import { startEmbeddedDatabase } from './embedded'
import { createPool, type Pool } from './pool'

export type DatabaseKind = 'embedded' | 'postgres'

export interface Database {
  pool: Pool
  kind: DatabaseKind
  close(): Promise<void>
}

/** DATABASE_URL names a real PostgreSQL/PostGIS server; without it, an embedded PostGIS in GUATU_DATA_DIR. */
export async function openDatabase(env: Pick<Env, 'DATABASE_URL' | 'GUATU_DATA_DIR' | 'GUATU_POOL_SIZE'>) {
  if (env.DATABASE_URL) {
    const pool = createPool(env.DATABASE_URL, env.GUATU_POOL_SIZE)
    return { pool, kind: 'postgres', close: () => pool.end() } satisfies Database
  }
  // the socket server multiplexes one PGlite session; one connection per pool client
  const embedded = await startEmbeddedDatabase(env.GUATU_DATA_DIR, env.GUATU_POOL_SIZE)
  const pool = createPool(embedded.url, env.GUATU_POOL_SIZE, undefined, { embedded: true })
  return {
    pool,
    kind: 'embedded',
    async close() {
      await pool.end()
      await embedded.stop()
    },
  } satisfies Database
}
