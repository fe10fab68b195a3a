import { describe, expect, it } from 'vitest'
import { DEMO_TODAY, readingAs } from '../../support/app'

const { get } = readingAs('leader')

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
