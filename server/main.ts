import { fileURLToPath } from 'node:url'
import { serve } from '@hono/node-server'
import bcrypt from 'bcryptjs'
import { generateDemoDistrict } from '../data/demo/generate'
import { DEMO_PASSWORD, hasParcels, loadDemoDistrict } from '../data/demo/load-district'
import { createApp } from './app'
import { countAdmins, upsertUser } from './db/accounts'
import { openDatabase } from './db/connect'
import { migrate, PostgisMissingError } from './db/migrate'
import { postgresBus } from './db/notifications'
import { zoneToday } from './domain/units'
import { readEnv } from './env'
import { inProcessBus } from './events'

const started = Date.now()
const env = readEnv()
const database = await openDatabase(env)
console.log(
  database.kind === 'embedded'
    ? `database: embedded PostGIS (PGlite) in ${env.GUATU_DATA_DIR}`
    : `database: PostgreSQL at ${new URL(env.DATABASE_URL ?? '').host}`,
)

try {
  const applied = await migrate(database.pool)
  if (applied.length > 0) console.log(`migrations applied: ${applied.join(', ')}`)
} catch (err) {
  console.error(
    err instanceof PostgisMissingError ? err.message : `cannot prepare the database: ${String(err)}`,
  )
  await database.close()
  process.exit(1)
}

if (!(await hasParcels(database.pool))) {
  // the embedded database is the demo: it gets the demo accounts; a real one only gets the district
  await loadDemoDistrict(database.pool, generateDemoDistrict(), { accounts: database.kind === 'embedded' })
  console.log('demo district loaded')
}
if (database.kind === 'embedded') {
  console.log(`demo accounts: admin, officer, investor, leader — password ${DEMO_PASSWORD}`)
}
if (env.GUATU_ADMIN_PASSWORD && (await countAdmins(database.pool)) === 0) {
  await upsertUser(database.pool, {
    username: 'admin',
    role: 'admin',
    passwordHash: await bcrypt.hash(env.GUATU_ADMIN_PASSWORD, 10),
  })
  console.log('admin account created from GUATU_ADMIN_PASSWORD')
}

const events =
  database.kind === 'postgres' && env.DATABASE_URL
    ? await postgresBus(env.DATABASE_URL, database.pool)
    : inProcessBus()

const app = createApp({
  pool: database.pool,
  databaseKind: database.kind,
  today: () => zoneToday(),
  sessionHours: env.GUATU_SESSION_HOURS,
  basemapStyleUrl: env.GUATU_BASEMAP_STYLE_URL ?? null,
  events,
  staticDir: fileURLToPath(new URL('../dist/web', import.meta.url)),
})

const server = serve({ fetch: app.fetch, port: env.PORT, hostname: env.HOST }, (info) => {
  console.log(`ready in ${((Date.now() - started) / 1000).toFixed(1)} s`)
  console.log(`listening on http://${env.HOST}:${info.port}`)
})

server.on('error', async (err: NodeJS.ErrnoException) => {
  console.error(
    err.code === 'EADDRINUSE'
      ? `port ${env.PORT} on ${env.HOST} is taken: stop what uses it or set PORT to another one`
      : `cannot listen: ${err.message}`,
  )
  await database.close().catch(() => {})
  process.exit(1)
})

let stopping = false
async function shutdown(signal: string) {
  if (stopping) return
  stopping = true
  console.log(`${signal}: finishing requests and closing the database`)
  server.close(async () => {
    await events.close()
    await database.close()
    process.exit(0)
  })
  // a keep-alive connection must not hold the process forever
  setTimeout(() => process.exit(0), 10_000).unref()
}
process.on('SIGINT', () => void shutdown('SIGINT'))
process.on('SIGTERM', () => void shutdown('SIGTERM'))
