import { Hono } from 'hono'
import { streamSSE } from 'hono/streaming'
import type { EventBus } from '../events'
import type { AuthEnv } from '../middleware/authenticate'

/** Server-Sent Events: one `change` event per write anywhere, and a comment every 20 s to keep proxies open. */
export function eventRoutes(bus: EventBus) {
  return new Hono<AuthEnv>().get('/', (c) =>
    streamSSE(c, async (stream) => {
      let counter = 0
      const unsubscribe = bus.subscribe((event) => {
        void stream.writeSSE({ event: 'change', id: String(++counter), data: JSON.stringify(event) })
      })
      stream.onAbort(unsubscribe)
      await stream.writeSSE({ event: 'ready', data: '{}' })
      while (!stream.aborted && !stream.closed) {
        await stream.sleep(20_000)
        if (!stream.aborted) await stream.write(': keep-alive\n\n')
      }
      unsubscribe()
    }),
  )
}
