// `npm run demo:load`: loads the demo district, with the demo accounts, into the configured database
// (DATABASE_URL, or the embedded one in GUATU_DATA_DIR). Re-runnable: it replaces what was there.
import { openDatabase } from '../../server/db/connect'
import { migrate } from '../../server/db/migrate'
import { zoneToday } from '../../server/domain/units'
import { readEnv } from '../../server/env'
import { generateDemoDistrict } from './generate'
import { DEMO_PASSWORD, loadDemoDistrict } from './load-district'

const env = readEnv()
const database = await openDatabase(env)
try {
  await migrate(database.pool)
  const district = generateDemoDistrict()
  // forecasts for the zone date the app serving this database will call today
  await loadDemoDistrict(database.pool, district, { accounts: true, today: zoneToday() })
  console.log(
    `loaded ${district.parcels.length} parcels, ${district.projects.length} projects, ` +
      `${district.infrastructure.length} infrastructure items into the ${database.kind} database`,
  )
  console.log(`demo accounts admin, officer, investor, leader — password ${DEMO_PASSWORD}`)
} finally {
  await database.close()
}
