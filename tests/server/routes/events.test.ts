import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { postgresBus } from '../../../server/db/notifications'
import { type EventBus, inProcessBus } from '../../../server/events'
import { closeTestPool, loginCookie, testApp, testPool } from '../../support/app'

// Two server instances on one database. On PostgreSQL each has its own LISTEN connection, so the event has
// to travel through the database; the embedded database serves one instance, whose bus is in process.
let busA: EventBus
let busB: EventBus

beforeAll(async () => {
  if (inject('databaseKind') === 'postgres') {
    const url = inject('databaseUrl')
    busA = await postgresBus(url, testPool())
    busB = await postgresBus(url, testPool())
  } else {
    busA = inProcessBus()
    busB = busA
  }
})
afterAll(async () => {
  await busA?.close()
  await busB?.close()
  await testPool().query(`delete from infrastructure where name = 'T-SSE'`)
  await closeTestPool()
})

/** Reads SSE frames from a response body until one matches. */
async function nextEvent(
  body: ReadableStream<Uint8Array>,
  match: (data: Record<string, unknown>) => boolean,
) {
  const reader = body.getReader()
  const decoder = new TextDecoder()
  let buffer = ''
  for (;;) {
    const { value, done } = await reader.read()
    if (done) throw new Error('stream ended')
    buffer += decoder.decode(value, { stream: true })
    const frames = buffer.split('\n\n')
    buffer = frames.pop() ?? ''
    for (const frame of frames) {
      const event = /^event: (.*)$/m.exec(frame)?.[1]
      const data = /^data: (.*)$/m.exec(frame)?.[1]
      if (event === 'change' && data && match(JSON.parse(data))) {
        await reader.cancel()
        return JSON.parse(data) as Record<string, unknown>
      }
    }
  }
}

describe('GET /api/events', () => {
  it('delivers a change made through instance A to a browser connected to instance B', async () => {
    const a = testApp({ events: busA })
    const b = testApp({ events: busB })
    const officer = await loginCookie(a, 'officer')
    const leader = await loginCookie(b, 'leader')

    const stream = await b.request('/api/events', { headers: { cookie: leader } })
    expect(stream.status).toBe(200)
    expect(stream.headers.get('content-type')).toMatch(/text\/event-stream/)
    const body = stream.body as ReadableStream<Uint8Array>
    const arrived = nextEvent(body, (e) => e.resource === 'infrastructure' && e.action === 'create')

    const started = Date.now()
    const res = await a.request('/api/infrastructure', {
      method: 'POST',
      headers: { cookie: officer, 'content-type': 'application/json' },
      body: JSON.stringify({
        kind: 'power',
        name: 'T-SSE',
        geometry: { type: 'Point', coordinates: [110.95, 20.95] },
      }),
    })
    expect(res.status).toBe(201)
    const event = await arrived
    console.log(`change event from A reached B after ${Date.now() - started} ms (${inject('databaseKind')})`)
    expect(event).toMatchObject({ resource: 'infrastructure', action: 'create', by: 'officer' })
  })

  it('answers 401 without a session', async () => {
    expect((await testApp().request('/api/events')).status).toBe(401)
  })
})

describe('GET /api/events when the server is stopping', () => {
  it('ends the open stream once the stopping signal aborts', async () => {
    const stopping = new AbortController()
    const app = testApp({ stopping: stopping.signal })
    const cookie = await loginCookie(app, 'leader')
    const res = await app.request('/api/events', { headers: { cookie } })
    const reader = (res.body as ReadableStream<Uint8Array>).getReader()
    expect(new TextDecoder().decode((await reader.read()).value)).toContain('event: ready')

    stopping.abort()
    let done = false
    while (!done) done = (await reader.read()).done
    expect(done).toBe(true)
  })
})
