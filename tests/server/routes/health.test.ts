import { afterAll, describe, expect, inject, it } from 'vitest'
import { createApp } from '../../../server/app'
import { createPool } from '../../../server/db/pool'
import { inProcessBus } from '../../../server/events'
import { closeTestPool, loginCookie, testApp } from '../../support/app'

afterAll(closeTestPool)

describe('GET /api/health', () => {
  it('answers ok with the database kind and the PostGIS version, without a session', async () => {
    const res = await testApp().request('/api/health')
    expect(res.status).toBe(200)
    const body = await res.json()
    expect(body).toMatchObject({ status: 'ok', database: inject('databaseKind') })
    expect(body.postgis).toMatch(/^3\./)
  })

  it('answers 503 with the error shape when the database cannot be reached', async () => {
    const dead = createPool('postgres://nobody@127.0.0.1:1/none', 1)
    const app = createApp({
      pool: dead,
      databaseKind: 'postgres',
      today: () => '2026-11-28',
      sessionHours: 1,
      basemapStyleUrl: null,
      events: inProcessBus(),
    })
    const res = await app.request('/api/health')
    expect(res.status).toBe(503)
    expect((await res.json()).error.code).toBe('database_unavailable')
    await dead.end()
  })
})

describe('unknown routes', () => {
  // the routes are public (README, /api/openapi.json, the source): an unknown path says so to anyone (issue 13)
  it('answer 404 not_found without a session too', async () => {
    const res = await testApp().request('/api/nothing-here')
    expect(res.status).toBe(404)
    expect((await res.json()).error.code).toBe('not_found')
  })

  it('answer 404 in the error shape with a session', async () => {
    const app = testApp()
    const res = await app.request('/api/nothing-here', {
      headers: { cookie: await loginCookie(app, 'leader') },
    })
    expect(res.status).toBe(404)
    expect((await res.json()).error.code).toBe('not_found')
  })
})

describe('security headers', () => {
  it('sends a Content Security Policy and no-sniff on every answer', async () => {
    const res = await testApp().request('/api/health')
    expect(res.headers.get('content-security-policy')).toMatch(/default-src 'self'/)
    expect(res.headers.get('content-security-policy')).toMatch(/frame-ancestors 'none'/)
    expect(res.headers.get('x-content-type-options')).toBe('nosniff')
  })

  it('answers 413 payload_too_large to a body over the limit', async () => {
    const res = await testApp().request('/api/auth/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'content-length': String(3 * 1024 * 1024) },
      body: 'x'.repeat(3 * 1024 * 1024),
    })
    expect(res.status).toBe(413)
    expect((await res.json()).error.code).toBe('payload_too_large')
  })
})
