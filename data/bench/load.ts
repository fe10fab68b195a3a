// `npm run bench:load [-- --duration 60 --connections 64] [--proxy http://127.0.0.1:8800]`: sustained load on the real server process. It starts
// server/main.ts as a child on a free loopback port, logs in as leader, and for each of the parcel list, a spread
// of z14–z16 parcel tiles over the district and the dashboard runs autocannon twice; it prints requests/s, p50/p99
// latency, non-2xx and errors per run, and the server's resident memory (VmRSS) before, after run 1 and after
// run 2, so growth between two identical runs shows. Exit 1 on any error or non-2xx answer.
// DATABASE_URL names a real PostGIS: the demo district (with its accounts) goes into a schema of this run's own,
// dropped at the end, so the database keeps its data. Without it the server starts its embedded PostGIS in
// GUATU_BENCH_DATA_DIR (default /tmp/guatu-bench-load), which loads the demo district on its first start.
import { type ChildProcess, spawn } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { parseArgs } from 'node:util'
import autocannon from 'autocannon'
import { migrate } from '../../server/db/migrate'
import { createPool } from '../../server/db/pool'
import { type TileAddress, tileAt } from '../../server/domain/tiles'
import { zoneToday } from '../../server/domain/units'
import { schemaPool } from '../../tests/support/schema-pool'
import { generateDemoDistrict } from '../demo/generate'
import { DEMO_PASSWORD, loadDemoDistrict } from '../demo/load-district'

const { values: flags } = parseArgs({
  options: {
    duration: { type: 'string', default: '60' },
    connections: { type: 'string', default: '64' },
    'parcel-limit': { type: 'string', default: '1000' },
    // the local cluster's nginx (npm run cluster:up): one instance against two, see load-proxy.ts
    proxy: { type: 'string' },
  },
})
const duration = Number(flags.duration)
const connections = Number(flags.connections)
const parcelLimit = Number(flags['parcel-limit'])
if (!(duration > 0 && connections > 0 && parcelLimit > 0)) {
  console.error('usage: npm run bench:load -- [--duration s] [--connections n] [--parcel-limit n]')
  process.exit(2)
}

if (flags.proxy) {
  const { proxyLoad } = await import('./load-proxy')
  process.exit(await proxyLoad({ proxy: flags.proxy, duration, connections, parcelLimit }))
}

// --- the database and the server -------------------------------------------------------------------------------
const external = process.env.DATABASE_URL
const schema = `guatu_bench_load_${process.pid}`
const env: NodeJS.ProcessEnv = { ...process.env, PORT: '0', HOST: '127.0.0.1' }
let dropSchema = async () => {}
if (external) {
  const admin = createPool(external, 1)
  await admin.query('create extension if not exists postgis')
  await admin.query(`create schema ${schema}`)
  dropSchema = async () => {
    await admin.query(`drop schema if exists ${schema} cascade`)
    await admin.end()
  }
  const pool = schemaPool(external, schema, 2)
  await migrate(pool)
  // the server below runs on the zone's real date
  await loadDemoDistrict(pool, generateDemoDistrict(), { accounts: true, today: zoneToday() })
  await pool.end()
  const url = new URL(external)
  url.searchParams.set('options', `-c search_path=${schema},public`)
  env.DATABASE_URL = url.href
} else {
  env.GUATU_DATA_DIR = process.env.GUATU_BENCH_DATA_DIR ?? '/tmp/guatu-bench-load'
}

// --expose-gc: on SIGUSR2 the server collects garbage and prints its memory (heap after collection shows a leak)
const server: ChildProcess = spawn(process.execPath, ['--expose-gc', '--import', 'tsx', 'server/main.ts'], {
  env,
  stdio: ['ignore', 'pipe', 'inherit'],
})
let printed = ''
server.stdout?.on('data', (chunk: Buffer) => {
  printed += chunk.toString()
})
const port = await new Promise<number>((resolve, reject) => {
  server.stdout?.on('data', () => {
    const match = /listening on http:\/\/[^:]+:(\d+)/.exec(printed)
    if (match?.[1]) resolve(Number(match[1]))
  })
  server.once('exit', (code) => reject(new Error(`the server exited ${code} before listening:\n${printed}`)))
})
const base = `http://127.0.0.1:${port}`

async function stopServer() {
  if (server.exitCode !== null) return
  const exited = new Promise((resolve) => server.once('exit', resolve))
  server.kill('SIGTERM')
  await exited
}

/** The server's heap in MB after a full collection (SIGUSR2, see server/main.ts). */
async function heapAfterGcMb(): Promise<number> {
  const from = printed.length
  server.kill('SIGUSR2')
  for (let i = 0; i < 100; i++) {
    const match = /memory: (\{.*\})/.exec(printed.slice(from))
    if (match?.[1]) return (JSON.parse(match[1]) as { heap_used_mb: number }).heap_used_mb
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
  throw new Error('the server did not report its memory after SIGUSR2')
}

function rssMb(): number {
  const status = readFileSync(`/proc/${server.pid}/status`, 'utf8')
  const kb = Number(/^VmRSS:\s+(\d+) kB/m.exec(status)?.[1] ?? Number.NaN)
  return kb / 1024
}

// --- what is requested -----------------------------------------------------------------------------------------
const login = await fetch(`${base}/api/auth/login`, {
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ username: 'leader', password: DEMO_PASSWORD }),
})
if (login.status !== 200) throw new Error(`login failed: ${login.status} ${await login.text()}`)
const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0] ?? ''

