import { afterAll, beforeAll, inject } from 'vitest'
import { createApp } from '../../server/app'
import type { Pool } from '../../server/db/pool'
import type { AppDeps } from '../../server/deps'
import { inProcessBus } from '../../server/events'
import { schemaPool } from './schema-pool'

/** The demo district's "today": tests see the zone as the demo data describes it, whatever the real date. */
export const DEMO_TODAY = '2026-11-28'

let shared: Pool | null = null

/** The run's test database (demo district loaded), shared by the tests of one file. */
export function testPool(): Pool {
  shared ??= schemaPool(inject('databaseUrl'), inject('testSchema'), 4)
  return shared
}

export async function closeTestPool() {
  await shared?.end()
  shared = null
}

export function testApp(overrides: Partial<AppDeps> = {}) {
  return createApp({
    pool: testPool(),
    databaseKind: inject('databaseKind'),
    today: () => DEMO_TODAY,
    sessionHours: 1,
    basemapStyleUrl: null,
    events: inProcessBus(),
    ...overrides,
  })
}

export type TestApp = ReturnType<typeof testApp>

/** Logs in through the API and returns the Cookie header value for later requests. */
export async function loginCookie(app: TestApp, username: string, password = 'guatu-demo'): Promise<string> {
  const res = await app.request('/api/auth/login', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  })
  if (res.status !== 200) throw new Error(`login as ${username} failed: ${res.status} ${await res.text()}`)
  const cookie = res.headers.get('set-cookie') ?? ''
  return cookie.split(';')[0] ?? ''
}

/**
 * For a route test file that reads as one user: the app, logged in as `username` before the file's tests, the
 * pool closed after them; `get` answers a path's status and JSON body.
 */
export function readingAs(username: string) {
  const app = testApp()
  let cookie = ''
  beforeAll(async () => {
    cookie = await loginCookie(app, username)
  })
  afterAll(closeTestPool)
  const get = async (path: string) => {
    const res = await app.request(path, { headers: { cookie } })
    return { status: res.status, body: await res.json() }
  }
  return { app, get }
}
