import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type EmbeddedDatabase, startEmbeddedDatabase } from '../../../server/db/embedded'
import { migrate } from '../../../server/db/migrate'
import { createPool, type Pool, withTransaction } from '../../../server/db/pool'

// The embedded database is tested in every run, also when the other tests use a real PostgreSQL server.
let dir = ''
let embedded: EmbeddedDatabase
let pool: Pool

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'guatu-embedded-'))
  embedded = await startEmbeddedDatabase(dir, 4)
  pool = createPool(embedded.url, 4, undefined, { embedded: true })
  await migrate(pool)
})

afterAll(async () => {
  await pool?.end()
  await embedded?.stop()
  rmSync(dir, { recursive: true, force: true })
})

describe('embedded PostGIS over pglite-socket', () => {
  it('applies the migrations and measures areas on the spheroid', async () => {
    const { rows } = await pool.query(`select ST_Area(ST_GeomFromText($1, 4326)::geography) as a`, [
      'POLYGON((113.40 22.50, 113.401 22.50, 113.401 22.501, 113.40 22.501, 113.40 22.50))',
    ])
    expect(rows[0].a).toBeGreaterThan(11_300)
    expect(rows[0].a).toBeLessThan(11_500)
  })

  it('keeps a connection usable after a parameterized statement fails inside a transaction', async () => {
    for (let i = 0; i < 3; i++) {
      await expect(
        withTransaction(pool, async (db) => {
          await db.query(`insert into zone_settings (key, value) values ($1, '1')`, [`k${i}`])
          await db.query(`insert into zone_settings (key, value) values ($1, '2')`, [`k${i}`])
        }),
      ).rejects.toMatchObject({ code: '23505' })
    }
    const { rows } = await pool.query(`select count(*)::int as n from zone_settings where key like 'k%'`)
    expect(rows[0].n).toBe(0)
  })

  it('skips the rest of a failed Parse…Sync sequence instead of running it', async () => {
    await expect(pool.query('select $1::int as broken syntax here', [1])).rejects.toMatchObject({
      code: '42601',
    })
    const { rows } = await pool.query('select $1::int as n', [7])
    expect(rows[0].n).toBe(7)
  })

  it('answers concurrent parameterized queries on several connections each with its own values', async () => {
    const results = await Promise.all(
      Array.from({ length: 60 }, (_, i) =>
        pool.query<{ n: number; s: string }>('select $1::int as n, $2::text as s', [i, `v${i}`]),
      ),
    )
    results.forEach((r, i) => {
      expect(r.rows[0]).toEqual({ n: i, s: `v${i}` })
    })
  })
})
