// `npm run bench:land`: the land-readiness figures of issue 12 on the database DATABASE_URL names (a real PostGIS
// with a city: `npm run data:city -- --parcels 1000000`). It serves the app in this process on a free port and,
// request after request in one run (alternating, so a load change hits both sides alike), prints p50/p95 of:
// (1) the parcel list of 1,000 parcels against the OGC items page of the same 1,000 parcels (their ratio);
// (2) the dashboard over a period whose months hold most of the city's 可供地;
// (3) `available_by` (a list page and its count) and readiness for a z13 view (1280 × 720 px) and a z14 one;
// (4) for point 4 (readiness in the vector tiles?): each parcel tile's ST_AsMVT floor inside PostgreSQL as served
//     and with readiness and available_on joined in from land_forecasts, at z13 (as a sparse tile), z14 and z15,
//     with the bytes each adds, against the readiness request the map makes instead.
// `--rounds N` (default 30) sets the repetitions. Nothing is written but one API token, revoked at the end.
import { randomBytes } from 'node:crypto'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { parseArgs } from 'node:util'
import { gunzipSync } from 'node:zlib'
import { serve } from '@hono/node-server'
import { createApp } from '../../server/app'
import { insertApiToken } from '../../server/db/accounts'
import { migrate } from '../../server/db/migrate'
import { postgresBus } from '../../server/db/notifications'
import { createPool } from '../../server/db/pool'
import { tileFeaturesQuery } from '../../server/db/tiles'
import { TILE_BUFFER, TILE_EXTENT, type TileAddress, tileAt, tileBounds3857 } from '../../server/domain/tiles'
import { zoneToday } from '../../server/domain/units'
import { hashSecret } from '../../server/services/auth/secrets'
import { CITY_CENTRE } from '../city/build-city'

const { values } = parseArgs({ options: { rounds: { type: 'string', default: '30' } } })
const ROUNDS = Number(values.rounds)
const url = process.env.DATABASE_URL
if (!url) {
  console.error('npm run bench:land needs DATABASE_URL (a PostGIS database with a city: npm run data:city)')
  process.exit(2)
}
const pool = createPool(url, 8)
await migrate(pool)
const { rows: counted } = await pool.query<{ n: number }>('select count(*)::int as n from parcels')
const parcelCount = counted[0]?.n ?? 0

function quantile(values: number[], q: number): number {
  if (values.length === 0) return Number.NaN
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] as number
}
const ms = (v: number) => (Number.isFinite(v) ? v.toFixed(1) : '–')
const p50 = (v: number[]) => quantile(v, 0.5)
const p95 = (v: number[]) => quantile(v, 0.95)

const token = randomBytes(24).toString('base64url')
const tokenId = await insertApiToken(pool, {
  name: `bench:land ${new Date().toISOString()}`,
  tokenHash: hashSecret(token),
  role: 'leader',
  createdBy: 'admin',
})
const headers = { authorization: `Bearer ${token}`, 'accept-encoding': 'gzip' }
const events = await postgresBus(url, pool)
const app = createApp({
  pool,
  databaseKind: 'postgres',
  today: () => zoneToday(),
  sessionHours: 1,
  basemapStyleUrl: null,
  events,
})
const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
  const s = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s))
})
const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
const agent = new http.Agent({ keepAlive: true, maxSockets: 4 })

/** GETs a path: its time to the last byte, the bytes as sent (gzip), and the body unzipped when asked. */
async function get(path: string, keepBody = false) {
  const started = performance.now()
  const res = await new Promise<{ status: number; head: http.IncomingHttpHeaders; body: Buffer }>(
    (resolve, reject) => {
      http
        .get(base + path, { agent, headers }, (response) => {
          const chunks: Buffer[] = []
          response.on('data', (c: Buffer) => chunks.push(c))
          response.on('end', () =>
            resolve({
              status: response.statusCode ?? 0,
              head: response.headers,
              body: Buffer.concat(chunks),
            }),
          )
          response.on('error', reject)
        })
        .on('error', reject)
    },
  )
  const elapsed = performance.now() - started
  const text = () =>
    (res.head['content-encoding'] === 'gzip' ? gunzipSync(res.body) : res.body).toString('utf8')
  if (res.status !== 200) throw new Error(`${path}: ${res.status} ${text().slice(0, 300)}`)
  return { ms: elapsed, bytes: res.body.byteLength, body: keepBody ? JSON.parse(text()) : null }
}

