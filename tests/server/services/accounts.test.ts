import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { type ChangeEvent, inProcessBus } from '../../../server/events'
import { logIn } from '../../../server/services/auth/login'
import { issueToken } from '../../../server/services/tokens/issue'
import { revokeToken } from '../../../server/services/tokens/revoke'
import { createUser } from '../../../server/services/users/create'
import { endUserSessions } from '../../../server/services/users/end-sessions'
import { updateUser } from '../../../server/services/users/update'
import type { Actor, ServiceDeps } from '../../../server/services/write'
import { DEMO_TODAY, loginCookie, testApp } from '../../support/app'
import { schemaPool } from '../../support/schema-pool'

// more connections than the shared test pool's 4: concurrent writes each hold one while they wait for the lock
const pool = schemaPool(inject('databaseUrl'), inject('testSchema'), 8)
const app = testApp({ pool })
const ADMIN: Actor = { username: 'admin', role: 'admin' }
let cookie = ''

beforeAll(async () => {
  // every connection open before the races, so that concurrent requests do not queue behind connecting
  await Promise.all(Array.from({ length: 8 }, () => pool.query('select 1')))
  cookie = await loginCookie(app, 'admin')
})
afterAll(async () => {
  await pool.query(`delete from history where entity_type = 'user' and entity_id in
    (select id from users where username like 't-svc-%')`)
  await pool.query(`delete from history where entity_type = 'token' and entity_id in
    (select id from api_tokens where name like 't-svc-%')`)
  await pool.query(`delete from api_tokens where name like 't-svc-%'`)
  await pool.query(`delete from users where username like 't-svc-%'`)
  await pool.end()
})

function recordingDeps() {
  const events: ChangeEvent[] = []
  const bus = inProcessBus()
  bus.subscribe((event) => events.push(event))
  const deps: ServiceDeps = { pool, events: bus, today: () => DEMO_TODAY }
  return { deps, events }
}

