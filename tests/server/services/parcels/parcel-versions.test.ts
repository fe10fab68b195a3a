import { afterAll, describe, expect, it } from 'vitest'
import { closeTestPool, testApp, testPool } from '../../../support/app'
import { parcelApi } from '../../../support/parcel-api'

// Every write that changes an existing parcel carries the version the client edited: without one it is refused
// (400 validation_failed), with a stale one it answers 409 version_conflict with the current record, and a parcel
// that another write deleted meanwhile answers 409 too (no current record), not 404.
const app = testApp()
const api = parcelApi(app, 'TV-')

afterAll(async () => {
  await testPool().query(`delete from history where entity_type = 'parcel' and changes->>'code' like 'TV-%'`)
  await testPool().query(`delete from parcels where code like 'TV-%'`)
  await closeTestPool()
})

// an empty corner of the map: 109.3°E 19.5°N onwards, a column of 0.01° per test
const LAT = 19.5
const CUT = (lon: number) => ({
  type: 'LineString',
  coordinates: [
    [lon + 0.0005, LAT - 0.001],
    [lon + 0.0005, LAT + 0.002],
  ],
})

function expectValidationFailed(answer: { status: number; body: { error: { code: string } } }) {
  expect(answer.status).toBe(400)
  expect(answer.body.error.code).toBe('validation_failed')
}

function expectConflict(
  answer: { status: number; body: { error: { code: string; details: { current: unknown }[] } } },
  current: unknown,
) {
  expect(answer.status).toBe(409)
  expect(answer.body.error.code).toBe('version_conflict')
  if (current === null) expect(answer.body.error.details[0]?.current).toBeNull()
  else expect(answer.body.error.details[0]?.current).toMatchObject(current as object)
}

describe('POST /api/parcels/:id/split', () => {
  it('answers 400 validation_failed without a version and 409 version_conflict to a stale one', async () => {
    const lon = 109.3
    const parcel = await api.create(lon, LAT)
    expectValidationFailed(await api.send('POST', `/api/parcels/${parcel.id}/split`, { line: CUT(lon) }))
    const stale = await api.send('POST', `/api/parcels/${parcel.id}/split`, { line: CUT(lon), version: 2 })
    expectConflict(stale, { code: parcel.properties.code, version: 1 })
    // nothing was split
    expect((await api.send('GET', `/api/parcels/${parcel.id}`)).status).toBe(200)
    const split = await api.send(
      'POST',
      `/api/parcels/${parcel.id}/split`,
      { line: CUT(lon) },
      { 'if-match': '"1"' },
    )
    expect(split.status).toBe(201)
    expect(split.body.features).toHaveLength(2)
  })

  it('answers 409 with no current record for a parcel split meanwhile, and 404 for one that never existed', async () => {
    const lon = 109.31
    const parcel = await api.create(lon, LAT)
    expect(
      (await api.send('POST', `/api/parcels/${parcel.id}/split`, { line: CUT(lon), version: 1 })).status,
    ).toBe(201)
    const again = await api.send('POST', `/api/parcels/${parcel.id}/split`, { line: CUT(lon), version: 1 })
    expectConflict(again, null)
    const patch = await api.send('PATCH', `/api/parcels/${parcel.id}`, { name: 'x', version: 1 })
    expectConflict(patch, null)
    const never = await api.send('POST', '/api/parcels/999999999/split', { line: CUT(lon), version: 1 })
    expect(never.status).toBe(404)
  })
})

describe('POST /api/parcels/merge', () => {
  it('answers 400 validation_failed without versions or with one missing, 409 to a stale one', async () => {
    const lon = 109.32
    const a = await api.create(lon, LAT)
    const b = await api.create(lon + 0.001, LAT)
    const ids = [a.id, b.id]
    expectValidationFailed(await api.send('POST', '/api/parcels/merge', { ids }))
    const missing = await api.send('POST', '/api/parcels/merge', { ids, versions: { [a.id]: 1 } })
    expectValidationFailed(missing)
    expect(missing.body.error.details[0].path).toBe(`versions.${b.id}`)
    await api.send('PATCH', `/api/parcels/${b.id}`, { name: '改过', version: 1 })
    const stale = await api.send('POST', '/api/parcels/merge', { ids, versions: { [a.id]: 1, [b.id]: 1 } })
    expectConflict(stale, { code: b.properties.code, name: '改过', version: 2 })
    const merged = await api.send('POST', '/api/parcels/merge', { ids, versions: { [a.id]: 1, [b.id]: 2 } })
    expect(merged.status).toBe(201)
  })

  it('answers 409 with no current record when a parcel was merged meanwhile', async () => {
    const lon = 109.33
    const a = await api.create(lon, LAT)
    const b = await api.create(lon + 0.001, LAT)
    const c = await api.create(lon + 0.002, LAT)
    const first = await api.send('POST', '/api/parcels/merge', {
      ids: [a.id, b.id],
      versions: { [a.id]: 1, [b.id]: 1 },
    })
    expect(first.status).toBe(201)
    const second = await api.send('POST', '/api/parcels/merge', {
      ids: [b.id, c.id],
      versions: { [b.id]: 1, [c.id]: 1 },
    })
    expectConflict(second, null)
    expect((await api.send('GET', `/api/parcels/${c.id}`)).body.properties.version).toBe(1)
  })
})

describe('POST /api/parcels/:id/schedule', () => {
  it('previews without a version, saves only with the current one', async () => {
    const parcel = await api.create(109.34, LAT)
    const path = `/api/parcels/${parcel.id}/schedule`
    expect((await api.send('POST', path, { target_on: '2027-12-31' })).status).toBe(200)
    expectValidationFailed(await api.send('POST', path, { target_on: '2027-12-31', save: true }))
    expectConflict(await api.send('POST', path, { target_on: '2027-12-31', save: true, version: 2 }), {
      code: parcel.properties.code,
      version: 1,
    })
    const saved = await api.send('POST', path, { target_on: '2027-12-31', save: true }, { 'if-match': '"1"' })
    expect(saved.status).toBe(200)
    expect(saved.body).toMatchObject({ saved: true, version: 2 })
    const again = await api.send('POST', path, { target_on: '2028-06-30', save: true, version: 1 })
    expectConflict(again, { target_on: '2027-12-31', version: 2 })
    const detail = (await api.send('GET', `/api/parcels/${parcel.id}`)).body
    expect(detail.properties).toMatchObject({ target_on: '2027-12-31', version: 2 })
  })
})

describe('DELETE /api/parcels/:id', () => {
  it('needs a version and answers 409 with no current record once the parcel is gone', async () => {
    const parcel = await api.create(109.35, LAT)
    expectValidationFailed(await api.send('DELETE', `/api/parcels/${parcel.id}`))
    expect((await api.send('DELETE', `/api/parcels/${parcel.id}?version=1`)).status).toBe(204)
    expectConflict(await api.send('DELETE', `/api/parcels/${parcel.id}?version=1`), null)
  })
})
