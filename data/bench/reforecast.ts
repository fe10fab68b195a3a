// `npm run bench:reforecast`: the day's turn at city scale (issue 12) on the database DATABASE_URL names (a
// real PostGIS with a city: `npm run data:city -- --parcels 1000000`). It forgets every stored forecast, then
// re-forecasts them all as the day's-turn job does, and meanwhile reads z14 tiles and 1,000-parcel list pages on
// other connections: it prints the job's time and rate, and the readers' p50/p95 while it runs against the same
// readers idle (the ratio says how much the job slows them). Writes only forecasts (land_forecasts).
import { migrate } from '../../server/db/migrate'
import { findParcels } from '../../server/db/parcels'
import { createPool, type Pool } from '../../server/db/pool'
import { renderTile } from '../../server/db/tiles'
import { tileAt } from '../../server/domain/tiles'
import { zoneToday } from '../../server/domain/units'
import { reforecastStale } from '../../server/services/land/reforecast'
import { CITY_CENTRE } from '../city/build-city'

const url = process.env.DATABASE_URL
if (!url) {
  console.error(
    'npm run bench:reforecast needs DATABASE_URL (a PostGIS database with a city: npm run data:city)',
  )
  process.exit(2)
}
const pool = createPool(url, 6)
await migrate(pool)
const { rows: counted } = await pool.query<{ n: number }>('select count(*)::int as n from parcels')
const parcels = counted[0]?.n ?? 0
const today = zoneToday()

function quantile(values: number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN
}

/** Reads a tile and a list page around the city centre in a loop until `until` says stop; their latencies. */
async function readLoop(db: Pool, until: () => boolean) {
  const tiles: number[] = []
  const lists: number[] = []
  for (let i = 0; !until(); i++) {
    const dx = ((i * 7) % 21) - 10
    const dy = ((i * 11) % 21) - 10
    const tile = tileAt(CITY_CENTRE.lon + dx * 0.004, CITY_CENTRE.lat + dy * 0.004, 14)
    let t = performance.now()
    await renderTile(db, 'parcels', tile, 'postgis')
    tiles.push(performance.now() - t)
    const lon = CITY_CENTRE.lon + dx * 0.002
    const lat = CITY_CENTRE.lat + dy * 0.002
    t = performance.now()
    await findParcels(db, {
      bbox: [lon, lat, lon + 0.02, lat + 0.02],
      limit: 1000,
      offset: 0,
      geometry: 'full',
    })
    lists.push(performance.now() - t)
  }
  return { tiles, lists }
}

function line(label: string, idle: number[], busy: number[]) {
  const p = (v: number[], q: number) => quantile(v, q).toFixed(1)
  console.log(
    `  ${label.padEnd(22)} idle p50 ${p(idle, 0.5)} ms p95 ${p(idle, 0.95)} ms | during the job p50 ${p(busy, 0.5)} ms ` +
      `p95 ${p(busy, 0.95)} ms (p95 × ${(quantile(busy, 0.95) / quantile(idle, 0.95)).toFixed(2)}, ${busy.length} reads)`,
  )
}

try {
  console.log(`re-forecasting ${parcels.toLocaleString('en')} parcels for ${today}`)
  const idleUntil = Date.now() + 10_000
  const idle = await readLoop(pool, () => Date.now() > idleUntil)

  await pool.query('truncate land_forecasts')
  let done = false
  const started = performance.now()
  const [count, busy] = await Promise.all([
    reforecastStale(pool, today).finally(() => {
      done = true
    }),
    readLoop(pool, () => done),
  ])
  const seconds = (performance.now() - started) / 1000
  console.log(
    `day's turn: ${count?.toLocaleString('en')} parcels in ${seconds.toFixed(1)} s ` +
      `(${Math.round((count ?? 0) / seconds).toLocaleString('en')} parcels/s; target ≤ 60 s for 1M)`,
  )
  line('z14 tile (cold)', idle.tiles, busy.tiles)
  line('list page (1,000)', idle.lists, busy.lists)
  const again = performance.now()
  const second = await reforecastStale(pool, today)
  console.log(`the same day again: ${second} parcels in ${((performance.now() - again) / 1000).toFixed(2)} s`)
} finally {
  await pool.end()
}
