import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type EmbeddedDatabase, startEmbeddedDatabase } from '../../../server/db/embedded'
import { migrate } from '../../../server/db/migrate'
import { createPool, type Pool, withTransaction } from '../../../server/db/pool'
import { toHexEwkb } from '../../../server/domain/import/ewkb'
import { inProcessBus } from '../../../server/events'
import { importParcels } from '../../../server/services/parcels/import-parcels'

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
  it('imports parcels without COPY (INSERT … SELECT of the same COPY text), with checks and history', async () => {
    const square = (lon: number, lat: number, d: number) => ({
      type: 'Polygon' as const,
      coordinates: [
        [
          [lon, lat],
          [lon + d, lat],
          [lon + d, lat + d],
          [lon, lat + d],
          [lon, lat],
        ],
      ],
    })
    const geometries = [
      square(113.4, 22.5, 0.001),
      square(113.401, 22.5, 0.001), // shares an edge with row 0: fine
      square(113.4005, 22.5005, 0.001), // overlaps both
      square(113.41, 22.5, 1e-7), // 1.1 cm × 1.0 cm: a sliver
    ]
    const rows = geometries.map((_, index) => ({ index, code: `EMB-${index}`, name: `地块${index}` }))
    const pieces = [new TextEncoder().encode(geometries.map((g, i) => `${i}\t${toHexEwkb(g)}\n`).join(''))]
    const deps = { pool, events: inProcessBus(), today: () => '2026-06-01' }
    const actor = { username: 'officer', role: 'land_officer' as const }
    const input = {
      rows: rows.map((r) => ({ ...r, land_use: 'M1' as const })),
      pieces,
      rejected: [],
      reason: 'import e.geojson',
    }
    const dry = await importParcels(deps, actor, { ...input, dryRun: true })
    expect(dry.rejected).toEqual([
      {
        index: 3,
        code: 'EMB-3',
        reason:
          'the parcel measures 0.0001 m², less than the minimum parcel area of 1 m² (zone setting min_parcel_area_m2): a sliver',
      },
    ])
    expect(dry.overlaps).toEqual([
      { index: 2, code: 'EMB-2', reason: 'overlaps EMB-0 (row 0), EMB-1 (row 1) of this file' },
    ])
    const { rows: expected } = await pool.query<{ a: number }>(
      `select ST_Area(ST_GeomFromText('POLYGON((113.4 22.5, 113.401 22.5, 113.401 22.501, 113.4 22.501, 113.4 22.5))', 4326)::geography) as a`,
    )
    expect(dry.parcels?.[0]?.area_m2).toBeCloseTo(expected[0]?.a ?? 0, 0)

    const written = await importParcels(deps, actor, {
      ...input,
      rows: input.rows.slice(0, 3),
      dryRun: false,
    })
    expect(written).toMatchObject({ created: 3, updated: 0, rejected: [] })
    const { rows: history } = await pool.query(
      `select p.code, h.action, h.actor, h.reason from parcels p join history h on h.entity_id = p.id and h.entity_type = 'parcel'
       where p.code like 'EMB-%' order by p.code`,
    )
    expect(history).toEqual(
      ['EMB-0', 'EMB-1', 'EMB-2'].map((code) => ({
        code,
        action: 'import',
        actor: 'officer',
        reason: 'import e.geojson',
      })),
    )
  })

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
