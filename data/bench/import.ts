// `npm run bench:import [file]`: times POST /api/parcels/import of the French cadastre (4,241 parcels) through the
// app: a dry run, the import that creates them, and a second import that updates them. DATABASE_URL names a real
// PostGIS; without it an embedded PostGIS in GUATU_BENCH_DATA_DIR (default /tmp/guatu-bench-import). It works in a
// schema of its own, dropped at the end, so a real database keeps its data.
import { readFileSync } from 'node:fs'
import { basename, join } from 'node:path'
import { openDemoBench } from './demo-app'

const file =
  process.argv[2] ?? join(import.meta.dirname, '../../tests/fixtures/import/cadastre-91216-parcelles.json')
const bytes = readFileSync(file)
const { pool, app, cookie, close, databaseKind } = await openDemoBench('import', 'officer')

try {
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
    `${basename(file)} (${(bytes.length / 1e6).toFixed(1)} MB) on the ${databaseKind === 'postgres' ? 'PostGIS server' : 'embedded'} database`,
  )
  await time('dry run', { dry_run: 'true' })
  await time('import', {})
  await time('re-import', {})
} finally {
  await close()
}
