// `npm run bench:import [file …]`: times POST /api/parcels/import through the app — a dry run, the import that
// creates the parcels, and a second import that updates them — and `ogr2ogr -f PostgreSQL` on the same file into
// the same database (a new table, then `-overwrite` for the second run), and prints the ratios. Without files: the
// French cadastre (4,241 parcels) and a generated cadastre of GUATU_BENCH_PARCELS (default 50,176) parcels.
// DATABASE_URL names a real PostGIS; without it an embedded PostGIS in GUATU_BENCH_DATA_DIR (default
// /tmp/guatu-bench-import), where ogr2ogr is skipped. It works in a schema of its own, dropped at the end.
import { execFileSync } from 'node:child_process'
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { basename, join } from 'node:path'
import { upsertSetting } from '../../server/db/zone'
import { openDemoBench } from './demo-app'

/**
 * A cadastre of about `count` parcels in WGS84 as GeoJSON: a square lattice of ~25 m × 40 m lots west of Paris
 * (far from the demo district), each with 10–14 positions like the Etalab parcels (jittered corners shared by the
 * neighbours, points along the edges), so nothing overlaps.
 */
export function generateCadastre(count: number): string {
  const side = Math.ceil(Math.sqrt(count))
  const dLon = 0.00034 // ~25 m at 48.8°N
  const dLat = 0.00036 // ~40 m
  const lon0 = 1.9
  const lat0 = 48.6
  // a deterministic jitter per lattice node, shared by the four lots around it
  const jitter = (i: number, j: number, k: number) => {
    const s = Math.sin(i * 12.9898 + j * 78.233 + k * 37.719) * 43758.5453
    return (s - Math.floor(s) - 0.5) * 0.2
  }
  const node = (i: number, j: number) => [
    +(lon0 + (i + jitter(i, j, 1)) * dLon).toFixed(7),
    +(lat0 + (j + jitter(i, j, 2)) * dLat).toFixed(7),
  ]
  const edge = (a: number[], b: number[], n: number) =>
    Array.from({ length: n }, (_, s) => [
      +((a[0] ?? 0) + (((b[0] ?? 0) - (a[0] ?? 0)) * (s + 1)) / (n + 1)).toFixed(7),
      +((a[1] ?? 0) + (((b[1] ?? 0) - (a[1] ?? 0)) * (s + 1)) / (n + 1)).toFixed(7),
    ])
  const features: string[] = []
  for (let n = 0; n < count; n++) {
    const i = n % side
    const j = Math.floor(n / side)
    const [a, b, c, d] = [node(i, j), node(i + 1, j), node(i + 1, j + 1), node(i, j + 1)] as [
      number[],
      number[],
      number[],
      number[],
    ]
    // points along the bottom and top edges (shared with the lots below and above); 2 or 3 each side
    const ring = [a, ...edge(a, b, 2), b, ...edge(b, c, 1), c, ...edge(c, d, 2), d, ...edge(d, a, 1), a]
    features.push(
      JSON.stringify({
        type: 'Feature',
        properties: { code: `GEN-${String(n).padStart(6, '0')}`, name: `地块 ${n}`, land_use: 'M1' },
        geometry: { type: 'Polygon', coordinates: [ring] },
      }),
    )
  }
  return `{"type":"FeatureCollection","features":[\n${features.join(',\n')}\n]}\n`
}

const defaultFiles = () => {
  const count = Number(process.env.GUATU_BENCH_PARCELS ?? 50_176)
  const generated = `/tmp/guatu-bench-cadastre-${count}.geojson`
  if (!existsSync(generated)) writeFileSync(generated, generateCadastre(count))
  return [join(import.meta.dirname, '../../tests/fixtures/import/cadastre-91216-parcelles.json'), generated]
}

const files = process.argv.length > 2 ? process.argv.slice(2) : defaultFiles()
const { pool, app, cookie, close, databaseKind } = await openDemoBench('import', 'officer')
// Épinay's three 1 m² boundary-stone parcels measure 0.64–0.72 m²: under the default minimum they are refused
await upsertSetting(pool, 'min_parcel_area_m2', 0.5)
const url = process.env.DATABASE_URL

