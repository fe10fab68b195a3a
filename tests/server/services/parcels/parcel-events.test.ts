import { afterAll, beforeEach, describe, expect, it } from 'vitest'
import { type ChangeEvent, inProcessBus } from '../../../../server/events'
import { closeTestPool, loginCookie, testApp, testPool } from '../../../support/app'
import { parcelApi } from '../../../support/parcel-api'

// Each parcel write records its history row(s) and publishes its change event: resource, action, the ids of the
// parcels created, changed or deleted, and the box (WGS84) around where they are or were.
const bus = inProcessBus()
const events: ChangeEvent[] = []
bus.subscribe((event) => events.push(event))
const app = testApp({ events: bus })
const api = parcelApi(app, 'TE-')

beforeEach(() => {
  events.length = 0
})
afterAll(async () => {
  await testPool().query(`delete from history where entity_type = 'parcel' and changes->>'code' like 'TE-%'`)
  await testPool().query(`delete from parcels where code like 'TE-%' or code like 'IMP-TE-%'`)
  await closeTestPool()
})

// an empty corner of the map: 109.6°E 19.6°N onwards, a column of 0.01° per test
const LAT = 19.6
const SIZE = 0.001

/** The event a service published (the URL-guessing middleware of the transition publishes others, without ids). */
function published(action: ChangeEvent['action'], ids: number[]) {
  const event = events.find(
    (e) => e.action === action && e.ids.length > 0 && ids.every((id) => e.ids.includes(id)),
  )
  expect(event, `a ${action} event for ${ids}: ${JSON.stringify(events)}`).toBeDefined()
  expect(event).toMatchObject({ resource: 'parcels', by: 'officer' })
  expect([...(event?.ids ?? [])].sort()).toEqual([...ids].sort())
  return event as ChangeEvent
}

/** Expects a box around [minLon, minLat, maxLon, maxLat], to the 1e-6° of stored coordinates. */
function expectBox(actual: ChangeEvent['bbox'], expected: [number, number, number, number]) {
  expect(actual).not.toBeNull()
  actual?.forEach((value, i) => {
    expect(value).toBeCloseTo(expected[i] as number, 6)
  })
}

async function history(id: number, entityType = 'parcel') {
  const { rows } = await testPool().query<{
    action: string
    actor: string
    reason: string | null
    changes: never
  }>(
    'select action, actor, reason, changes from history where entity_type = $1 and entity_id = $2 order by id',
    [entityType, id],
  )
  return rows
}

