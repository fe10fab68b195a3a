import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { findMatchCandidates } from '../../../../server/db/matching'
import { type ChangeEvent, inProcessBus } from '../../../../server/events'
import {
  releaseExpiredReservations,
  scheduleReservationExpiry,
} from '../../../../server/services/jobs/release-expired-reservations'
import { closeTestPool, DEMO_TODAY, loginCookie, testApp, testPool } from '../../../support/app'

const PREFIX = 'TEST-EXPIRY-'
const bus = inProcessBus()
const app = testApp({ events: bus })
let cookie = ''

interface Hold {
  project: number
  parcel: number
  reservation: number
}

/** A project holding a fresh parcel (marked reserved, the project pointing at it) until `until`. */
async function makeHold(key: string, until: string): Promise<Hold> {
  const pool = testPool()
  const lon = 110.03 + 0.002 * key.charCodeAt(0)
  const parcel = await pool.query<{ id: number }>(
    `insert into parcels (code, land_use, status, geom)
     values ($1, 'M1', 'reserved', ST_Multi(ST_Expand(ST_SetSRID(ST_MakePoint($2, 20.03), 4326), 0.0005)))
     returning id`,
    [`${PREFIX}${key}`, lon],
  )
  const parcelId = parcel.rows[0]?.id as number
  const project = await pool.query<{ id: number }>(
    `insert into projects (name, company, sector, stage, lead_on, parcel_id, location)
     values ($1, $1, 'services', 'negotiating', '2026-05-01', $2,
       (select ST_PointOnSurface(ST_GeometryN(geom, 1)) from parcels where id = $2))
     returning id`,
    [`${PREFIX}${key}`, parcelId],
  )
  const projectId = project.rows[0]?.id as number
  const reservation = await pool.query<{ id: number }>(
    `insert into reservations (project_id, parcel_id, reserved_on, until) values ($1, $2, '2026-05-01', $3)
     returning id`,
    [projectId, parcelId, until],
  )
  return { project: projectId, parcel: parcelId, reservation: reservation.rows[0]?.id as number }
}

async function removeHolds() {
  const pool = testPool()
  await pool.query(
    `delete from history where entity_type = 'reservation' and entity_id in (
       select r.id from reservations r join projects x on x.id = r.project_id where x.name like $1)`,
    [`${PREFIX}%`],
  )
  await pool.query('delete from projects where name like $1', [`${PREFIX}%`])
  await pool.query('delete from parcels where code like $1', [`${PREFIX}%`])
}

async function get(path: string) {
  const res = await app.request(path, { headers: { cookie } })
  return { status: res.status, body: await res.json() }
}

async function historyOf(reservation: number) {
  const { rows } = await testPool().query(
    `select actor, action, changes, reason from history where entity_type = 'reservation' and entity_id = $1`,
    [reservation],
  )
  return rows
}

let lapsedA: Hold
let lapsedB: Hold
let current: Hold

beforeAll(async () => {
  await removeHolds()
  cookie = await loginCookie(app, 'investor')
  // the tests' today is 2026-11-28: a hold until the 27th has expired, one until the 28th holds today still
  lapsedA = await makeHold('A', '2026-11-01')
  lapsedB = await makeHold('B', '2026-11-27')
  current = await makeHold('C', DEMO_TODAY)
})

afterAll(async () => {
  await removeHolds()
  await closeTestPool()
})

