import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ROLES } from '../../server/domain/vocabulary'
import { PERMISSIONS } from '../../server/http/permissions'
import { closeTestPool, loginCookie, testApp } from '../support/app'

// The authorization matrix, generated from the app's own route list: every route × anonymous and each role.
// Requests name records that do not exist and send empty bodies, so an allowed call answers 400/404 and
// writes nothing, while a refused one answers 401 (anonymous) or 403.
// with the built web app mounted, as in production: its catch-all fallback must not shadow the API's rules
const app = testApp({ staticDir: fileURLToPath(new URL('../../dist/web', import.meta.url)) })
const routes = [
  ...new Set(
    app.routes
      .filter((r) => r.method !== 'ALL' && /^\/(api|tiles|ogc)(\/|$)/.test(r.path))
      .map((r) => `${r.method} ${r.path}`),
  ),
].sort()

const SAMPLE: Record<string, string> = {
  id: '999999999',
  bid: '999999999',
  kind: 'acquisition',
  layer: 'parcels',
  z: '0',
  x: '0',
  file: 'parcels.json',
  collectionId: 'parcels',
  featureId: '999999999',
}

function concretePath(path: string): string {
  return path.replace(/:(\w+)/g, (_, name: string) => SAMPLE[name] ?? '1')
}

const cookies: Record<string, string> = {}
beforeAll(async () => {
  for (const [role, user] of [
    ['admin', 'admin'],
    ['land_officer', 'officer'],
    ['investment', 'investor'],
    ['leader', 'leader'],
  ] as const) {
    cookies[role] = await loginCookie(app, user)
  }
})
afterAll(closeTestPool)

async function call(route: string, cookie?: string, body: unknown = {}): Promise<number> {
  const [method = 'GET', path = '/'] = route.split(' ')
  const res = await app.request(concretePath(path), {
    method,
    headers: { 'content-type': 'application/json', ...(cookie ? { cookie } : {}) },
    body: method === 'GET' || method === 'HEAD' ? undefined : JSON.stringify(body),
  })
  // streams (events) must not stay open
  await res.body?.cancel().catch(() => {})
  return res.status
}

// rules that are not routes: "<route> <what>", for what a route does only for some roles (checked by assertMay)
const partRules = Object.keys(PERMISSIONS).filter((rule) => !routes.includes(rule))

/** A request that reaches each part rule's check; an allowed call then answers 404 (the record does not exist). */
const PART_BODY: Record<string, unknown> = {
  'POST /api/parcels/:id/schedule save': { target_on: '2027-06-30', save: true, version: 1 },
}

describe('the permission table', () => {
  it('has a rule for every route of the app', () => {
    expect(routes.filter((r) => !(r in PERMISSIONS))).toEqual([])
    expect(routes.length).toBeGreaterThan(40)
  })

  it('names a route of the app in every rule that is not a route, and the test has a request for it', () => {
    expect(partRules).toContain('POST /api/parcels/:id/schedule save')
    for (const rule of partRules) {
      expect(routes).toContain(rule.replace(/ [a-z_]+$/, ''))
      expect(PART_BODY).toHaveProperty([rule])
    }
  })
})

describe.each(partRules)('%s', (rule) => {
  const access = PERMISSIONS[rule]
  const route = rule.replace(/ [a-z_]+$/, '')

  it.each(ROLES)('answers %s as the table says', async (role) => {
    const allowed = access === 'read' || role === 'admin' || (access ?? []).includes(role)
    const status = await call(route, cookies[role], PART_BODY[rule])
    if (allowed) expect(status).toBe(404)
    else expect(status).toBe(403)
  })
})

describe.each(routes)('%s', (route) => {
  const access = PERMISSIONS[route]

  it('answers anonymous callers as the table says', async () => {
    const status = await call(route)
    if (access === 'public') expect(status).not.toBe(401)
    else expect(status).toBe(401)
  })

  it.each(ROLES)('answers %s as the table says', async (role) => {
    if (access === 'public') return // logout would end the session the other cases use
    const allowed = access === 'read' || role === 'admin' || (access ?? []).includes(role)
    const status = await call(route, cookies[role])
    expect(status).toBeLessThan(500)
    if (allowed) expect([401, 403]).not.toContain(status)
    else expect(status).toBe(403)
  })
})

describe('a path no route has', () => {
  // the web app's catch-all fallback matches every GET: it must not make unknown API paths look forbidden
  const shell = mkdtempSync(join(tmpdir(), 'guatu-shell-'))
  writeFileSync(join(shell, 'index.html'), '<!doctype html><title>Guatu</title>')
  const withShell = testApp({ staticDir: shell })
  afterAll(() => rmSync(shell, { recursive: true, force: true }))

  it.each([
    'GET /api/nothing-here',
    'GET /ogc/nothing-here',
    'GET /ogc/collections/parcels/nothing',
    'DELETE /api/zone',
    'POST /ogc/collections',
  ])('answers %s with 404 not_found to anonymous callers and to every role', async (route) => {
    const [method = 'GET', path = '/'] = route.split(' ')
    for (const cookie of [undefined, ...ROLES.map((role) => cookies[role])]) {
      const res = await withShell.request(path, { method, headers: cookie ? { cookie } : {} })
      expect(res.status, `${route} as ${cookie ? 'a role' : 'anonymous'}`).toBe(404)
      expect((await res.json()).error.code).toBe('not_found')
    }
  })

  it('still serves the web app outside /api, /ogc and /tiles', async () => {
    const res = await withShell.request('/parcels/12')
    expect(res.status).toBe(200)
    expect(await res.text()).toContain('<title>Guatu</title>')
  })
})
