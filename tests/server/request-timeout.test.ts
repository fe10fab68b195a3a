import { afterAll, describe, expect, it } from 'vitest'
import { inProcessBus } from '../../server/events'
import { closeTestPool, loginCookie, testApp, testPool } from '../support/app'

// A request that outlives GUATU_REQUEST_TIMEOUT_MS answers 504 in the error shape instead of holding the client.
// The slow request is a real one: a transaction on another connection holds the parcels table (embedded: the
// one database session), so the request's query waits past a 2 s limit (long enough for the same
// request to pass when nothing holds it, even on the embedded database of a busy machine).

afterAll(closeTestPool)
// (logins go through an app without the short limit: bcrypt alone may take longer than it)

const LIMIT_MS = 2_000

describe('the request timeout', () => {
  it('answers 504 request_timeout when a request takes longer than the limit, and 200 once it is fast again', async () => {
    const app = testApp({ requestTimeoutMs: LIMIT_MS })
    const cookie = await loginCookie(testApp(), 'leader')
    expect((await app.request('/api/parcels?limit=1', { headers: { cookie } })).status).toBe(200)

    const blocker = await testPool().connect()
    try {
      await blocker.query('begin')
      await blocker.query('lock table parcels in access exclusive mode')
      const res = await app.request('/api/parcels?limit=1', { headers: { cookie } })
      expect(res.status).toBe(504)
      expect(await res.json()).toEqual({
        error: {
          code: 'request_timeout',
          message: '请求耗时过长，请重试',
          details: [],
          key: 'request.timeout',
          params: {},
        },
      })
    } finally {
      await blocker.query('rollback')
      blocker.release()
    }
    expect((await app.request('/api/parcels?limit=1', { headers: { cookie } })).status).toBe(200)
  })

  it('leaves the event stream open past the limit', async () => {
    const events = inProcessBus()
    const app = testApp({ requestTimeoutMs: LIMIT_MS, events })
    const cookie = await loginCookie(testApp(), 'leader')
    const res = await app.request('/api/events', { headers: { cookie } })
    expect(res.status).toBe(200)
    const reader = (res.body as ReadableStream<Uint8Array>).getReader()
    const decoder = new TextDecoder()
    let received = decoder.decode((await reader.read()).value)
    expect(received).toContain('event: ready')

    await new Promise((resolve) => setTimeout(resolve, LIMIT_MS + 500))
    const at = new Date().toISOString()
    await events.publish({ resource: 'parcels', ids: [1], bbox: null, action: 'update', by: 'officer', at })
    while (!received.includes('event: change')) {
      const { value, done } = await reader.read()
      if (done) break
      received += decoder.decode(value)
    }
    await reader.cancel()
    expect(received).toContain(at)
  })
})