/** Times each path `ROUNDS` times, the paths alternating within a round; a warm-up round first. */
async function timeAlternating(paths: string[]) {
  for (const p of paths) await get(p)
  const times = paths.map(() => [] as number[])
  for (let r = 0; r < ROUNDS; r++) {
    for (const [i, p] of paths.entries()) times[i]?.push((await get(p)).ms)
  }
  return times
}

/** The WGS84 box of a `width` × `height` px screen at zoom z (512-px tiles, as MapLibre) around a point. */
function viewBox(lon: number, lat: number, z: number, width: number, height: number) {
  const degPerPx = 360 / (512 * 2 ** z)
  const halfW = (width / 2) * degPerPx
  // Web Mercator: a pixel spans cos(lat) times fewer degrees of latitude than of longitude
  const halfH = (height / 2) * degPerPx * Math.cos((lat * Math.PI) / 180)
  return [lon - halfW, lat - halfH, lon + halfW, lat + halfH].map((v) => v.toFixed(6)).join(',')
}

console.log(
  `Guatu land benchmark — ${parcelCount.toLocaleString('en')} parcels, ${new URL(url).pathname.slice(1)}`,
)
const report: string[] = []
const check = (label: string, ok: boolean, detail: string) =>
  report.push(`  ${ok ? 'met    ' : 'NOT met'}  ${label}: ${detail}`)

// (1) list vs OGC, the same 1,000 parcels: a box around the centre that holds more than 1,000 of them; both
// answer the first 1,000 by id with the number matched
const listBox = viewBox(CITY_CENTRE.lon, CITY_CENTRE.lat, 15, 1280, 720)
const listPath = `/api/parcels?bbox=${listBox}&limit=1000`
const ogcPath = `/ogc/collections/parcels/items?bbox=${listBox}&limit=1000`
const listBody = (await get(listPath, true)).body as { features: { id: number }[]; numberMatched: number }
const ogcBody = (await get(ogcPath, true)).body as { features: { id: number }[]; numberMatched: number }
const same =
  listBody.features.length === ogcBody.features.length &&
  listBody.features.every((f, i) => f.id === ogcBody.features[i]?.id)
if (!same) throw new Error('the list and the OGC page do not hold the same parcels')
const [list = [], ogc = []] = await timeAlternating([listPath, ogcPath])
const listRatio = p50(list) / p50(ogc)
console.log(
  `\n(1) the same ${listBody.features.length} parcels (of ${listBody.numberMatched} in the box), ${ROUNDS} rounds:\n` +
    `    list  p50 ${ms(p50(list))} ms p95 ${ms(p95(list))} ms\n` +
    `    OGC   p50 ${ms(p50(ogc))} ms p95 ${ms(p95(ogc))} ms\n` +
    `    list/OGC p50 × ${listRatio.toFixed(2)}, p95 × ${(p95(list) / p95(ogc)).toFixed(2)}`,
)
check('list ≤ 1.5 × OGC items, same 1,000 parcels', listRatio <= 1.5, `p50 × ${listRatio.toFixed(2)}`)

// (2) the dashboard over this year and the next two: the months most of the city comes available in
const year = Number(zoneToday().slice(0, 4))
const dashboardPath = `/api/dashboard?from=${year}-01-01&to=${year + 2}-12-31`
const [dashboard = []] = await timeAlternating([dashboardPath])
console.log(
  `\n(2) dashboard ${year}–${year + 2}: p50 ${ms(p50(dashboard))} ms p95 ${ms(p95(dashboard))} ms (${dashboard.length} requests)`,
)
check('dashboard p95 ≤ 50 ms', p95(dashboard) <= 50, `${ms(p95(dashboard))} ms`)

// (3) available_by and readiness for a view: a 1280 × 720 screen at z13 and at z14, off the centre
const availableBy = `${year + 1}-06-30`
for (const z of [13, 14]) {
  const box = viewBox(CITY_CENTRE.lon + 0.03, CITY_CENTRE.lat - 0.02, z, 1280, 720)
  const byPath = `/api/parcels?bbox=${box}&available_by=${availableBy}&limit=1000`
  const readinessPath = `/api/parcels/readiness?bbox=${box}`
  const by = (await get(byPath, true)).body as { numberMatched: number; numberReturned: number }
  const ready = await get(readinessPath, true)
  const readyBody = ready.body as { parcels: unknown[]; truncated: boolean }
  const [byTimes = [], readyTimes = []] = await timeAlternating([byPath, readinessPath])
  console.log(
    `\n(3) z${z} view ${box}:\n` +
      `    available_by=${availableBy} (first 1,000 of ${by.numberMatched}): p50 ${ms(p50(byTimes))} ms p95 ${ms(p95(byTimes))} ms\n` +
      `    readiness (${readyBody.parcels.length} parcels${readyBody.truncated ? ', truncated' : ''}, ${(ready.bytes / 1024).toFixed(0)} KB gzip): ` +
      `p50 ${ms(p50(readyTimes))} ms p95 ${ms(p95(readyTimes))} ms`,
  )
  if (z === 13) {
    check('available_by z13 view p95 ≤ 100 ms', p95(byTimes) <= 100, `${ms(p95(byTimes))} ms`)
    check('readiness z13 view p95 ≤ 100 ms', p95(readyTimes) <= 100, `${ms(p95(readyTimes))} ms`)
  }
}

