import { describe, expect, it } from 'vitest'
import { PARCEL_STATUSES } from '../../../server/domain/vocabulary'
import { readingAs } from '../../support/app'

const { app, get } = readingAs('leader')

describe('GET /api/parcels', () => {
  it('answers the demo parcels as a GeoJSON FeatureCollection with areas in m² and mu', async () => {
    const { status, body } = await get('/api/parcels?limit=10000')
    expect(status).toBe(200)
    expect(body.type).toBe('FeatureCollection')
    expect(body.numberMatched).toBeGreaterThanOrEqual(400)
    expect(body.features).toHaveLength(body.numberMatched)
    const f = body.features[0]
    expect(f.geometry.type).toBe('MultiPolygon')
    expect(f.id).toBe(f.properties.id)
    for (const key of [
      'code',
      'name',
      'status',
      'land_use',
      'area_m2',
      'area_mu',
      'available_on',
      'readiness',
      'version',
    ]) {
      expect(f.properties).toHaveProperty(key)
    }
    expect(f.properties.area_mu).toBeCloseTo(f.properties.area_m2 / (10000 / 15), 1)
    const statuses = new Set(
      body.features.map((x: { properties: { status: string } }) => x.properties.status),
    )
    expect([...statuses].sort()).toEqual([...PARCEL_STATUSES].sort())
  })

  it('leaves the geometries out with geometry=none, the same parcels and properties otherwise', async () => {
    const full = (await get('/api/parcels?status=available&limit=50')).body
    const bare = await get('/api/parcels?status=available&limit=50&geometry=none')
    expect(bare.status).toBe(200)
    expect(bare.body.numberMatched).toBe(full.numberMatched)
    expect(bare.body.features.map((f: { geometry: unknown }) => f.geometry)).toEqual(
      full.features.map(() => null),
    )
    expect(bare.body.features.map((f: { properties: unknown }) => f.properties)).toEqual(
      full.features.map((f: { properties: unknown }) => f.properties),
    )
    expect((await get('/api/parcels?geometry=some')).status).toBe(400)
  })

  it('filters by status and land use', async () => {
    const { body } = await get('/api/parcels?status=available,reserved&land_use=M1')
    expect(body.features.length).toBeGreaterThan(0)
    for (const f of body.features) {
      expect(['available', 'reserved']).toContain(f.properties.status)
      expect(f.properties.land_use).toBe('M1')
    }
  })

  it('keeps to the bbox', async () => {
    const all = await get('/api/parcels?limit=10000')
    const bbox = [113.44, 22.54, 113.45, 22.55]
    const { body } = await get(`/api/parcels?bbox=${bbox.join(',')}&limit=10000`)
    expect(body.numberMatched).toBeGreaterThan(0)
    expect(body.numberMatched).toBeLessThan(all.body.numberMatched)
    for (const f of body.features) {
      const xs = f.geometry.coordinates.flat(2).map((p: number[]) => p[0])
      const ys = f.geometry.coordinates.flat(2).map((p: number[]) => p[1])
      expect(Math.max(...xs)).toBeGreaterThanOrEqual(bbox[0] as number)
      expect(Math.min(...xs)).toBeLessThanOrEqual(bbox[2] as number)
      expect(Math.max(...ys)).toBeGreaterThanOrEqual(bbox[1] as number)
      expect(Math.min(...ys)).toBeLessThanOrEqual(bbox[3] as number)
    }
  })

  it('pages with limit and offset and reports the total', async () => {
    const first = await get('/api/parcels?limit=5')
    const second = await get('/api/parcels?limit=5&offset=5')
    expect(first.body.features).toHaveLength(5)
    expect(second.body.numberMatched).toBe(first.body.numberMatched)
    expect(second.body.features[0].id).not.toBe(first.body.features[0].id)
  })

  it('filters by the forecast available_by before paging: numberMatched counts every match, pages walk them', async () => {
    const by = '2027-06-30'
    const all = await get('/api/parcels?limit=10000')
    const expected = all.body.features
      .filter((f: { properties: { available_on: string | null } }) => {
        const on = f.properties.available_on
        return on !== null && on <= by
      })
      .map((f: { id: number }) => f.id)
    // the demo district has more such parcels than one small page and fewer than all of them
    expect(expected.length).toBeGreaterThan(10)
    expect(expected.length).toBeLessThan(all.body.features.length)
    const first = await get(`/api/parcels?available_by=${by}&limit=4`)
    const second = await get(`/api/parcels?available_by=${by}&limit=4&offset=4`)
    expect(first.body.numberMatched).toBe(expected.length)
    expect(second.body.numberMatched).toBe(expected.length)
    expect(first.body.features.map((f: { id: number }) => f.id)).toEqual(expected.slice(0, 4))
    expect(second.body.features.map((f: { id: number }) => f.id)).toEqual(expected.slice(4, 8))
    const whole = await get(`/api/parcels?available_by=${by}&limit=10000`)
    expect(whole.body.features.map((f: { id: number }) => f.id)).toEqual(expected)
  })

  it('finds parcels by code text', async () => {
    const { body: all } = await get('/api/parcels?limit=1')
    const code = all.features[0].properties.code as string
    const { body } = await get(`/api/parcels?q=${encodeURIComponent(code)}`)
    expect(body.features.map((f: { properties: { code: string } }) => f.properties.code)).toContain(code)
    expect((await get('/api/parcels?q=%25')).status).toBe(200)
  })

  it.each([
    ['bbox with 3 numbers', '?bbox=1,2,3'],
    ['an unknown status', '?status=sold'],
    ['an unknown parameter', '?colour=red'],
    ['a limit over 10000', '?limit=20000'],
    ['a negative offset', '?offset=-1'],
  ])('answers 400 validation_failed for %s', async (_, query) => {
    const { status, body } = await get(`/api/parcels${query}`)
    expect(status).toBe(400)
    expect(body.error.code).toBe('validation_failed')
    expect(body.error.details.length).toBeGreaterThan(0)
  })

  it('answers 401 without a session', async () => {
    const res = await app.request('/api/parcels')
    expect(res.status).toBe(401)
  })
})

describe('GET /api/parcels/:id', () => {
  it('answers the parcel with its milestones in order and its project', async () => {
    const list = await get('/api/parcels?status=transferred&limit=1')
    const id = list.body.features[0].id
    const { status, body } = await get(`/api/parcels/${id}`)
    expect(status).toBe(200)
    expect(body.properties.code).toBe(list.body.features[0].properties.code)
    expect(body.milestones.map((m: { kind: string }) => m.kind)).toEqual([
      'acquisition',
      'clearance',
      'leveling',
      'servicing',
      'planning_conditions',
      'listing',
      'transfer',
      'handover',
    ])
    expect(body).toHaveProperty('project')
  })

  it('answers 404 not_found for a missing id and 400 for a malformed one', async () => {
    expect((await get('/api/parcels/99999999')).status).toBe(404)
    const bad = await get('/api/parcels/abc')
    expect(bad.status).toBe(400)
    expect(bad.body.error.code).toBe('validation_failed')
  })
})
