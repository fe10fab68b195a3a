import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { closeTestPool, DEMO_TODAY, loginCookie, testApp, testPool } from '../../support/app'
import { squarePolygon } from '../../support/factories'

const app = testApp()
let cookie = ''
let parcelId = 0
beforeAll(async () => {
  cookie = await loginCookie(app, 'officer')
  // a parcel far from the demo district whose servicing is still ahead, planned well before the road's finish
  const { rows } = await testPool().query<{ id: number }>(
    `insert into parcels (code, name, land_use, status, target_on, geom)
     values ('T-REFORECAST', '测试', 'M1', 'acquiring', '2028-06-01', ST_Multi(ST_SetSRID(ST_GeomFromGeoJSON($1), 4326)))
     returning id::int4 as id`,
    [JSON.stringify(squarePolygon(111.5, 21.5))],
  )
  parcelId = rows[0]?.id as number
  const plan: [string, string][] = [
    ['acquisition', '2026-12-01'],
    ['clearance', '2027-01-01'],
    ['leveling', '2027-02-01'],
    ['servicing', '2027-03-01'],
    ['planning_conditions', '2027-04-01'],
    ['listing', '2027-05-01'],
    ['transfer', '2027-06-01'],
    ['handover', '2027-07-01'],
  ]
  for (const [kind, on] of plan) {
    await testPool().query(
      'insert into parcel_milestones (parcel_id, kind, planned_on) values ($1, $2, $3)',
      [parcelId, kind, on],
    )
  }
})
afterAll(async () => {
  await testPool().query(`delete from infrastructure where name = 'T-复算路'`)
  await testPool().query(`delete from parcels where code = 'T-REFORECAST'`)
  await closeTestPool()
})

async function send(path: string, body: unknown) {
  const res = await app.request(path, {
    method: 'POST',
    headers: { cookie, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  })
  return { status: res.status, body: await res.json() }
}

async function stored() {
  const { rows } = await testPool().query<{ ready_on: string }>(
    `select to_char(ready_on, 'YYYY-MM-DD') as ready_on from land_forecasts where parcel_id = $1`,
    [parcelId],
  )
  return rows[0]?.ready_on
}

describe('infrastructure writes keep the stored forecast of the parcels they serve current', () => {
  it('a new road through the parcel holds its servicing back; its report of 100 % lets it go, in the same request', async () => {
    const created = await send('/api/infrastructure', {
      kind: 'road',
      name: 'T-复算路',
      planned_start: '2026-06-01',
      planned_finish: '2027-12-31',
      geometry: {
        type: 'LineString',
        coordinates: [
          [111.4995, 21.5005],
          [111.5015, 21.5005],
        ],
      },
    })
    expect(created.status).toBe(201)
    // servicing cannot finish before the road (2027-12-31), so planning conditions (可供) come after it
    const held = await stored()
    expect(held).toBeDefined()
    expect(String(held) > '2027-12-31').toBe(true)

    const done = await send(`/api/infrastructure/${created.body.id}/progress`, {
      on: DEMO_TODAY,
      progress_pct: 100,
      version: 1,
    })
    expect(done.status).toBe(201)
    expect(done.body.properties.status).toBe('done')
    // the floor is gone: ready as planned (planning conditions 2027-04-01)
    expect(await stored()).toBe('2027-04-01')
  })
})
