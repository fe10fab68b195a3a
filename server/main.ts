import { resolve } from 'node:path'
import { serve } from '@hono/node-server'
import bcrypt from 'bcryptjs'
import { generateDemoDistrict } from '../data/demo/generate'
import { DEMO_PASSWORD, hasParcels, loadDemoDistrict } from '../data/demo/load-district'
import { createApp } from './app'
import { countAdmins, upsertUser } from './db/accounts'
import { openDatabase } from './db/connect'
import { migrate, PostgisMissingError } from './db/migrate'
import { postgresBus } from './db/notifications'
import { ReplicaSet } from './db/replicas'
import { zoneToday } from './domain/units'
import { readEnv } from './env'
import { inProcessBus } from './events'
import { WEB_DIST_DIR } from './paths'
import { gradeAfterWrites } from './services/escalation/grade-after-writes'
import { recordEscalations } from './services/escalation/record-escalations'
import { scheduleDayTurn, systemClock } from './services/jobs/day-turn'
import { scheduleReservationExpiry } from './services/jobs/release-expired-reservations'
import { freezePastAgendas } from './services/meetings/freeze-agendas'
import { startDeadlineInspections } from './services/orders/inspection-tasks'
import { closeImportReaders, DEFAULT_IMPORT_SETTINGS } from './services/parcels/read-import-file'
import { createReminderDelivery } from './services/reminders/deliver'
import { writeDigests } from './services/reminders/digest'
import { remindRedCards } from './services/reminders/notify'

const started = Date.now()
const env = readEnv()
/** The zone's date (Asia/Shanghai), or the one GUATU_TODAY pins. */
const today = () => env.GUATU_TODAY ?? zoneToday()
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
  // the embedded database is the demo: it gets the demo accounts; a real one only gets the district. Its forecasts
  // are computed for the real zone date, the today this process serves (deps.today below), not the demo's own
  await loadDemoDistrict(database.pool, generateDemoDistrict(), {
    accounts: database.kind === 'embedded',
    today: today(),
  })
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

// reads that tolerate lag go to the replicas that are up and have the caller's last write (server/db/replicas.ts)
let replicas: ReplicaSet | undefined
if (env.GUATU_READ_DATABASE_URLS.length > 0) {
  if (database.kind === 'postgres') {
    replicas = new ReplicaSet(database.pool, env.GUATU_READ_DATABASE_URLS, {
      maxLagBytes: env.GUATU_READ_MAX_LAG_MB * 1024 * 1024,
      maxDelayMs: env.GUATU_READ_MAX_DELAY_MS,
      probeMs: 1_000,
    })
    await replicas.start()
    for (const state of replicas.states) {
      console.log(`read replica ${state.name}: ${state.up ? 'up' : `not used (${state.error})`}`)
    }
  } else {
    console.warn(
      'GUATU_READ_DATABASE_URLS is ignored on the embedded database: set DATABASE_URL to use replicas',
    )
  }
}

const events =
  database.kind === 'postgres' && env.DATABASE_URL
    ? await postgresBus(env.DATABASE_URL, database.pool)
    : inProcessBus()

const stopping = new AbortController()
// reminders (issue 16): e-mail over SMTP when GUATU_SMTP_URL is set, department robots; delivered after each write
// that wrote some, after the day's turn, and every five minutes (what failed is tried again)
const reminders = createReminderDelivery({
  pool: database.pool,
  smtpUrl: env.GUATU_SMTP_URL,
  from: env.GUATU_SMTP_FROM,
})
const reminderTimer = setInterval(() => reminders.kick(), 5 * 60_000)
reminderTimer.unref()
// an item a write makes red (a milestone's date moved into the past, a blocker's due date…) is mailed at once: the
// late items are graded again after each write that may move a grade; what time alone makes red, the day's turn
const grading = gradeAfterWrites({ pool: database.pool, today, events, reminders })

const app = createApp({
  reminders,
  afterWrite: grading.afterWrite,
  pool: database.pool,
  databaseKind: database.kind,
  today,
  sessionHours: env.GUATU_SESSION_HOURS,
  basemapStyleUrl: env.GUATU_BASEMAP_STYLE_URL ?? null,
  basemapPmtiles: env.GUATU_BASEMAP_PMTILES ? resolve(env.GUATU_BASEMAP_PMTILES) : null,
  events,
  requestTimeoutMs: env.GUATU_REQUEST_TIMEOUT_MS,
  imports: {
    maxUploadBytes: env.GUATU_IMPORT_MAX_MB * 1024 * 1024,
    archive: {
      maxEntries: env.GUATU_IMPORT_MAX_ENTRIES,
      maxUncompressedBytes: env.GUATU_IMPORT_MAX_UNPACKED_MB * 1024 * 1024,
      maxRatio: env.GUATU_IMPORT_MAX_RATIO,
    },
    threads: env.GUATU_IMPORT_THREADS ?? DEFAULT_IMPORT_SETTINGS.threads,
    workerMemoryMb: env.GUATU_IMPORT_WORKER_MB,
  },
  stopping: stopping.signal,
  staticDir: WEB_DIST_DIR,
  trustProxy: env.GUATU_TRUST_PROXY,
  replicas,
})

