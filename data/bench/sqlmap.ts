// `npm run security:sqlmap`: sqlmap (Debian's `sqlmap` package) against the app's main query parameters, path
// parameters and a JSON write body. The app runs in this process on a loopback port, on the demo district in a
// schema of its own (DATABASE_URL, else an embedded PostGIS; see demo-app.ts), and sqlmap is given only
// 127.0.0.1 URLs and --ignore-proxy. It authenticates with an admin API token in a header (not a cookie, which
// sqlmap would tamper with at level 2). Exit 1 on any finding, on any 5xx the app answered, when sqlmap's
// requests did not reach the handlers (401/403/404/429 instead of 200/400), or when a target ran out of time.
// Level 3 / risk 1 by default (SQLMAP_LEVEL, SQLMAP_RISK); `-- tiles POST` runs only the targets so named, and
// SQLMAP_VERBOSE=1 prints sqlmap's own output.
import { spawn } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { serve } from '@hono/node-server'
import { insertApiToken } from '../../server/db/accounts'
import { tileAt } from '../../server/domain/tiles'
import { hashSecret } from '../../server/services/auth/secrets'
import { openDemoBench } from './demo-app'

const LEVEL = process.env.SQLMAP_LEVEL ?? '3'
const RISK = process.env.SQLMAP_RISK ?? '1'
/** a target still running after this is stopped and counts as a failure */
const TARGET_TIMEOUT_S = Number(process.env.SQLMAP_TARGET_TIMEOUT_S ?? 150)

// A finding is what sqlmap confirms ("parameter 'q' is vulnerable", "identified the following injection point")
// or a heuristic DBMS error in a response ("might be injectable (possible DBMS: …)"). A candidate ("appears to
// be '…' injectable") that its own check then calls a false positive is reported, not failed on: a create route
// answers a different page (new id, echoed payload) to every request, which its boolean tests misread.
const FINDING = /identified the following injection point|is vulnerable|might be injectable/i
const CANDIDATE = /(?:appears|seems) to be '[^']*' injectable/i

const bench = await openDemoBench('sqlmap', 'admin')
const { pool, app } = bench
const token = randomBytes(24).toString('base64url')
await insertApiToken(pool, {
  name: 'sqlmap',
  tokenHash: hashSecret(token),
  role: 'admin',
  createdBy: 'admin',
})

// real values, so sqlmap's baseline page is a 200 with data and its true/false comparisons mean something
const { rows: facts } = await pool.query<{
  parcelId: number
  parcelCode: string
  status: string
  landUse: string
  lon: number
  lat: number
  bbox: string
}>(
  `select p.id as "parcelId", p.code as "parcelCode", p.status, p.land_use as "landUse",
          ST_X(ST_PointOnSurface(p.geom)) as lon, ST_Y(ST_PointOnSurface(p.geom)) as lat,
          (select concat_ws(',', ST_XMin(e), ST_YMin(e), ST_XMax(e), ST_YMax(e))
             from (select ST_Extent(geom)::geometry as e from parcels) x) as bbox
     from parcels p order by p.id limit 1`,
)
const { rows: projects } = await pool.query<{ id: number; stage: string; sector: string }>(
  'select id, stage, sector from projects order by id limit 1',
)
const fact = facts[0]
const project = projects[0]
if (!fact || !project) throw new Error('the demo district has no parcels or projects')
const tile = tileAt(fact.lon, fact.lat, 15)