describe('an expired reservation before the job runs', () => {
  it('reads as released: no reservation, no parcel, the same version', async () => {
    for (const hold of [lapsedA, lapsedB]) {
      const { body } = await get(`/api/projects/${hold.project}`)
      expect(body.reservation).toBeNull()
      expect(body.parcel_id).toBeNull()
      // the location came from the parcel and goes with it
      expect(body.location).toBeNull()
      expect(body.version).toBe(1)
    }
    const { body } = await get(`/api/projects/${current.project}`)
    expect(body.reservation).toMatchObject({ id: current.reservation, until: DEMO_TODAY })
    expect(body.parcel_id).toBe(current.parcel)
  })

  it('leaves its parcel to matching as available and held by nobody, and writes nothing', async () => {
    const [row] = await findMatchCandidates(testPool(), {
      parcelIds: [lapsedA.parcel],
      today: DEMO_TODAY,
      chainRadiusM: 2000,
      substationRadiusM: 3000,
    })
    expect(row).toMatchObject({ status: 'available', held_by: null })
    const [held] = await findMatchCandidates(testPool(), {
      parcelIds: [current.parcel],
      today: DEMO_TODAY,
      chainRadiusM: 2000,
      substationRadiusM: 3000,
    })
    expect(held).toMatchObject({ status: 'reserved', held_by: { project_id: current.project } })
    const { rows } = await testPool().query('select status from parcels where id = $1', [lapsedA.parcel])
    expect(rows[0].status).toBe('reserved')
    expect(await historyOf(lapsedA.reservation)).toEqual([])
  })
})

describe('releaseExpiredReservations', () => {
  it('records each expired reservation once, as the system, and leaves the current one', async () => {
    const expected = await testPool().query<{ n: number }>(
      `select count(*)::int as n from reservations where released_at is null and until < $1::date`,
      [DEMO_TODAY],
    )
    const events: ChangeEvent[] = []
    const stop = bus.subscribe((e) => events.push(e))
    const deps = { pool: testPool(), events: bus, today: () => DEMO_TODAY }
    try {
      // two instances at once: one releases, the other skips or finds nothing left
      const runs = await Promise.all([releaseExpiredReservations(deps), releaseExpiredReservations(deps)])
      expect(runs[0] + runs[1]).toBe(expected.rows[0]?.n)
      expect(Math.min(...runs)).toBe(0)
    } finally {
      stop()
    }
    for (const hold of [lapsedA, lapsedB]) {
      const history = await historyOf(hold.reservation)
      expect(history).toHaveLength(1)
      expect(history[0]).toMatchObject({
        actor: 'system',
        action: 'update',
        reason: 'expired',
        changes: { released: { from: null, to: 'expired' }, parcel_id: hold.parcel },
      })
      const stored = await testPool().query(
        `select r.released_reason, p.status, x.parcel_id, x.location, x.version
         from reservations r join parcels p on p.id = r.parcel_id join projects x on x.id = r.project_id
         where r.id = $1`,
        [hold.reservation],
      )
      expect(stored.rows[0]).toEqual({
        released_reason: 'expired',
        status: 'available',
        parcel_id: null,
        location: null,
        version: 1,
      })
    }
    expect(await historyOf(current.reservation)).toEqual([])
    const kept = await testPool().query('select released_at from reservations where id = $1', [
      current.reservation,
    ])
    expect(kept.rows[0].released_at).toBeNull()

    const projects = events.filter((e) => e.resource === 'projects').flatMap((e) => e.ids)
    const parcels = events.filter((e) => e.resource === 'parcels').flatMap((e) => e.ids)
    expect(projects).toEqual(expect.arrayContaining([lapsedA.project, lapsedB.project]))
    expect(parcels).toEqual(expect.arrayContaining([lapsedA.parcel, lapsedB.parcel]))
    expect(events.every((e) => e.by === 'system')).toBe(true)
  })

  it('does nothing the second time', async () => {
    const deps = { pool: testPool(), events: bus, today: () => DEMO_TODAY }
    expect(await releaseExpiredReservations(deps)).toBe(0)
    for (const hold of [lapsedA, lapsedB]) expect(await historyOf(hold.reservation)).toHaveLength(1)
  })

  it('runs at once when scheduled, and stopping waits for that run', async () => {
    const late = await makeHold('D', '2026-11-20')
    const stop = scheduleReservationExpiry(
      { pool: testPool(), events: bus, today: () => DEMO_TODAY },
      3_600_000,
    )
    await stop()
    expect(await historyOf(late.reservation)).toHaveLength(1)
  })
})
