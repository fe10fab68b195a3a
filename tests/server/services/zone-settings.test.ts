import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { withTransaction } from '../../../server/db/pool'
import { DEFAULT_MILESTONE_DURATIONS } from '../../../server/domain/milestones'
import { MILESTONE_KINDS } from '../../../server/domain/vocabulary'
import { type ChangeEvent, inProcessBus } from '../../../server/events'
import { reforecastEveryParcel, reforecastParcels } from '../../../server/services/land/reforecast'
import type { Actor, ServiceDeps } from '../../../server/services/write'
import { updateZoneSettings } from '../../../server/services/zone/update-settings'
import { DEMO_TODAY, loginCookie, testApp } from '../../support/app'
import { squarePolygon } from '../../support/factories'
import { schemaPool } from '../../support/schema-pool'

const pool = schemaPool(inject('databaseUrl'), inject('testSchema'), 8)
const app = testApp({ pool })
const ADMIN: Actor = { username: 'admin', role: 'admin' }
let cookie = ''
let stored: unknown[] = []
let historyBefore = 0

beforeAll(async () => {
  // every connection open before the races, so that concurrent requests do not queue behind connecting
  await Promise.all(Array.from({ length: 8 }, () => pool.query('select 1')))
  cookie = await loginCookie(app, 'admin')
  stored = (await pool.query('select * from zone_settings')).rows
  historyBefore = (await pool.query<{ id: number }>('select coalesce(max(id), 0) as id from history')).rows[0]
    ?.id as number
})
afterAll(async () => {
  // the settings as they were, for the test files after this one
  await pool.query('delete from zone_settings')
  await pool.query(
    'insert into zone_settings select * from jsonb_populate_recordset(null::zone_settings, $1::jsonb)',
    [JSON.stringify(stored)],
  )
  await pool.query(`delete from history where entity_type = 'setting' and id > $1`, [historyBefore])
  await pool.query('delete from parcels where code = $1', [MARGIN_PARCEL])
  // and the forecasts as those settings make them
  await withTransaction(pool, (db) => reforecastEveryParcel(db, DEMO_TODAY))
  await pool.end()
})

