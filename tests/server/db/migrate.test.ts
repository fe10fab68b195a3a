import { PGlite } from '@electric-sql/pglite'
import { PGLiteSocketServer } from '@electric-sql/pglite-socket'
import { describe, expect, it } from 'vitest'
import { migrate, PostgisMissingError } from '../../../server/db/migrate'
import { createPool } from '../../../server/db/pool'

describe('migrate', () => {
  it('refuses a database without PostGIS with a message that says how to install it', async () => {
    // a bare PGlite has no PostGIS to offer, like a PostgreSQL server without the package
    const db = await PGlite.create()
    const server = new PGLiteSocketServer({ db, host: '127.0.0.1', port: 0, maxConnections: 1 })
    await server.start()
    const pool = createPool(`postgres://postgres@${server.getServerConn()}/postgres?sslmode=disable`, 1)
    try {
      const failure = migrate(pool)
      await expect(failure).rejects.toBeInstanceOf(PostgisMissingError)
      await expect(failure).rejects.toThrow(/apt-get install postgresql-<version>-postgis-3/)
      const { rows } = await pool.query(
        `select count(*)::int as n from pg_tables where tablename = 'parcels'`,
      )
      expect(rows[0].n).toBe(0)
    } finally {
      await pool.end()
      await server.stop()
      await db.close()
    }
  })
})
