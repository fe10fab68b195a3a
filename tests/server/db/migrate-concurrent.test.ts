import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process'
import { readdirSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { afterEach, describe, expect, inject, it } from 'vitest'
import { migrate } from '../../../server/db/migrate'
import { createPool, type Pool } from '../../../server/db/pool'
import { schemaPool } from '../../support/schema-pool'

// Several instances of the app may start at once on one new database (a cluster rolling out, two services started
// together): every one of them must come up, and every migration must run exactly once.

const ROOT = fileURLToPath(new URL('../../../', import.meta.url))
const MIGRATIONS = readdirSync(`${ROOT}data/migrations`)
  .filter((f) => /^\d{4}_.+\.sql$/.test(f))
  .sort()
const url = inject('databaseUrl')
const kind = inject('databaseKind')

let schemas: string[] = []
let pools: Pool[] = []

async function emptySchema(): Promise<string> {
  const schema = `guatu_migrate_${process.pid}_${schemas.length}`
  const admin = createPool(url, 1)
  await admin.query(`drop schema if exists ${schema} cascade`)
  await admin.query(`create schema ${schema}`)
  await admin.end()
  schemas.push(schema)
  return schema
}

function poolIn(schema: string): Pool {
  const pool = schemaPool(url, schema, 2)
  pools.push(pool)
  return pool
}

afterEach(async () => {
  await Promise.all(pools.map((p) => p.end()))
  const admin = createPool(url, 1)
  for (const schema of schemas) await admin.query(`drop schema if exists ${schema} cascade`)
  await admin.end()
  schemas = []
  pools = []
})

/** The schema after both migrations: each migration recorded once, and tables that work (PostGIS included). */
async function expectMigratedOnce(schema: string) {
  const db = poolIn(schema)
  const { rows } = await db.query<{ name: string; n: number }>(
    'select name, count(*)::int as n from schema_migrations group by name order by name',
  )
  expect(rows.map((r) => r.name)).toEqual(MIGRATIONS)
  expect(rows.every((r) => r.n === 1)).toBe(true)
  const parcel = await db.query<{ area_m2: number }>(
    `insert into parcels (code, land_use, geom) values ('T-MIGRATED', 'M1', ST_Multi(ST_GeomFromText(
       'POLYGON((113.40 22.50, 113.401 22.50, 113.401 22.501, 113.40 22.501, 113.40 22.50))', 4326)))
     returning area_m2`,
  )
  // 0.001° × 0.001° at 22.5°N ≈ 111.32 m × 102.85 m on the ellipsoid
  expect(parcel.rows[0]?.area_m2).toBeGreaterThan(11_300)
  expect(parcel.rows[0]?.area_m2).toBeLessThan(11_500)
  const settings = await db.query<{ version: number }>('select version from zone_settings_version')
  expect(settings.rows).toEqual([{ version: 1 }])
}

/** Starts `tests/support/migrate-schema.ts` as its own process; resolves once it is connected and waiting. */
function startInstance(schema: string) {
  const child = spawn(`${ROOT}node_modules/.bin/tsx`, ['tests/support/migrate-schema.ts', url, schema], {
    cwd: ROOT,
  })
  let stdout = ''
  let stderr = ''
  child.stdout.on('data', (chunk) => {
    stdout += chunk
  })
  child.stderr.on('data', (chunk) => {
    stderr += chunk
  })
  const exited = new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) =>
    child.on('close', (code) => resolve({ code, stdout, stderr })),
  )
  const ready = new Promise<ChildProcessWithoutNullStreams>((resolve, reject) => {
    child.stdout.on('data', () => {
      if (stdout.startsWith('ready\n')) resolve(child)
    })
    exited.then((r) => reject(new Error(`instance exited before it was ready: ${r.code} ${r.stderr}`)))
  })
  return { ready, exited }
}

describe('migrate, when two instances start at once on an empty database', () => {
  // The embedded database is one PGlite in one process, serving one backend session: a second process cannot
  // open its data directory, so two instances never start on it, and a session advisory lock taken twice by the
  // one session does not exclude itself. The two-process race is real on PostgreSQL only.
  it.skipIf(kind !== 'postgres')(
    'brings both processes up and applies every migration exactly once',
    async () => {
      const schema = await emptySchema()
      const instances = [startInstance(schema), startInstance(schema)]
      const children = await Promise.all(instances.map((i) => i.ready))
      // both are connected and waiting: start them in the same tick
      for (const child of children) child.stdin.write('go\n')
      const results = await Promise.all(instances.map((i) => i.exited))
      for (const r of results) expect(r, r.stderr).toMatchObject({ code: 0 })
      const applied = results.map((r) => JSON.parse(r.stdout.split('\n')[1] ?? 'null') as string[])
      // the first to take the lock applied everything; the other waited and found nothing left to do
      expect(applied.flat().sort()).toEqual(MIGRATIONS)
      expect(applied.map((a) => a.length).sort((x, y) => x - y)).toEqual([0, MIGRATIONS.length])
      await expectMigratedOnce(schema)
    },
    60_000,
  )

  // In one process the calls queue before the lock: on the embedded database (one session) that queue is what
  // keeps them apart, on PostgreSQL the lock would too.
  it('applies every migration exactly once when two migrate() calls in one process race', async () => {
    const schema = await emptySchema()
    const applied = await Promise.all([migrate(poolIn(schema)), migrate(poolIn(schema))])
    expect(applied.flat().sort()).toEqual(MIGRATIONS)
    expect(applied.map((a) => a.length).sort((x, y) => x - y)).toEqual([0, MIGRATIONS.length])
    await expectMigratedOnce(schema)
  })
})
