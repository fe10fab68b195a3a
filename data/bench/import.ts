// `npm run bench:import [file]`: times POST /api/parcels/import of the French cadastre (4,241 parcels) through the
// app: a dry run, the import that creates them, and a second import that updates them. DATABASE_URL names a real
// PostGIS; without it an embedded PostGIS in GUATU_BENCH_DATA_DIR (default /tmp/guatu-bench-import). It works in a
// schema of its own, dropped at the end, so a real database keeps its data.
import { readFileSync } from 'node:fs'
import { basename, join } from 'node:path'
import { createApp } from '../../server/app'
import { startEmbeddedDatabase } from '../../server/db/embedded'
import { migrate } from '../../server/db/migrate'
import { createPool } from '../../server/db/pool'
import { inProcessBus } from '../../server/events'
import { generateDemoDistrict } from '../demo/generate'
import { DEMO_PASSWORD, loadDemoDistrict } from '../demo/load-district'

const file =
  process.argv[2] ?? join(import.meta.dirname, '../../tests/fixtures/import/cadastre-91216-parcelles.json')
const bytes = readFileSync(file)
const external = process.env.DATABASE_URL
const embedded = external
  ? null
  : await startEmbeddedDatabase(process.env.GUATU_BENCH_DATA_DIR ?? '/tmp/guatu-bench-import', 4)
const url = external ?? embedded?.url ?? ''
const schema = `guatu_bench_import_${process.pid}`

const admin = createPool(url, 1)
await admin.query('create extension if not exists postgis')
await admin.query(`create schema ${schema}`)
const pool = createPool(url, 4)
pool.on('connect', (client) => {
  client.query(`set search_path to ${schema}, public`).catch(() => {})
})

try {
  await migrate(pool)
  await loadDemoDistrict(pool, generateDemoDistrict(), { accounts: true })
  const app = createApp({
    pool,
    databaseKind: external ? 'postgres' : 'embedded',
    today: () => '2026-11-28',
    sessionHours: 1,
    basemapStyleUrl: null,
    events: inProcessBus(),
  })
  const login = await app.request('/api/auth/login', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'officer', password: DEMO_PASSWORD }),
  })
  const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0] ?? ''

  async function time(label: string, fields: Record<string, string>) {
    const form = new FormData()
    form.set('file', new File([bytes], basename(file)))
    form.set('default_land_use', 'R')
    for (const [key, value] of Object.entries(fields)) form.set(key, value)
    const started = performance.now()
    const res = await app.request('/api/parcels/import', { method: 'POST', headers: { cookie }, body: form })
    const ms = performance.now() - started
    const body = (await res.json()) as { created?: number; updated?: number; rejected?: unknown[] }
    console.log(
      `${label.padEnd(10)} ${res.status} created ${body.created ?? '-'} updated ${body.updated ?? '-'} ` +
        `rejected ${body.rejected?.length ?? '-'} in ${(ms / 1000).toFixed(2)} s`,
    )
  }

  console.log(
    `${basename(file)} (${(bytes.length / 1e6).toFixed(1)} MB) on the ${external ? 'PostGIS server' : 'embedded'} database`,
  )
  await time('dry run', { dry_run: 'true' })
  await time('import', {})
  await time('re-import', {})
} finally {
  await pool.end()
  await admin.query(`drop schema if exists ${schema} cascade`)
  await admin.end()
  await embedded?.stop()
}
