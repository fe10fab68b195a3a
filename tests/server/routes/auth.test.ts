import { afterAll, describe, expect, it } from 'vitest'
import { closeTestPool, loginCookie, type TestApp, testApp, testPool } from '../../support/app'

const app = testApp()
afterAll(closeTestPool)

function post(path: string, body: unknown, headers: Record<string, string> = {}) {
  return app.request(path, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  })
}

describe('POST /api/auth/login', () => {
  it('sets an HttpOnly session cookie and answers the role', async () => {
    const res = await post('/api/auth/login', { username: 'leader', password: 'guatu-demo' })
    expect(res.status).toBe(200)
    expect(await res.json()).toEqual({ username: 'leader', role: 'leader', department: null })
    const cookie = res.headers.get('set-cookie') ?? ''
    expect(cookie).toMatch(/^guatu_session=/)
    expect(cookie).toMatch(/HttpOnly/i)
    expect(cookie).toMatch(/SameSite=Lax/i)
  })

  it('answers 401 without saying which half was wrong', async () => {
    const wrongPassword = await post('/api/auth/login', { username: 'leader', password: 'nope' })
    const noUser = await post('/api/auth/login', { username: 'nobody', password: 'guatu-demo' })
    expect(wrongPassword.status).toBe(401)
    expect(noUser.status).toBe(401)
    expect(await wrongPassword.json()).toEqual(await noUser.json())
  })

  it('answers 400 validation_failed for a body without a password', async () => {
    const res = await post('/api/auth/login', { username: 'leader' })
    expect(res.status).toBe(400)
    const body = await res.json()
    expect(body.error.code).toBe('validation_failed')
    expect(body.error.details[0].path).toBe('password')
  })

  it('answers 400 for malformed JSON', async () => {
    const res = await app.request('/api/auth/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"username":',
    })
    expect(res.status).toBe(400)
    expect((await res.json()).error.code).toBe('validation_failed')
  })
})

describe('GET /api/auth/me', () => {
  it('answers 401 unauthenticated without a session', async () => {
    const res = await app.request('/api/auth/me')
    expect(res.status).toBe(401)
    expect((await res.json()).error.code).toBe('unauthenticated')
  })

  it('answers the user of the session, and 401 after logout', async () => {
    const cookie = await loginCookie(app, 'officer')
    const me = await app.request('/api/auth/me', { headers: { cookie } })
    // the demo's officer works for the land reserve centre (data/demo/departments.ts)
    expect(await me.json()).toEqual({
      username: 'officer',
      role: 'land_officer',
      department: { id: expect.any(Number), name: '土地储备中心', name_en: 'Land Reserve Centre' },
    })
    await app.request('/api/auth/logout', { method: 'POST', headers: { cookie } })
    expect((await app.request('/api/auth/me', { headers: { cookie } })).status).toBe(401)
  })
})

describe('POST /api/auth/tokens', () => {
  it('lets an admin issue a bearer token that authenticates with its role', async () => {
    const cookie = await loginCookie(app, 'admin')
    const res = await post('/api/auth/tokens', { name: 'qgis', role: 'leader' }, { cookie })
    expect(res.status).toBe(201)
    const { token } = await res.json()
    expect(token).toMatch(/^gt_/)
    const me = await app.request('/api/auth/me', { headers: { authorization: `Bearer ${token}` } })
    expect(await me.json()).toEqual({ username: 'token:qgis', role: 'leader', department: null })
  })

  it('answers 403 forbidden to a leader', async () => {
    const cookie = await loginCookie(app, 'leader')
    const res = await post('/api/auth/tokens', { name: 'x', role: 'admin' }, { cookie })
    expect(res.status).toBe(403)
    expect((await res.json()).error.code).toBe('forbidden')
  })

  it('refuses a cookie-authenticated write from another origin', async () => {
    const cookie = await loginCookie(app, 'admin')
    const res = await post(
      '/api/auth/tokens',
      { name: 'x', role: 'leader' },
      { cookie, origin: 'https://evil.example' },
    )
    expect(res.status).toBe(403)
  })

  it('answers 401 to an unknown bearer token', async () => {
    const res = await app.request('/api/parcels', { headers: { authorization: 'Bearer gt_nope' } })
    expect(res.status).toBe(401)
  })
})

describe('login lockout', () => {
  it('locks a username after 5 failed logins with 429, records every attempt, and leaves others alone', async () => {
    const pool = (await import('../../support/app')).testPool()
    await pool.query(`insert into users (username, password_hash, role) values ('lockme', $1, 'leader')`, [
      (await import('bcryptjs')).default.hashSync('right-password', 4),
    ])
    try {
      for (let i = 0; i < 5; i++) {
        expect((await post('/api/auth/login', { username: 'lockme', password: 'wrong' })).status).toBe(401)
      }
      const locked = await post('/api/auth/login', { username: 'lockme', password: 'right-password' })
      expect(locked.status).toBe(429)
      expect((await locked.json()).error.code).toBe('too_many_attempts')
      expect(locked.headers.get('retry-after')).toBe('900')
      expect((await post('/api/auth/login', { username: 'leader', password: 'guatu-demo' })).status).toBe(200)
      const { rows } = await pool.query(
        `select count(*)::int as n from login_attempts where username = 'lockme'`,
      )
      expect(rows[0].n).toBe(6)
    } finally {
      await pool.query(`delete from login_attempts where username = 'lockme'`)
      await pool.query(`delete from users where username = 'lockme'`)
    }
  })
})

describe('behind a reverse proxy (GUATU_TRUST_PROXY)', () => {
  const loginVia = (target: TestApp, headers: Record<string, string>) =>
    target.request('/api/auth/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify({ username: 'investor', password: 'guatu-demo' }),
    })
  const forwarded = { 'x-forwarded-for': '198.51.100.7, 203.0.113.9', 'x-forwarded-proto': 'https' }

  it('trusts the proxy: the cookie is Secure for an HTTPS browser, the attempt records the address nginx appended', async () => {
    const pool = testPool()
    await pool.query(`delete from login_attempts where username = 'investor'`)
    const res = await loginVia(testApp({ trustProxy: true }), forwarded)
    expect(res.status).toBe(200)
    expect(res.headers.get('set-cookie')).toMatch(/;\s*Secure/i)
    const { rows } = await pool.query(`select ip from login_attempts where username = 'investor'`)
    expect(rows).toEqual([{ ip: '203.0.113.9' }])
  })

  it('without it ignores the forwarded headers anyone could send', async () => {
    const pool = testPool()
    await pool.query(`delete from login_attempts where username = 'investor'`)
    const res = await loginVia(app, forwarded)
    expect(res.status).toBe(200)
    expect(res.headers.get('set-cookie')).not.toMatch(/;\s*Secure/i)
    const { rows } = await pool.query(`select ip from login_attempts where username = 'investor'`)
    expect(rows).toEqual([{ ip: null }])
  })
})