describe('parcel writes', () => {
  it('create: a create history row and event with the new parcel and its box', async () => {
    const lon = 109.6
    const parcel = await api.create(lon, LAT)
    expectBox(published('create', [parcel.id]).bbox, [lon, LAT, lon + SIZE, LAT + SIZE])
    expect(await history(parcel.id)).toMatchObject([
      { action: 'create', actor: 'officer', changes: { code: parcel.properties.code } },
    ])
  })

  it('update: the box holds both the old and the new boundary', async () => {
    const lon = 109.61
    const parcel = await api.create(lon, LAT)
    events.length = 0
    const moved = {
      type: 'Polygon',
      coordinates: [
        [
          [lon + 0.002, LAT],
          [lon + 0.003, LAT],
          [lon + 0.003, LAT + SIZE],
          [lon + 0.002, LAT + SIZE],
          [lon + 0.002, LAT],
        ],
      ],
    }
    const res = await api.send('PATCH', `/api/parcels/${parcel.id}`, {
      geometry: moved,
      version: 1,
      reason: '复测',
    })
    expect(res.status).toBe(200)
    expectBox(published('update', [parcel.id]).bbox, [lon, LAT, lon + 0.003, LAT + SIZE])
    expect((await history(parcel.id)).at(-1)).toMatchObject({ action: 'update', reason: '复测' })
  })

  it('delete: a delete history row and event', async () => {
    const lon = 109.62
    const parcel = await api.create(lon, LAT)
    expect(
      (await api.send('DELETE', `/api/parcels/${parcel.id}`, undefined, { 'if-match': '"1"' })).status,
    ).toBe(204)
    expectBox(published('delete', [parcel.id]).bbox, [lon, LAT, lon + SIZE, LAT + SIZE])
    expect((await history(parcel.id)).at(-1)).toMatchObject({
      action: 'delete',
      changes: { code: parcel.properties.code },
    })
  })

  it('split: the pieces created and the parcel deleted, each with its history row', async () => {
    const lon = 109.63
    const parcel = await api.create(lon, LAT)
    const line = {
      type: 'LineString',
      coordinates: [
        [lon + 0.0005, LAT - 0.001],
        [lon + 0.0005, LAT + 0.002],
      ],
    }
    const split = await api.send('POST', `/api/parcels/${parcel.id}/split`, { line, version: 1 })
    expect(split.status).toBe(201)
    const pieces = split.body.features.map((f: { id: number }) => f.id)
    expectBox(published('create', pieces).bbox, [lon, LAT, lon + SIZE, LAT + SIZE])
    published('delete', [parcel.id])
    expect((await history(parcel.id)).at(-1)).toMatchObject({ action: 'delete' })
    for (const piece of pieces) {
      expect(await history(piece)).toMatchObject([
        { action: 'create', changes: { split_from: parcel.properties.code } },
      ])
    }
  })

  it('merge: the parcels deleted and the merged one created, each with its history row', async () => {
    const lon = 109.64
    const a = await api.create(lon, LAT)
    const b = await api.create(lon + SIZE, LAT)
    events.length = 0
    const merged = await api.send('POST', '/api/parcels/merge', {
      ids: [a.id, b.id],
      versions: { [a.id]: 1, [b.id]: 1 },
      reason: '合并出让',
    })
    expect(merged.status).toBe(201)
    published('delete', [a.id, b.id])
    expectBox(published('create', [merged.body.id]).bbox, [lon, LAT, lon + 2 * SIZE, LAT + SIZE])
    for (const id of [a.id, b.id]) expect((await history(id)).at(-1)).toMatchObject({ action: 'delete' })
    expect(await history(merged.body.id)).toMatchObject([
      {
        action: 'create',
        reason: '合并出让',
        changes: { merged_from: [a.properties.code, b.properties.code] },
      },
    ])
  })

  it('milestone: an update event for the parcel and a milestone history row', async () => {
    const parcel = await api.create(109.65, LAT)
    events.length = 0
    const res = await api.send('PATCH', `/api/parcels/${parcel.id}/milestones/acquisition`, {
      planned_on: '2027-03-31',
      owner: '土地储备中心',
      version: 0,
    })
    expect(res.status).toBe(200)
    published('update', [parcel.id])
    expect(await history(parcel.id, 'milestone')).toMatchObject([
      { action: 'create', changes: { kind: 'acquisition', planned_on: { from: null, to: '2027-03-31' } } },
    ])
  })

  it('schedule: nothing on a preview; an update event and history row on a save', async () => {
    const parcel = await api.create(109.66, LAT)
    events.length = 0
    await api.send('POST', `/api/parcels/${parcel.id}/schedule`, { target_on: '2027-12-31' })
    expect(events.filter((e) => e.ids.length > 0)).toEqual([])
    await api.send('POST', `/api/parcels/${parcel.id}/schedule`, {
      target_on: '2027-12-31',
      save: true,
      version: 1,
    })
    published('update', [parcel.id])
    expect((await history(parcel.id)).at(-1)).toMatchObject({
      action: 'update',
      changes: { target_on: { from: null, to: '2027-12-31' } },
    })
  })

  it('import: create events, then update events on a second import, with import history rows', async () => {
    const lon = 109.67
    const feature = (code: string, x: number) => ({
      type: 'Feature',
      properties: { code, land_use: 'M1' },
      geometry: {
        type: 'Polygon',
        coordinates: [
          [
            [x, LAT],
            [x + SIZE, LAT],
            [x + SIZE, LAT + SIZE],
            [x, LAT + SIZE],
            [x, LAT],
          ],
        ],
      },
    })
    const file = JSON.stringify({
      type: 'FeatureCollection',
      features: [feature('IMP-TE-1', lon), feature('IMP-TE-2', lon + SIZE)],
    })
    const cookie = await loginCookie(app, 'officer')
    const upload = async () => {
      const form = new FormData()
      form.set('file', new File([file], 'te.geojson'))
      const res = await app.request('/api/parcels/import', {
        method: 'POST',
        headers: { cookie },
        body: form,
      })
      expect(res.status).toBe(200)
      return res.json()
    }
    expect(await upload()).toMatchObject({ created: 2, updated: 0 })
    const { rows } = await testPool().query<{ id: number }>(
      `select id from parcels where code like 'IMP-TE-%' order by code`,
    )
    const ids = rows.map((r) => r.id)
    expectBox(published('create', ids).bbox, [lon, LAT, lon + 2 * SIZE, LAT + SIZE])
    events.length = 0
    expect(await upload()).toMatchObject({ created: 0, updated: 2 })
    published('update', ids)
    for (const id of ids) {
      expect((await history(id)).map((h) => [h.action, h.reason])).toEqual([
        ['import', 'import te.geojson'],
        ['import', 'import te.geojson'],
      ])
    }
    await testPool().query(`delete from history where entity_type = 'parcel' and entity_id = any($1)`, [ids])
  })
})
