import { setTimeout as sleep } from 'node:timers/promises'
import { Hono } from 'hono'
import { streamSSE } from 'hono/streaming'
import type { EventBus } from '../../events'
import type { AuthEnv } from '../middleware/authenticate'

/**
 * Server-Sent Events: one `change` event per write anywhere, and a comment every 20 s to keep proxies open.
 * The stream ends when `stopping` aborts, so a shutting-down server is not held open (browsers reconnect).
 */
export function eventRoutes(bus: EventBus, stopping?: AbortSignal) {
  return new Hono<AuthEnv>().get('/', (c) =>
    streamSSE(c, async (stream) => {
      let counter = 0
      const unsubscribe = bus.subscribe((event) => {
        void stream.writeSSE({ event: 'change', id: String(++counter), data: JSON.stringify(event) })
      })
      stream.onAbort(unsubscribe)
      await stream.writeSSE({ event: 'ready', data: '{}' })
      while (!stream.aborted && !stream.closed && !stopping?.aborted) {
        // resolves early (rejects, ignored) when stopping aborts
        await sleep(20_000, undefined, { signal: stopping }).catch(() => {})
        if (!stream.aborted && !stopping?.aborted) await stream.write(': keep-alive\n\n')
      }
      unsubscribe()
    }),
  )
}