// (4) readiness in the tiles: the parcels tile query as served and with the forecast joined in, timed inside
// PostgreSQL (EXPLAIN ANALYZE), and the MVT bytes of each
function tileSql(tile: TileAddress, withReadiness: boolean) {
  const q = tileFeaturesQuery('parcels', tile, 'parcels')
  const n = q.params.length
  const features = withReadiness
    ? `select f0.*, lf.readiness, lf.available_on::text as available_on
       from (${q.sql}) f0 left join land_forecasts lf on lf.parcel_id = f0.feature_id`
    : q.sql
  const properties = [...q.properties, ...(withReadiness ? ['readiness', 'available_on'] : [])]
  const sql = `with f as (${features}),
    t as (select f.feature_id, ${properties.map((p) => `f.${p}`).join(', ')},
      ST_AsMVTGeom(f.geom, ST_MakeEnvelope($${n + 1}, $${n + 2}, $${n + 3}, $${n + 4}, 3857), ${TILE_EXTENT}, ${TILE_BUFFER}, true) as geom
      from f)
    select ST_AsMVT(t, 'parcels', ${TILE_EXTENT}, 'geom', 'feature_id') as mvt from t where t.geom is not null`
  return { sql, params: [...q.params, ...tileBounds3857(tile)] }
}
async function floorOf(tile: TileAddress, withReadiness: boolean) {
  const { sql, params } = tileSql(tile, withReadiness)
  const { rows } = await pool.query<{
    'QUERY PLAN': [{ 'Execution Time': number; 'Planning Time': number }]
  }>(`explain (analyze, timing off, format json) ${sql}`, params)
  const plan = rows[0]?.['QUERY PLAN'][0]
  return (plan?.['Execution Time'] ?? 0) + (plan?.['Planning Time'] ?? 0)
}
console.log(
  '\n(4) parcel tiles with readiness joined in (floor: ST_AsMVT inside PostgreSQL, 16 tiles per zoom)',
)
console.log('    zoom  as served p50  with readiness p50  × p50  bytes +%')
for (const z of [13, 14, 15]) {
  const centre = tileAt(CITY_CENTRE.lon, CITY_CENTRE.lat, z)
  const tiles: TileAddress[] = []
  for (let dx = -2; dx < 2; dx++)
    for (let dy = -2; dy < 2; dy++) tiles.push({ z, x: centre.x + dx, y: centre.y + dy })
  const plain: number[] = []
  const joined: number[] = []
  let plainBytes = 0
  let joinedBytes = 0
  for (const t of tiles) {
    await floorOf(t, false)
    await floorOf(t, true)
    plain.push(await floorOf(t, false))
    joined.push(await floorOf(t, true))
    for (const [withReadiness, add] of [
      [false, (b: number) => (plainBytes += b)],
      [true, (b: number) => (joinedBytes += b)],
    ] as const) {
      const { sql, params } = tileSql(t, withReadiness)
      const { rows } = await pool.query<{ mvt: Buffer | null }>(sql, params)
      add(rows[0]?.mvt?.byteLength ?? 0)
    }
  }
  console.log(
    `    z${z}   ${ms(p50(plain)).padStart(13)}  ${ms(p50(joined)).padStart(18)}  ${(p50(joined) / p50(plain)).toFixed(2).padStart(4)}  ` +
      `${(((joinedBytes - plainBytes) / plainBytes) * 100).toFixed(0)} %`,
  )
}

console.log('\ntargets (issue 12, 1M parcels on 2 cores)')
for (const line of report) console.log(line)

agent.destroy()
await new Promise<void>((resolve) => server.close(() => resolve()))
await pool.query('update api_tokens set revoked_at = now() where id = $1', [tokenId])
await events.close()
await pool.end()