async function send(method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
  const res = await app.request(path, {
    method,
    headers: { cookie, 'content-type': 'application/json', ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  })
  return { status: res.status, body: await res.json() }
}

async function currentVersion(): Promise<number> {
  const { body } = await send('GET', '/api/zone/settings')
  expect(body.version).toEqual(expect.any(Number))
  return body.version
}

describe('PATCH /api/zone/settings', () => {
  it('answers 400 validation_failed without the version of the settings', async () => {
    const res = await send('PATCH', '/api/zone/settings', { at_risk_margin_days: 21 })
    expect(res.status).toBe(400)
    expect(res.body.error.code).toBe('validation_failed')
  })

  it('changes the settings at the version read, bumps it, and answers 409 with the current settings when stale', async () => {
    const version = await currentVersion()
    const changed = await send('PATCH', '/api/zone/settings', { at_risk_margin_days: 21, version })
    expect(changed.status).toBe(200)
    expect(changed.body).toMatchObject({ at_risk_margin_days: 21, version: version + 1 })
    const stale = await send('PATCH', '/api/zone/settings', { at_risk_margin_days: 30, version })
    expect(stale.status).toBe(409)
    expect(stale.body.error.code).toBe('version_conflict')
    expect(stale.body.error.details[0].current).toMatchObject({
      at_risk_margin_days: 21,
      version: version + 1,
    })
    const viaIfMatch = await send(
      'PATCH',
      '/api/zone/settings',
      { serving_distance_m: 250 },
      { 'if-match': `W/"${version + 1}"` },
    )
    expect(viaIfMatch.body).toMatchObject({
      at_risk_margin_days: 21,
      serving_distance_m: 250,
      version: version + 2,
    })
  })

  it('lets one of three concurrent edits at one version win; the others get 409', async () => {
    const version = await currentVersion()
    const answers = await Promise.all(
      [10, 11, 12].map((days) => send('PATCH', '/api/zone/settings', { at_risk_margin_days: days, version })),
    )
    expect(answers.map((a) => a.status).sort()).toEqual([200, 409, 409])
    const winner = answers.find((a) => a.status === 200)?.body
    const now = (await send('GET', '/api/zone/settings')).body
    expect(now).toMatchObject({ at_risk_margin_days: winner.at_risk_margin_days, version: version + 1 })
  })
})

describe('updateZoneSettings', () => {
  it('records a history row per key changed and publishes one zone event', async () => {
    const events: ChangeEvent[] = []
    const bus = inProcessBus()
    bus.subscribe((e) => events.push(e))
    const deps: ServiceDeps = { pool, events: bus, today: () => DEMO_TODAY }
    const version = await currentVersion()
    const before = (await send('GET', '/api/zone/settings')).body
    const after = await updateZoneSettings(deps, ADMIN, {
      version,
      change: { serving_distance_m: 300, milestone_durations: { listing: 40 } },
    })
    // durations given are merged into the others
    expect(after.milestone_durations).toEqual({ ...before.milestone_durations, listing: 40 })
    expect(Object.keys(after.milestone_durations).sort()).toEqual(
      Object.keys(DEFAULT_MILESTONE_DURATIONS).sort(),
    )
    expect(after.version).toBe(version + 1)
    expect(events).toEqual([
      {
        resource: 'zone',
        action: 'update',
        ids: [],
        bbox: null,
        by: 'admin',
        at: expect.any(String),
        version: expect.any(String),
      },
    ])
    const { rows } = await pool.query(
      `select entity_id, action, actor, changes from history
       where entity_type = 'setting' and id > $1 order by id desc limit 2`,
      [historyBefore],
    )
    expect(rows.reverse()).toEqual([
      {
        entity_id: 0,
        action: 'update',
        actor: 'admin',
        changes: { serving_distance_m: { from: before.serving_distance_m, to: 300 } },
      },
      {
        entity_id: 0,
        action: 'update',
        actor: 'admin',
        changes: {
          milestone_durations: {
            from: before.milestone_durations,
            to: { ...before.milestone_durations, listing: 40 },
          },
        },
      },
    ])
  })
})

describe('matching weights and the settings history', () => {
  it('changes the matching weights through PATCH, refuses weights all zero, and lists the change in the history', async () => {
    const before = (await send('GET', '/api/zone/settings')).body
    const version = before.version
    const weights = { area: 40, timing: 20, infrastructure: 20, chain: 10, shape: 10 }
    const saved = await send('PATCH', '/api/zone/settings', { matching_weights: weights, version })
    expect(saved.status).toBe(200)
    expect(saved.body.matching_weights).toEqual(weights)
    expect(saved.body.version).toBe(version + 1)
    // matching reads the same stored weights
    const stored = await pool.query("select value from zone_settings where key = 'matching_weights'")
    expect(stored.rows[0]?.value).toEqual(weights)

    const zero = { area: 0, timing: 0, infrastructure: 0, chain: 0, shape: 0 }
    const refused = await send('PATCH', '/api/zone/settings', {
      matching_weights: zero,
      version: version + 1,
    })
    expect(refused.status).toBe(400)
    expect(refused.body.error.code).toBe('validation_failed')
    expect(refused.body.error.details[0].path).toBe('matching_weights')
    expect(await currentVersion()).toBe(version + 1)

    const history = await send('GET', '/api/zone/settings/history')
    expect(history.status).toBe(200)
    expect(history.body.changes[0]).toMatchObject({
      entity_type: 'setting',
      action: 'update',
      actor: 'admin',
      changes: { matching_weights: { from: before.matching_weights, to: weights } },
    })
    expect(history.body.changes[0].changed_at).toEqual(expect.any(String))
  })

  it('shows the history to admins only', async () => {
    const leader = await loginCookie(app, 'leader')
    const res = await app.request('/api/zone/settings/history', { headers: { cookie: leader } })
    expect(res.status).toBe(403)
  })
})

const MARGIN_PARCEL = 'T-MARGIN'

/**
 * A parcel far from any infrastructure, acquired on plan on 2026-11-01, the rest planned ahead: on the demo's today
 * (2026-11-28) clearance is due 2026-12-10 (it can start: acquisition is done) and leveling 2026-12-20 (it cannot:
 * clearance is not done). Nothing is behind, so the forecast is the plan; whether leveling is "due within the
 * margin and not started" is up to the margin: 14 days reach 2026-12-12 (on plan), 30 days 2026-12-28 (at risk).
 */
async function makeMarginParcel(): Promise<number> {
  await pool.query('delete from parcels where code = $1', [MARGIN_PARCEL])
  return withTransaction(pool, async (db) => {
    const { rows } = await db.query<{ id: number }>(
      `insert into parcels (code, name, land_use, status, target_on, geom)
       values ($1, '测试', 'M1', 'clearing', '2027-06-01', ST_Multi(ST_SetSRID(ST_GeomFromGeoJSON($2), 4326)))
       returning id::int4 as id`,
      [MARGIN_PARCEL, JSON.stringify(squarePolygon(110.6, 20.6))],
    )
    const id = rows[0]?.id as number
    const plan = [
      '2026-11-01',
      '2026-12-10',
      '2026-12-20',
      '2027-02-01',
      '2027-03-01',
      '2027-04-15',
      '2027-05-01',
      '2027-06-01',
    ]
    for (const [i, kind] of MILESTONE_KINDS.entries()) {
      await db.query(
        'insert into parcel_milestones (parcel_id, kind, planned_on, actual_on) values ($1, $2, $3, $4)',
        [id, kind, plan[i], kind === 'acquisition' ? '2026-11-01' : null],
      )
    }
    // stored as a write service stores it, under the settings of the moment
    await reforecastParcels(db, [id], DEMO_TODAY)
    return id
  })
}

async function storedForecast(id: number) {
  const { rows } = await pool.query(
    'select computed_for, ready_on, handover_on, readiness from land_forecasts where parcel_id = $1',
    [id],
  )
  return rows[0]
}

describe('PATCH /api/zone/settings and the stored forecasts', () => {
  it('re-forecasts every parcel in the same request when the at-risk margin changes', async () => {
    const id = await makeMarginParcel()
    const narrow = await send('PATCH', '/api/zone/settings', {
      at_risk_margin_days: 14,
      version: await currentVersion(),
    })
    expect(narrow.status).toBe(200)
    const plan = { computed_for: DEMO_TODAY, ready_on: '2027-03-01', handover_on: '2027-06-01' }
    expect(await storedForecast(id)).toEqual({ ...plan, readiness: 'on_track' })

    const wide = await send('PATCH', '/api/zone/settings', {
      at_risk_margin_days: 30,
      version: await currentVersion(),
    })
    expect(wide.status).toBe(200)
    expect(await storedForecast(id)).toEqual({ ...plan, readiness: 'at_risk' })

    const back = await send('PATCH', '/api/zone/settings', {
      at_risk_margin_days: 14,
      version: await currentVersion(),
    })
    expect(back.status).toBe(200)
    expect(await storedForecast(id)).toEqual({ ...plan, readiness: 'on_track' })
  })

  it('re-forecasts when the serving distance changes, and not for milestone durations or an unchanged margin', async () => {
    const id = await makeMarginParcel()
    await send('PATCH', '/api/zone/settings', { at_risk_margin_days: 14, version: await currentVersion() })
    // a mark only a re-forecast would overwrite
    await pool.query(`update land_forecasts set readiness = 'late' where parcel_id = $1`, [id])
    const durations = await send('PATCH', '/api/zone/settings', {
      milestone_durations: { listing: 45 },
      at_risk_margin_days: 14,
      version: await currentVersion(),
    })
    expect(durations.status).toBe(200)
    expect((await storedForecast(id))?.readiness).toBe('late')

    const current = (await send('GET', '/api/zone/settings')).body
    const distance = await send('PATCH', '/api/zone/settings', {
      serving_distance_m: current.serving_distance_m + 10,
      version: current.version,
    })
    expect(distance.status).toBe(200)
    expect((await storedForecast(id))?.readiness).toBe('on_track')
  })
})
