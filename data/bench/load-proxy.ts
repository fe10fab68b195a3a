// `npm run bench:load -- --proxy http://127.0.0.1:8800`: the load run against the local cluster's nginx
// (`npm run cluster:up`, README "Deploying": scale-out). For the parcel list and the dashboard it runs autocannon
// through nginx with one app instance behind it and then with two (it rewrites nginx's upstream list,
// $GUATU_CLUSTER_DIR/nginx/upstream.conf, and reloads nginx), and prints requests/s, latency and the ratio two/one.
// While each run goes it asks /api/health twice a second and keeps the largest replica lag it reports. It also
// runs the parcel tiles once (nginx's cache, one instance) for comparison. For each run it also prints where the CPU
// went (cpu-accounting.ts: each instance, the primary, the replica, nginx, this benchmark, other work on the
// machine) and the load average. Exit 1 on any error or non-2xx answer.
import { execFileSync } from 'node:child_process'
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { availableParallelism } from 'node:os'
import autocannon from 'autocannon'
import { type TileAddress, tileAt } from '../../server/domain/tiles'
import { DEMO_PASSWORD } from '../demo/load-district'
import { type CpuGroup, type CpuUse, cpuBetween, cpuSnapshot, formatCpu } from './cpu-accounting'

interface ProxyLoadOptions {
  proxy: string
  duration: number
  connections: number
  parcelLimit: number
}

interface Lag {
  bytes: number
  delayMs: number
  replicaReadsUp: boolean
}

interface Figure {
  rps: number
  p50: number
  p99: number
  non2xx: number
  errors: number
  lag: Lag
  cpu: CpuUse
}

const DIR = process.env.GUATU_CLUSTER_DIR ?? '/tmp/guatu-cluster'
const APP_PORT = Number(process.env.GUATU_CLUSTER_APP_PORT ?? 8801)

/** The first line of a pid file (nginx's, an instance's, a PostgreSQL data directory's postmaster.pid). */
function pidIn(file: string): number | null {
  if (!existsSync(file)) return null
  const pid = Number(readFileSync(file, 'utf8').split('\n')[0])
  return Number.isInteger(pid) && pid > 0 ? pid : null
}

/** A PostgreSQL cluster's postmaster (Debian's layout: /var/lib/postgresql/<version>/<cluster>). */
function postmaster(cluster: string): number | null {
  const root = '/var/lib/postgresql'
  if (!existsSync(root)) return null
  for (const version of readdirSync(root)) {
    const pid = pidIn(`${root}/${version}/${cluster}/postmaster.pid`)
    if (pid !== null) return pid
  }
  return null
}

const CPU_GROUPS: CpuGroup[] = [
  { name: 'app-a', pid: () => pidIn(`${DIR}/app-a.pid`) },
  { name: 'app-b', pid: () => pidIn(`${DIR}/app-b.pid`) },
  { name: 'primary', pid: () => postmaster('guatu_primary') },
  { name: 'replica', pid: () => postmaster('guatu_replica') },
  { name: 'nginx', pid: () => pidIn(`${DIR}/nginx/nginx.pid`) },
  { name: 'bench', pid: () => process.pid },
]

/** Puts `count` instances behind nginx (the first `count` of A, B) and reloads it. */
async function putInstances(count: 1 | 2) {
  const lines = [APP_PORT, APP_PORT + 1]
    .slice(0, count)
    .map((port) => `server 127.0.0.1:${port} max_fails=1 fail_timeout=5s;`)
  writeFileSync(`${DIR}/nginx/upstream.conf`, `${lines.join('\n')}\n`)
  execFileSync('nginx', ['-p', `${DIR}/nginx`, '-c', `${DIR}/nginx/nginx.conf`, '-s', 'reload'], {
    stdio: 'pipe',
  })
  // the old workers finish their connections; the new ones have the new list
  await new Promise((resolve) => setTimeout(resolve, 2000))
}

