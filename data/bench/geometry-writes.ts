// `npm run bench:geometry [creates] [concurrency…]`: how many parcels per second concurrent writers create when
// every geometry write is serialised by the transaction-scoped advisory lock 'parcel-geometry' (the service
// createParcel), against the same check-then-insert with no lock (what the routes did: fast, but two overlapping
// creates can both pass) and under SERIALIZABLE with retries (the alternative the issue names). The parcels do not
// overlap, so every create succeeds: this measures what serialising costs, not conflicts. DATABASE_URL names a
// real PostGIS; without it an embedded PostGIS in GUATU_BENCH_DATA_DIR (default /tmp/guatu-bench-geometry). It
// works in a schema of its own on the demo district, dropped at the end.
import { insertHistory } from '../../server/db/history'
import { findTakenCodes, geometryProblem, insertParcel } from '../../server/db/parcels'
import { isPgError, type Pool, withTransaction } from '../../server/db/pool'
import { inProcessBus } from '../../server/events'
import { createParcel, type NewParcel } from '../../server/services/parcels/create-parcel'
import type { Actor } from '../../server/services/write'
import { openDemoBench } from './demo-app'

const creates = Number(process.argv[2] ?? 400)
const concurrencies = process.argv.slice(3).map(Number)
const levels = concurrencies.length > 0 ? concurrencies : [1, 4, 8, 16]
const { pool, close, databaseKind } = await openDemoBench('geometry', 'officer', Math.max(...levels) + 2)
const actor: Actor = { username: 'officer', role: 'land_officer' }
const deps = { pool, events: inProcessBus(), today: () => '2026-11-28' }

// 0.0005° squares on a grid far from the demo district (109°E 19°N), 0.001° apart: none touches another
let next = 0
function parcel(): NewParcel {
  const n = next++
  const lon = 109 + (n % 200) * 0.001
  const lat = 19 + Math.floor(n / 200) * 0.001
  const ring = [
    [lon, lat],
    [lon + 0.0005, lat],
    [lon + 0.0005, lat + 0.0005],
    [lon, lat + 0.0005],
    [lon, lat],
  ]
  return { code: `BENCH-${n}`, land_use: 'M1', geometry: { type: 'Polygon', coordinates: [ring] } }
}

/** The same check and insert as the service, in one transaction, without the lock: not safe, the baseline. */
async function unlocked(db: Pool, input: NewParcel, isolation: 'read committed' | 'serializable') {
  return withTransaction(db, async (client) => {
    await client.query(`set transaction isolation level ${isolation}`)
    const problem = await geometryProblem(client, input.geometry, [], 1)
    if (problem) throw new Error(problem)
    if ((await findTakenCodes(client, [input.code])).length > 0) throw new Error('code taken')
    const id = await insertParcel(client, input)
    await insertHistory(client, {
      entityType: 'parcel',
      entityId: id,
      action: 'create',
      actor: 'officer',
      changes: { code: input.code },
    })
    return id
  })
}

let retries = 0
async function serializable(input: NewParcel) {
  for (let attempt = 1; ; attempt++) {
    try {
      return await unlocked(pool, input, 'serializable')
    } catch (err) {
      if (!(isPgError(err) && (err.code === '40001' || err.code === '40P01')) || attempt >= 20) throw err
      retries++
      await new Promise((resolve) => setTimeout(resolve, 5 * attempt + Math.random() * 10))
    }
  }
}

const VARIANTS: Record<string, (input: NewParcel) => Promise<unknown>> = {
  'advisory lock (createParcel)': (input) => createParcel(deps, actor, input),
  'no lock (racy baseline)': (input) => unlocked(pool, input, 'read committed'),
  'serializable + retry': serializable,
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN
}

async function run(
  label: string,
  write: (input: NewParcel) => Promise<unknown>,
  concurrency: number,
  count = creates,
) {
  retries = 0
  const inputs = Array.from({ length: count }, parcel)
  const ms: number[] = []
  const failed = new Map<string, number>()
  const started = performance.now()
  async function worker() {
    for (let input = inputs.shift(); input; input = inputs.shift()) {
      const t = performance.now()
      await write(input).catch((err) => {
        const code = isPgError(err) ? err.code : err instanceof Error ? err.message : String(err)
        failed.set(code, (failed.get(code) ?? 0) + 1)
      })
      ms.push(performance.now() - t)
    }
  }
  await Promise.all(Array.from({ length: concurrency }, worker))
  const seconds = (performance.now() - started) / 1000
  ms.sort((a, b) => a - b)
  await pool.query(`delete from history where entity_type = 'parcel' and changes->>'code' like 'BENCH-%'`)
  await pool.query(`delete from parcels where code like 'BENCH-%'`)
  if (!label) return
  console.log(
    `${label.padEnd(30)} c=${String(concurrency).padStart(2)}  ${(count / seconds).toFixed(0).padStart(5)} creates/s` +
      `  p50 ${percentile(ms, 50).toFixed(1)} ms  p95 ${percentile(ms, 95).toFixed(1)} ms` +
      (retries ? `  ${retries} retries` : '') +
      [...failed].map(([code, n]) => `  ${n} failed (${code})`).join(''),
  )
}

try {
  console.log(`${creates} non-overlapping creates per run on the ${databaseKind} database`)
  // warm up every path (query plans, the JIT) before anything is timed
  for (const write of Object.values(VARIANTS)) await run('', write, 1, 50)
  for (const concurrency of levels) {
    for (const [label, write] of Object.entries(VARIANTS)) await run(label, write, concurrency)
  }
} finally {
  await close()
}
