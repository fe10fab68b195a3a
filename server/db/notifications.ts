import type { ChangeEvent, EventBus } from '../events'
import { LocalListeners } from '../events'
import { createClient, type Pool } from './pool'

const CHANNEL = 'guatu_changes'

/**
 * Events through PostgreSQL NOTIFY/LISTEN, so a change made through one server instance reaches the browsers
 * connected to every other. The listening connection reconnects by itself when the database comes back.
 */
export async function postgresBus(connectionString: string, pool: Pool): Promise<EventBus> {
  const local = new LocalListeners()
  let closed = false
  let client: ReturnType<typeof createClient> | null = null

  async function listen() {
    const next = createClient(connectionString)
    next.on('notification', (msg) => {
      if (msg.channel !== CHANNEL || !msg.payload) return
      try {
        local.emit(JSON.parse(msg.payload) as ChangeEvent)
      } catch {
        // a payload from something else on the channel: not ours to read
      }
    })
    next.on('error', () => {
      if (closed) return
      next.end().catch(() => {})
      setTimeout(() => void listen().catch(retryLater), 1000)
    })
    await next.connect()
    await next.query(`listen ${CHANNEL}`)
    client = next
  }
  function retryLater() {
    if (!closed) setTimeout(() => void listen().catch(retryLater), 2000)
  }

  await listen()
  return {
    async publish(event) {
      // the version: the primary's WAL position now, after the change's commit (README "Deploying": the cache)
      const { version: _ignored, ...rest } = event
      await pool.query(
        `select pg_notify($1, left($2, -1) || ',"version":"' || pg_current_wal_lsn()::text || '"}')`,
        [CHANNEL, JSON.stringify(rest)],
      )
    },
    subscribe: (listener) => local.subscribe(listener),
    async close() {
      closed = true
      await client?.end().catch(() => {})
    },
  }
}