export async function proxyLoad(options: ProxyLoadOptions): Promise<number> {
  const { proxy, duration, connections, parcelLimit } = options
  const login = await fetch(`${proxy}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'leader', password: DEMO_PASSWORD }),
  })
  if (login.status !== 200) throw new Error(`login failed: ${login.status} ${await login.text()}`)
  const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0] ?? ''

  /** The largest replica lag /api/health reports while `during` runs. */
  async function watchingLag<T>(during: Promise<T>): Promise<[T, Lag]> {
    const lag: Lag = { bytes: 0, delayMs: 0, replicaReadsUp: true }
    let done = false
    const watcher = (async () => {
      while (!done) {
        try {
          const health = (await (await fetch(`${proxy}/api/health`)).json()) as {
            databases?: {
              role: string
              up: boolean
              lag_bytes: number | null
              replay_delay_ms: number | null
            }[]
          }
          for (const db of health.databases ?? []) {
            if (db.role !== 'replica') continue
            lag.bytes = Math.max(lag.bytes, db.lag_bytes ?? 0)
            lag.delayMs = Math.max(lag.delayMs, db.replay_delay_ms ?? 0)
            if (!db.up) lag.replicaReadsUp = false
          }
        } catch {
          // a health call lost under load is no figure
        }
        await new Promise((resolve) => setTimeout(resolve, 500))
      }
    })()
    const result = await during
    done = true
    await watcher
    return [result, lag]
  }

  async function run(paths: string[]): Promise<Figure> {
    const before = cpuSnapshot(CPU_GROUPS)
    const [result, lag] = await watchingLag(
      autocannon({
        url: proxy,
        connections,
        duration,
        headers: { cookie, 'accept-encoding': 'gzip' },
        timeout: 60,
        requests: paths.map((path) => ({ method: 'GET', path })),
      }),
    )
    return {
      rps: result.requests.average,
      p50: result.latency.p50,
      p99: result.latency.p99,
      non2xx: result.non2xx,
      errors: result.errors,
      lag,
      cpu: cpuBetween(before, cpuSnapshot(CPU_GROUPS)),
    }
  }

  const tileJson = (await (await fetch(`${proxy}/tiles/parcels.json`, { headers: { cookie } })).json()) as {
    bounds: [number, number, number, number]
    tiles: string[]
  }
  const version = new URL(tileJson.tiles[0] ?? '', proxy).searchParams.get('v') ?? ''
  const [west, south, east, north] = tileJson.bounds
  const tiles: TileAddress[] = []
  for (const z of [14, 15, 16]) {
    const nw = tileAt(west, north, z)
    const se = tileAt(east, south, z)
    for (let x = nw.x; x <= se.x; x++) for (let y = nw.y; y <= se.y; y++) tiles.push({ z, x, y })
  }

  const scenarios = [
    { name: `parcel list (limit ${parcelLimit})`, paths: [`/api/parcels?limit=${parcelLimit}`] },
    { name: 'dashboard', paths: ['/api/dashboard?from=2026-01-01&to=2026-11-28'] },
  ]
  console.log(
    `load through ${proxy}: ${duration} s × ${connections} connections per run; one instance, then two (${DIR})`,
  )
  const rows: string[][] = []
  const cpuRows: string[] = []
  const cores = availableParallelism()
  let failed = false
  const record = (name: string, instances: string, figure: Figure, ratio = '') => {
    if (figure.non2xx > 0 || figure.errors > 0) failed = true
    const row = [
      name,
      instances,
      figure.rps.toFixed(1),
      String(figure.p50),
      String(figure.p99),
      String(figure.non2xx),
      String(figure.errors),
      String(figure.lag.bytes),
      figure.lag.delayMs.toFixed(0),
      ratio,
    ]
    rows.push(row)
    console.log(`  ${row.join(' | ')}`)
    const cpu = `${name}, ${instances}: ${formatCpu(figure.cpu, cores)}`
    cpuRows.push(cpu)
    console.log(`    cores used: ${cpu}`)
  }
  try {
    for (const scenario of scenarios) {
      await putInstances(1)
      const one = await run(scenario.paths)
      record(scenario.name, '1', one)
      await putInstances(2)
      const two = await run(scenario.paths)
      record(scenario.name, '2', two, `×${(two.rps / one.rps).toFixed(2)}`)
    }
    await putInstances(1)
    const cached = await run(
      tiles.map((t) => `/tiles/parcels/${t.z}/${t.x}/${t.y}.mvt?v=${encodeURIComponent(version)}`),
    )
    record(`tiles z14–z16, nginx cache (${tiles.length})`, '1', cached)
  } finally {
    await putInstances(2)
  }

  const head = [
    'scenario',
    'instances',
    'req/s',
    'p50 ms',
    'p99 ms',
    'non-2xx',
    'errors',
    'lag B',
    'lag ms',
    'two/one',
  ]
  const all = [head, ...rows]
  const widths = head.map((_, i) => Math.max(...all.map((r) => (r[i] ?? '').length)))
  console.log('')
  for (const r of all) {
    console.log(
      `  ${r.map((c, i) => (i === 0 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join('  ')}`,
    )
  }
  console.log(
    '  (lag: the largest replica lag /api/health reported during the run, in bytes of WAL and ms of replay delay; ' +
      'the machine may be shared, so figures are noisy)',
  )
  console.log('\n  cores used per run (CPU seconds per second, from /proc):')
  for (const cpu of cpuRows) console.log(`  ${cpu}`)
  if (failed) console.error('load: some requests failed or answered non-2xx')
  return failed ? 1 : 0
}
