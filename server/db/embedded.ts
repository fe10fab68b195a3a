import { mkdirSync } from 'node:fs'
import { resolve } from 'node:path'
import { PGlite } from '@electric-sql/pglite'
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm'
import { postgis } from '@electric-sql/pglite-postgis'
import { PGLiteSocketServer } from '@electric-sql/pglite-socket'
import { keepExtendedProtocol } from './embedded-protocol'

export interface EmbeddedDatabase {
  /** a postgres:// URL that `pg` connects to (no SSL: loopback only) */
  url: string
  stop(): Promise<void>
}

/**
 * Starts PGlite with PostGIS, kept on disk in `dataDir`, and serves it over the PostgreSQL wire protocol
 * on a free loopback port, so the app reaches it through the same `pg` pool as a real server.
 * The first start unpacks PostGIS (~15 s); later starts take a few seconds.
 */
export async function startEmbeddedDatabase(
  dataDir: string,
  maxConnections: number,
): Promise<EmbeddedDatabase> {
  const dir = resolve(dataDir)
  mkdirSync(dir, { recursive: true })
  const db = await PGlite.create({ dataDir: dir, extensions: { postgis, pg_trgm } })
  const server = new PGLiteSocketServer({
    db: keepExtendedProtocol(db),
    host: '127.0.0.1',
    port: 0,
    maxConnections,
  })
  await server.start()
  return {
    url: `postgres://postgres@${server.getServerConn()}/postgres?sslmode=disable`,
    async stop() {
      await server.stop()
      await db.close()
    },
  }
}
