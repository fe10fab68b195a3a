import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { READINESS_LIMIT_MAX } from '../../../server/domain/parcel'
import { closeTestPool, DEMO_TODAY, loginCookie, testApp } from '../../support/app'

const app = testApp()
let cookie = ''
beforeAll(async () => {
  cookie = await loginCookie(app, 'leader')
})
afterAll(closeTestPool)

async function get(path: string, headers: Record<string, string> = { cookie }) {
  const res = await app.request(path, { headers })
  return { status: res.status, body: await res.json() }
}

type Readiness = { id: number; readiness: string | null; available_on: string | null }
type Feature = {
  id: number
  properties: {
    readiness: string | null
    available_on: string | null
    ready_on: string | null
    handover_on: string | null
  }
}

// the demo district's middle, about 3 × 2 km
const BBOX = '113.435,22.54,113.465,22.56'

describe('GET /api/parcels/readiness', () => {
  it('answers for a box the readiness and available_on that GET /api/parcels gives, and leaves out parcels without either', async () => {
    const { status, body } = await get(`/api/parcels/readiness?bbox=${BBOX}`)
    expect(status).toBe(200)
    expect(body.as_of).toBe(DEMO_TODAY)
    expect(body.truncated).toBe(false)
    const full = (await get(`/api/parcels?bbox=${BBOX}&limit=10000`)).body.features as Feature[]
    const expected = full
      .filter(
        (f) =>
          f.properties.readiness !== null ||
          f.properties.ready_on !== null ||
          f.properties.handover_on !== null,
      )
      .map((f) => ({
        id: f.id,
        readiness: f.properties.readiness,
        available_on: f.properties.available_on,
        ready_on: f.properties.ready_on,
        handover_on: f.properties.handover_on,
      }))
      .sort((a, b) => a.id - b.id)
    expect(expected.length).toBeGreaterThan(20)
    expect(new Set(expected.map((p) => p.readiness)).size).toBeGreaterThan(2)
    expect(body.parcels).toEqual(expected)
  })

  it('covers the whole zone without a box', async () => {
    const { body } = await get('/api/parcels/readiness')
    const inBox = (await get(`/api/parcels/readiness?bbox=${BBOX}`)).body.parcels as Readiness[]
    expect(body.parcels.length).toBeGreaterThan(inBox.length)
    const ids = (body.parcels as Readiness[]).map((p) => p.id)
    expect(new Set(ids).size).toBe(ids.length)
  })

  it('forecasts as of another date: milestones still open by then are late', async () => {
    const today = (await get('/api/parcels/readiness')).body.parcels as Readiness[]
    const { body } = await get('/api/parcels/readiness?as_of=2031-01-01')
    expect(body.as_of).toBe('2031-01-01')
    const late = (list: Readiness[]) => list.filter((p) => p.readiness === 'late').length
    expect(late(body.parcels)).toBeGreaterThan(late(today))
  })

  it('stops at the limit and says it did', async () => {
    const { body } = await get('/api/parcels/readiness?limit=5')
    expect(body.parcels).toHaveLength(5)
    expect(body.truncated).toBe(true)
  })

  it('answers 400 validation_failed for a bad box, date or limit, and for an unknown parameter', async () => {
    for (const query of [
      'bbox=1,2,3',
      'bbox=10,10,5,5',
      'as_of=2026-13-01',
      'limit=0',
      `limit=${READINESS_LIMIT_MAX + 1}`,
      'status=available',
    ]) {
      const { status, body } = await get(`/api/parcels/readiness?${query}`)
      expect(status, query).toBe(400)
      expect(body.error.code, query).toBe('validation_failed')
    }
  })

  it('answers 401 unauthenticated without a session', async () => {
    const { status, body } = await get('/api/parcels/readiness', {})
    expect(status).toBe(401)
    expect(body.error.code).toBe('unauthenticated')
  })
})