/** A libpq keyword string from a URL: GDAL 3.6 appends options to a URL's database name otherwise. */
function pgConnInfo(text: string): string {
  const u = new URL(text)
  const pairs = [
    ['host', u.hostname],
    ['port', u.port],
    ['dbname', decodeURIComponent(u.pathname.slice(1))],
    ['user', decodeURIComponent(u.username)],
    ['password', decodeURIComponent(u.password)],
  ]
  return pairs
    .filter(([, v]) => v)
    .map(([k, v]) => `${k}='${(v ?? '').replace(/'/g, "\\'")}'`)
    .join(' ')
}

/** ogr2ogr into a table of its own in a schema of its own; seconds. */
function ogr2ogr(file: string, table: string, overwrite: boolean): number {
  const schema = `guatu_bench_ogr_${process.pid}`
  const started = performance.now()
  execFileSync(
    'ogr2ogr',
    [
      '-f',
      'PostgreSQL',
      `PG:${pgConnInfo(url ?? '')}`,
      file,
      '-nln',
      `${schema}.${table}`,
      '-lco',
      `SCHEMA=${schema}`,
      '-lco',
      'GEOMETRY_NAME=geom',
      '-nlt',
      'PROMOTE_TO_MULTI',
      ...(overwrite ? ['-overwrite'] : []),
    ],
    { stdio: ['ignore', 'ignore', 'inherit'] },
  )
  return (performance.now() - started) / 1000
}

function psql(sql: string) {
  execFileSync('psql', [url ?? '', '-qXc', sql], { stdio: ['ignore', 'ignore', 'inherit'] })
}

const summary: string[] = []
try {
  for (const file of files) {
    const bytes = readFileSync(file)
    async function time(label: string, fields: Record<string, string>) {
      const form = new FormData()
      form.set('file', new File([bytes], basename(file)))
      form.set('default_land_use', 'R')
      for (const [key, value] of Object.entries(fields)) form.set(key, value)
      const started = performance.now()
      const res = await app.request('/api/parcels/import', {
        method: 'POST',
        headers: { cookie },
        body: form,
      })
      const s = (performance.now() - started) / 1000
      const body = (await res.json()) as { created?: number; updated?: number; rejected?: unknown[] }
      console.log(
        `  guatu   ${label.padEnd(10)} ${res.status} created ${body.created ?? '-'} updated ${body.updated ?? '-'} ` +
          `rejected ${body.rejected?.length ?? '-'} in ${s.toFixed(2)} s`,
      )
      if (res.status !== 200) throw new Error(`${label}: ${res.status} ${JSON.stringify(body).slice(0, 500)}`)
      return s
    }
    console.log(
      `${basename(file)} (${(bytes.length / 1e6).toFixed(1)} MB) on the ${databaseKind === 'postgres' ? 'PostGIS server' : 'embedded'} database`,
    )
    await time('dry run', { dry_run: 'true' })
    const create = await time('import', {})
    const update = await time('re-import', {})
    if (!url) {
      summary.push(
        `${basename(file)}: create ${create.toFixed(2)} s, update ${update.toFixed(2)} s (no ogr2ogr)`,
      )
      continue
    }
    const schema = `guatu_bench_ogr_${process.pid}`
    psql(`create schema if not exists ${schema}`)
    try {
      const table = `t${summary.length}`
      const ogrCreate = ogr2ogr(file, table, false)
      console.log(`  ogr2ogr create     in ${ogrCreate.toFixed(2)} s`)
      const ogrUpdate = ogr2ogr(file, table, true)
      console.log(`  ogr2ogr -overwrite in ${ogrUpdate.toFixed(2)} s`)
      summary.push(
        `${basename(file)}: create ogr2ogr ${ogrCreate.toFixed(2)} s, guatu ${create.toFixed(2)} s, ` +
          `×${(create / ogrCreate).toFixed(2)}; update ogr2ogr ${ogrUpdate.toFixed(2)} s, guatu ${update.toFixed(2)} s, ` +
          `×${(update / ogrUpdate).toFixed(2)}`,
      )
    } finally {
      psql(`drop schema if exists ${schema} cascade`)
    }
  }
  console.log(`\n${summary.join('\n')}`)
} finally {
  await close()
}