// every response the app gives, by status, per target
let statuses = new Map<number, number>()
const server = serve({
  fetch: async (request) => {
    const res = await app.fetch(request)
    statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1)
    return res
  },
  port: 0,
  hostname: '127.0.0.1',
})
await new Promise<void>((resolve) => server.once('listening', () => resolve()))
const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`

const enc = encodeURIComponent
const targets: { name: string; args: string[] }[] = [
  {
    name: 'GET /api/parcels',
    args: [
      '-u',
      `${base}/api/parcels?land_use=${fact.landUse}&status=${fact.status}&bbox=${enc(fact.bbox)}&q=${enc(fact.parcelCode)}&limit=5&offset=0`,
    ],
  },
  {
    name: 'GET /api/projects',
    args: ['-u', `${base}/api/projects?stage=${project.stage}&sector=${project.sector}&q=a`],
  },
  {
    name: 'GET /api/projects/:id/matches',
    args: ['-u', `${base}/api/projects/${project.id}*/matches?limit=5`],
  },
  {
    name: 'GET /api/parcels/:id/matches',
    args: ['-u', `${base}/api/parcels/${fact.parcelId}*/matches?limit=5`],
  },
  {
    name: 'GET /ogc/collections/parcels/items',
    args: [
      '-u',
      `${base}/ogc/collections/parcels/items?bbox=${enc(fact.bbox)}&limit=5&offset=0&datetime=${enc('2020-01-01/2030-12-31')}` +
        `&filter=${enc("status = 'available' AND area_mu > 1")}&filter-lang=cql2-text`,
    ],
  },
  {
    name: 'GET /tiles/parcels/:z/:x/:y.pbf',
    args: ['-u', `${base}/tiles/parcels/${tile.z}*/${tile.x}*/${tile.y}*.pbf`],
  },
  {
    name: 'POST /api/projects (JSON body)',
    args: [
      '-u',
      `${base}/api/projects`,
      '--data',
      JSON.stringify({
        name: 'sqlmap probe*',
        company: 'sqlmap Co*',
        sector: `${project.sector}*`,
        manager: 'someone*',
        source_city: 'Guangzhou*',
        investment_wan: 100,
      }),
    ],
  },
]

// only the targets whose name contains one of the words given
const only = process.argv.slice(2).map((w) => w.toLowerCase())
const chosen = targets.filter((t) => only.length === 0 || only.some((w) => t.name.toLowerCase().includes(w)))
const verbose = process.env.SQLMAP_VERBOSE === '1'

const outputDir = mkdtempSync(join(tmpdir(), 'guatu-sqlmap-'))
const common = [
  '--batch',
  `--level=${LEVEL}`,
  `--risk=${RISK}`,
  '--dbms=PostgreSQL',
  '--time-sec=2',
  '--timeout=15',
  '--retries=1',
  '--threads=4',
  '--ignore-proxy',
  '--skip-waf',
  '--flush-session',
  '--disable-coloring',
  `--output-dir=${outputDir}`,
  `--headers=Authorization: Bearer ${token}`,
]

function runSqlmap(args: string[]): Promise<{ output: string; timedOut: boolean; code: number | null }> {
  return new Promise((resolve, reject) => {
    const proc = spawn('sqlmap', [...args, ...common], { stdio: ['ignore', 'pipe', 'pipe'] })
    let output = ''
    proc.stdout.on('data', (d) => {
      output += d
    })
    proc.stderr.on('data', (d) => {
      output += d
    })
    let timedOut = false
    const timer = setTimeout(() => {
      timedOut = true
      proc.kill('SIGTERM')
    }, TARGET_TIMEOUT_S * 1000)
    proc.once('error', reject)
    proc.once('exit', (code) => {
      clearTimeout(timer)
      resolve({ output, timedOut, code })
    })
  })
}

const rows: string[][] = []
const problems: string[] = []
const started = performance.now()
try {
  for (const target of chosen) {
    statuses = new Map()
    const t0 = performance.now()
    const { output, timedOut, code } = await runSqlmap(target.args)
    const seconds = (performance.now() - t0) / 1000
    const requests = [...statuses.values()].reduce((a, b) => a + b, 0)
    const reached = (statuses.get(200) ?? 0) + (statuses.get(201) ?? 0) + (statuses.get(400) ?? 0)
    const errors5xx = [...statuses].filter(([s]) => s >= 500).reduce((a, [, n]) => a + n, 0)
    if (verbose) console.log(output)
    const lines = output.split('\n')
    const findings = lines.filter((line) => FINDING.test(line))
    const candidates = lines.filter((line) => CANDIDATE.test(line))
    let result = 'clean'
    if (findings.length > 0) {
      result = 'FINDING'
      problems.push(`${target.name}: sqlmap reports\n    ${findings.join('\n    ')}`)
    } else if (timedOut) {
      result = 'TIMED OUT'
      problems.push(`${target.name}: sqlmap did not finish in ${TARGET_TIMEOUT_S} s`)
    } else if (!/do not appear to be injectable/.test(output)) {
      result = 'SQLMAP FAILED'
      problems.push(`${target.name}: sqlmap did not finish its tests (exit ${code})\n${output.slice(-2000)}`)
    }
    if (errors5xx > 0) {
      result = result === 'clean' ? '5xx' : result
      problems.push(`${target.name}: the app answered ${errors5xx} requests with 5xx`)
    }
    // most of sqlmap's requests must reach the handler (200, or 400 from its validation), not stop at the door
    if (requests === 0 || reached / requests < 0.9) {
      result = result === 'clean' ? 'NOT REACHED' : result
      problems.push(`${target.name}: only ${reached} of ${requests} requests reached the handler`)
    }
    const byStatus = [...statuses]
      .sort(([a], [b]) => a - b)
      .map(([s, n]) => `${s}×${n}`)
      .join(' ')
    for (const line of candidates) console.log(`  candidate, then checked by sqlmap: ${line.trim()}`)
    rows.push([target.name, String(requests), byStatus, seconds.toFixed(1), result])
    console.log(`${target.name}: ${requests} requests (${byStatus}) in ${seconds.toFixed(1)} s — ${result}`)
  }
} finally {
  server.close()
  await bench.close()
  rmSync(outputDir, { recursive: true, force: true })
}

const total = (performance.now() - started) / 1000
const widths = [0, 1, 2, 3, 4].map((i) =>
  Math.max(...[['target', 'requests', 'statuses', 's', 'result'], ...rows].map((r) => (r[i] ?? '').length)),
)
console.log(
  `\nsqlmap ${LEVEL}/${RISK} (level/risk) on ${bench.databaseKind}, ${chosen.length} targets, ${total.toFixed(0)} s:`,
)
for (const r of [['target', 'requests', 'statuses', 's', 'result'], ...rows]) {
  console.log(
    `  ${r.map((c, i) => (i === 0 || i === 2 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join('  ')}`,
  )
}
const sent = rows.reduce((a, r) => a + Number(r[1]), 0)
console.log(`  ${sent} requests in all`)
if (problems.length > 0) {
  console.error(`\nsqlmap check FAILED:\n  ${problems.join('\n  ')}`)
  process.exit(1)
}
console.log('no injection found')
process.exit(0)
