// `npm run data:city -- --parcels N`: replaces the synthetic city (parcels coded CITY-…) in the configured
// database (DATABASE_URL, or the embedded one in GUATU_DATA_DIR) with a city of N parcels, for scale tests
// and the benchmark. The demo district stays as it is. Every parcel gets its forecast in the same transaction.
import { parseArgs } from 'node:util'
import { openDatabase } from '../../server/db/connect'
import { migrate } from '../../server/db/migrate'
import { withTransaction } from '../../server/db/pool'
import { zoneToday } from '../../server/domain/units'
import { readEnv } from '../../server/env'
import { generateDemoDistrict } from '../demo/generate'
import { hasParcels, loadDemoDistrict } from '../demo/load-district'
import { buildCity, CITY_CENTRE } from './build-city'

const { values } = parseArgs({ options: { parcels: { type: 'string', default: '100000' } } })
const parcels = Number(values.parcels)
if (!Number.isInteger(parcels) || parcels < 1 || parcels > 5_000_000) {
  console.error('--parcels must be a whole number between 1 and 5000000')
  process.exit(2)
}

const env = readEnv()
const database = await openDatabase(env)
try {
  await migrate(database.pool)
  // the app loads the demo district only into an empty database: a city first would leave it without one
  if (!(await hasParcels(database.pool))) {
    await loadDemoDistrict(database.pool, generateDemoDistrict(), {
      accounts: database.kind === 'embedded',
      today: zoneToday(),
    })
    console.log('demo district loaded first')
  }
  const started = Date.now()
  const inserted = await withTransaction(database.pool, async (db) => {
    // a million parcels take minutes: longer than the pool's statement timeout for requests
    await db.query('set local statement_timeout = 0')
    // forecasts for the zone date the app serving this database will call today
    return buildCity(db, parcels, zoneToday())
  })
  const built = Date.now()
  // fresh statistics, so the planner uses the GiST indexes for tiles at once
  await database.pool.query('analyze parcels')
  console.log(
    `city of ${inserted} parcels around ${CITY_CENTRE.lon}°E ${CITY_CENTRE.lat}°N in the ${database.kind} database ` +
      `(${((built - started) / 1000).toFixed(1)} s, analyze ${((Date.now() - built) / 1000).toFixed(1)} s)`,
  )
} finally {
  await database.close()
}
