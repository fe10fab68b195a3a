import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { closeTestPool, DEMO_TODAY, loginCookie, testApp } from '../../support/app'

const app = testApp()
let cookie = ''
beforeAll(async () => {
  cookie = await loginCookie(app, 'leader')
})
afterAll(closeTestPool)

async function get(path: string) {
  const res = await app.request(path, { headers: { cookie } })
  return { status: res.status, body: await res.json() }
}

describe('GET /api/zone', () => {
  it("answers the zone's extent, today, and its parcels counted with the area available", async () => {
    const { status, body } = await get('/api/zone')
    expect(status).toBe(200)
    expect(body.today).toBe(DEMO_TODAY)
    expect(body.bbox).toHaveLength(4)
    const all = (await get('/api/parcels?limit=10000')).body
    expect(body.parcels.count).toBe(all.numberMatched)
    const available = (await get('/api/parcels?limit=10000&status=available')).body.features as {
      properties: { area_m2: number }
    }[]
    const availableMu = available.reduce((sum, f) => sum + f.properties.area_m2, 0) * 0.0015
    expect(availableMu).toBeGreaterThan(0)
    expect(body.parcels.available_mu).toBeCloseTo(availableMu, 0)
  })
})