const tileInfo = (await (await fetch(`${base}/tiles/parcels.json`, { headers: { cookie } })).json()) as {
  bounds: [number, number, number, number]
}
const [west, south, east, north] = tileInfo.bounds
/** Every tile at z14–z16 over the district's bounds: what a user panning and zooming across it asks for. */
const tiles: TileAddress[] = []
for (const z of [14, 15, 16]) {
  const nw = tileAt(west, north, z)
  const se = tileAt(east, south, z)
  for (let x = nw.x; x <= se.x; x++) for (let y = nw.y; y <= se.y; y++) tiles.push({ z, x, y })
}

const scenarios: { name: string; paths: string[] }[] = [
  { name: `parcel list (limit ${parcelLimit})`, paths: [`/api/parcels?limit=${parcelLimit}`] },
  {
    name: `tiles z14–z16 (${tiles.length} tiles)`,
    paths: tiles.map((t) => `/tiles/parcels/${t.z}/${t.x}/${t.y}.mvt`),
  },
  { name: 'dashboard', paths: ['/api/dashboard?from=2026-01-01&to=2026-11-28'] },
]

// --- the runs ----------------------------------------------------------------------------------------------------
interface Run {
  rps: number
  p50: number
  p99: number
  requests: number
  non2xx: number
  errors: number
  rssAfter: number
  heapAfter: number
}

function load(paths: string[]): Promise<autocannon.Result> {
  return autocannon({
    url: base,
    connections,
    duration,
    headers: { cookie, 'accept-encoding': 'gzip' },
    // a slow answer is a figure (p99), not an error: the server's own request timeout is 30 s
    timeout: 60,
    requests: paths.map((path) => ({ method: 'GET', path })),
  })
}

const lines: string[][] = []
let failed = false
try {
  console.log(
    `load: ${duration} s × ${connections} connections, twice per scenario, on ${external ? 'PostgreSQL' : 'the embedded database'} (server pid ${server.pid})`,
  )
  for (const scenario of scenarios) {
    const rssBefore = rssMb()
    const heapBefore = await heapAfterGcMb()
    const runs: Run[] = []
    for (let i = 0; i < 2; i++) {
      const result = await load(scenario.paths)
      const run = {
        rps: result.requests.average,
        p50: result.latency.p50,
        p99: result.latency.p99,
        requests: result.requests.total,
        non2xx: result.non2xx,
        errors: result.errors,
        rssAfter: rssMb(),
        heapAfter: await heapAfterGcMb(),
      }
      runs.push(run)
      if (run.non2xx > 0 || run.errors > 0) failed = true
      console.log(
        `  ${scenario.name}, run ${i + 1}: ${run.rps.toFixed(0)} req/s, p50 ${run.p50} ms, p99 ${run.p99} ms, ` +
          `${run.requests} requests, ${run.non2xx} non-2xx, ${run.errors} errors, RSS ${run.rssAfter.toFixed(0)} MB, ` +
          `heap after GC ${run.heapAfter.toFixed(1)} MB`,
      )
    }
    const [one, two] = runs as [Run, Run]
    for (const [i, run] of runs.entries()) {
      lines.push([
        i === 0 ? scenario.name : '',
        String(i + 1),
        run.rps.toFixed(0),
        String(run.p50),
        String(run.p99),
        String(run.non2xx),
        String(run.errors),
        i === 0 ? rssBefore.toFixed(0) : '',
        run.rssAfter.toFixed(0),
        i === 0 ? heapBefore.toFixed(1) : '',
        run.heapAfter.toFixed(1),
        i === 1
          ? `${two.heapAfter - one.heapAfter >= 0 ? '+' : ''}${(two.heapAfter - one.heapAfter).toFixed(1)}`
          : '',
      ])
    }
  }
} finally {
  await stopServer()
  await dropSchema()
}

const head = [
  'scenario',
  'run',
  'req/s',
  'p50 ms',
  'p99 ms',
  'non-2xx',
  'errors',
  'RSS before',
  'RSS after',
  'heap before',
  'heap after',
  'heap run 2 − run 1',
]
const all = [head, ...lines]
const widths = head.map((_, i) => Math.max(...all.map((r) => (r[i] ?? '').length)))
console.log('')
for (const r of all)
  console.log(
    `  ${r.map((c, i) => (i === 0 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join('  ')}`,
  )
console.log(
  '  (MB: RSS of the server process, and its heap after a full collection, which a leak would grow run after ' +
    'run; the machine may be shared, so latencies are noisy)',
)
if (failed) {
  console.error('load: some requests failed or answered non-2xx')
  process.exit(1)
}