async function send(method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
  const res = await app.request(path, {
    method,
    headers: { cookie, 'content-type': 'application/json', ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  })
  const text = await res.text()
  return { status: res.status, body: text ? JSON.parse(text) : null }
}

async function historyOf(entityType: 'user' | 'token', id: number) {
  const { rows } = await pool.query<{ action: string; actor: string; changes: unknown }>(
    'select action, actor, changes from history where entity_type = $1 and entity_id = $2 order by id',
    [entityType, id],
  )
  return rows
}

const event = (resource: string, action: string, ids: number[]) => ({
  resource,
  action,
  ids,
  bbox: null,
  by: 'admin',
  at: expect.any(String),
  version: expect.any(String),
})

describe('PATCH /api/admin/users/:id', () => {
  it('answers 400 validation_failed without a version, 409 with the current user to a stale one', async () => {
    const created = await send('POST', '/api/admin/users', {
      username: 't-svc-versions',
      password: 'a-long-password',
      role: 'leader',
    })
    expect(created.body.version).toBe(1)
    const id = created.body.id
    const missing = await send('PATCH', `/api/admin/users/${id}`, { display_name: '王' })
    expect(missing.status).toBe(400)
    expect(missing.body.error.code).toBe('validation_failed')
    const changed = await send('PATCH', `/api/admin/users/${id}`, { display_name: '王', version: 1 })
    expect(changed.body).toMatchObject({ display_name: '王', version: 2 })
    const stale = await send('PATCH', `/api/admin/users/${id}`, { role: 'investment', version: 1 })
    expect(stale.status).toBe(409)
    expect(stale.body.error.code).toBe('version_conflict')
    expect(stale.body.error.details[0].current).toMatchObject({ id, role: 'leader', version: 2 })
    expect(stale.body.error.details[0].current).not.toHaveProperty('password_hash')
    const viaIfMatch = await send(
      'PATCH',
      `/api/admin/users/${id}`,
      { role: 'investment' },
      { 'if-match': '2' },
    )
    expect(viaIfMatch.body).toMatchObject({ role: 'investment', version: 3 })
  })

  it('lets one of three concurrent changes at one version win; the others get 409', async () => {
    const created = await send('POST', '/api/admin/users', {
      username: 't-svc-race',
      password: 'a-long-password',
      role: 'leader',
    })
    const id = created.body.id
    const answers = await Promise.all(
      ['investment', 'land_officer', 'admin'].map((role) =>
        send('PATCH', `/api/admin/users/${id}`, { role, version: 1 }),
      ),
    )
    expect(answers.map((a) => a.status).sort()).toEqual([200, 409, 409])
    const winner = answers.find((a) => a.status === 200)?.body
    const users = await send('GET', '/api/admin/users')
    expect(users.body.find((u: { id: number }) => u.id === id)).toMatchObject({
      role: winner.role,
      version: 2,
    })
    expect((await historyOf('user', id)).map((h) => h.action)).toEqual(['create', 'update'])
  })
})

describe('account services', () => {
  it('record a user created, changed and logged out everywhere, with one event each', async () => {
    const { deps, events } = recordingDeps()
    const user = await createUser(deps, ADMIN, {
      username: 't-svc-history',
      password: 'a-long-password',
      role: 'leader',
    })
    await updateUser(deps, ADMIN, { id: user.id, version: 1, change: { role: 'investment', disabled: true } })
    await endUserSessions(deps, ADMIN, user.id)
    expect(events).toEqual([
      event('users', 'create', [user.id]),
      event('users', 'update', [user.id]),
      event('users', 'update', [user.id]),
    ])
    expect(await historyOf('user', user.id)).toEqual([
      {
        action: 'create',
        actor: 'admin',
        changes: { username: 't-svc-history', role: 'leader', department_id: null, email: null },
      },
      {
        action: 'update',
        actor: 'admin',
        changes: { role: { from: 'leader', to: 'investment' }, disabled: { from: false, to: true } },
      },
      { action: 'update', actor: 'admin', changes: { sessions: 'ended' } },
    ])
  })

  it('refuse an unknown user, a taken username and an admin demoting themself, publishing nothing', async () => {
    const { deps, events } = recordingDeps()
    await expect(endUserSessions(deps, ADMIN, 999_999_999)).rejects.toMatchObject({ status: 404 })
    await expect(
      createUser(deps, ADMIN, { username: 'leader', password: 'a-long-password', role: 'leader' }),
    ).rejects.toMatchObject({ status: 409, code: 'conflict' })
    const admin = (await send('GET', '/api/admin/users')).body.find(
      (u: { username: string }) => u.username === 'admin',
    )
    await expect(
      updateUser(deps, ADMIN, { id: admin.id, version: admin.version, change: { disabled: true } }),
    ).rejects.toMatchObject({ status: 409, code: 'conflict' })
    expect(events).toEqual([])
  })

  it('ends the sessions of a user: their cookie stops working', async () => {
    const { deps } = recordingDeps()
    const user = await createUser(deps, ADMIN, {
      username: 't-svc-sessions',
      password: 'a-long-password',
      role: 'leader',
    })
    const theirs = await loginCookie(app, 't-svc-sessions', 'a-long-password')
    const me = () => app.request('/api/auth/me', { headers: { cookie: theirs } })
    expect((await me()).status).toBe(200)
    expect((await send('DELETE', `/api/admin/users/${user.id}/sessions`)).status).toBe(204)
    expect((await me()).status).toBe(401)
  })

  it('record a token issued and revoked, with one event each and never the secret', async () => {
    const { deps, events } = recordingDeps()
    const issued = await issueToken(deps, ADMIN, { name: 't-svc-token', role: 'leader' })
    expect(issued.token).toMatch(/^gt_[\w-]{43}$/)
    await revokeToken(deps, ADMIN, issued.id)
    await expect(revokeToken(deps, ADMIN, issued.id)).rejects.toMatchObject({ status: 404 })
    expect(events).toEqual([event('tokens', 'create', [issued.id]), event('tokens', 'delete', [issued.id])])
    const history = await historyOf('token', issued.id)
    expect(history).toEqual([
      { action: 'create', actor: 'admin', changes: { name: 't-svc-token', role: 'leader' } },
      { action: 'delete', actor: 'admin', changes: { revoked: true } },
    ])
    expect(JSON.stringify(events) + JSON.stringify(history)).not.toContain(issued.token)
  })

  it('log in without a history row or a change event: logins are bookkeeping', async () => {
    const before = await pool.query<{ n: number }>('select count(*)::int as n from history')
    const ok = await logIn({ pool, sessionHours: 1 }, { username: 'leader', password: 'guatu-demo' }, null)
    expect(ok).toMatchObject({ ok: true, username: 'leader', role: 'leader' })
    const wrong = await logIn({ pool, sessionHours: 1 }, { username: 'leader', password: 'wrong' }, null)
    expect(wrong).toEqual({ ok: false, reason: 'invalid_credentials' })
    const after = await pool.query<{ n: number }>('select count(*)::int as n from history')
    expect(after.rows[0]?.n).toBe(before.rows[0]?.n)
  })
})
