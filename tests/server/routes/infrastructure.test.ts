import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { closeTestPool, loginCookie, testApp } from '../../support/app'

const app = testApp()
let cookie = ''
beforeAll(async () => {
  cookie = await loginCookie(app, 'leader')
})
afterAll(closeTestPool)

describe('GET /api/infrastructure', () => {
  it('answers the network with progress, and marks unfinished items past their planned finish late', async () => {
    const res = await app.request('/api/infrastructure', { headers: { cookie } })
    expect(res.status).toBe(200)
    const body = await res.json()
    const kinds = new Set(body.features.map((f: { properties: { kind: string } }) => f.properties.kind))
    for (const kind of ['road', 'water', 'drainage', 'power', 'substation', 'gas'])
      expect(kinds).toContain(kind)
    const late = body.features.filter((f: { properties: { late: boolean } }) => f.properties.late)
    expect(late.length).toBeGreaterThan(0)
    for (const f of late) {
      expect(f.properties.status).not.toBe('done')
      expect(f.properties.planned_finish < '2026-11-28').toBe(true)
    }
  })

  it('filters by kind and rejects an unknown one', async () => {
    const roads = await (await app.request('/api/infrastructure?kind=road', { headers: { cookie } })).json()
    expect(roads.features.every((f: { properties: { kind: string } }) => f.properties.kind === 'road')).toBe(
      true,
    )
    const bad = await app.request('/api/infrastructure?kind=canal', { headers: { cookie } })
    expect(bad.status).toBe(400)
  })
})