// expired reservations read as released at once; this records their release now and every hour (one instance at
// a time: the others skip)
const stopExpiry = scheduleReservationExpiry({ pool: database.pool, events, today })

// a handler whose client has gone away still runs its queries: on shutdown the pool closes after the last one
let handling = 0
let allHandled: (() => void) | null = null
const fetch: typeof app.fetch = async (request, ...rest) => {
  handling++
  try {
    return await app.fetch(request, ...rest)
  } finally {
    if (--handling === 0) allHandled?.()
  }
}

const server = serve({ fetch, port: env.PORT, hostname: env.HOST }, (info) => {
  console.log(`ready in ${((Date.now() - started) / 1000).toFixed(1)} s`)
  console.log(`listening on http://${env.HOST}:${info.port}`)
})

// the day's turn: the forecasts stored for an earlier zone day (a process that was down over midnight) or missing
// are re-forecast now, in the background while the server answers (short transactions of 2,000 parcels, so tiles and
// lists keep answering), then at every zone midnight; it logs how many and how long. One instance at a time
const stopDayTurn = scheduleDayTurn(database.pool, {
  // a pinned zone date: the clock stays at its noon, so the day never turns
  clock: env.GUATU_TODAY
    ? { ...systemClock, now: () => new Date(`${env.GUATU_TODAY}T12:00:00+08:00`) }
    : systemClock,
  // then the late items are graded (正常/黄牌/红牌) and each change of grade recorded, one instance at a time
  // (items turned red remind their department and the leaders), then the daily digests are written
  afterTurn: async (day) => {
    // first the agendas of the meetings held before the new day are frozen, as their day left them (the minutes of
    // a past meeting read the same next month), before anything else of the day can move them
    const frozen = await freezePastAgendas({ pool: database.pool, events, today: () => day })
    if (frozen.length > 0) console.log(`meetings: ${frozen.length} agendas frozen for ${day}`)
    // waiting for the lock: a grading after a write may hold it at midnight, graded for the day before; another
    // instance's turn may hold it too, and this one then finds its changes recorded and reminds nobody twice
    const changes = await recordEscalations(
      database.pool,
      day,
      async (db, moved, late) => {
        await remindRedCards(db, moved, late)
      },
      { wait: true },
    )
    if (changes) console.log(`escalation: ${changes.length} changes of grade recorded for ${day}`)
    // promised starts of construction that passed: a 巡查任务 each, once (before the digests, which list them)
    const tasks = await startDeadlineInspections({ pool: database.pool, events, today: () => day })
    if (tasks.length > 0) console.log(`inspection tasks: ${tasks.length} promised starts to check for ${day}`)
    const digests = await writeDigests(database.pool, day)
    if (digests !== null) console.log(`reminders: ${digests} daily digests for ${day}`)
    await events
      .publish({
        resource: 'notifications',
        action: 'create',
        ids: [],
        bbox: null,
        by: 'system',
        at: new Date().toISOString(),
      })
      .catch(() => {})
    await reminders.deliver()
  },
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

// SIGTERM/SIGINT: stop accepting connections, let requests in flight finish, end the event streams (browsers
// reconnect to another instance or after the restart), then close the database and exit 0
async function shutdown(signal: string) {
  if (stopping.signal.aborted) return
  console.log(`${signal}: finishing requests and closing the database`)
  stopping.abort()
  const expiryStopped = stopExpiry()
  const dayTurnStopped = stopDayTurn()
  server.close(async () => {
    if (handling > 0) await new Promise<void>((resolve) => (allHandled = resolve))
    await expiryStopped
    await dayTurnStopped
    await grading.settled()
    clearInterval(reminderTimer)
    await reminders.close()
    await closeImportReaders()
    await events.close()
    await replicas?.close()
    await database.close()
    console.log('stopped')
    process.exit(0)
  })
  // idle keep-alive connections close now; a busy one closes once its response is sent
  if ('closeIdleConnections' in server) server.closeIdleConnections()
  // a request that outlives its own timeout must not hold the process forever
  setTimeout(() => {
    console.error('requests still open after the request timeout: exiting anyway')
    process.exit(1)
  }, env.GUATU_REQUEST_TIMEOUT_MS + 5_000).unref()
}
process.on('SIGINT', () => void shutdown('SIGINT'))
process.on('SIGTERM', () => void shutdown('SIGTERM'))

// SIGUSR2: one line with the process's memory (after a full collection when node runs with --expose-gc), so an
// operator or the load benchmark can tell a leak from a heap that has not been collected yet
process.on('SIGUSR2', () => {
  const collect = (globalThis as { gc?: () => void }).gc
  collect?.()
  const { rss, heapUsed, external } = process.memoryUsage()
  const mb = (bytes: number) => Math.round((bytes / 1024 / 1024) * 10) / 10
  console.log(
    `memory: ${JSON.stringify({ collected: Boolean(collect), rss_mb: mb(rss), heap_used_mb: mb(heapUsed), external_mb: mb(external) })}`,
  )
})
