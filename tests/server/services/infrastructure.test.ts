import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { type ChangeEvent, inProcessBus } from '../../../server/events'
import { createInfrastructure } from '../../../server/services/infrastructure/create'
import { reportProgress } from '../../../server/services/infrastructure/report-progress'
import { updateInfrastructure } from '../../../server/services/infrastructure/update'
import type { Actor, ServiceDeps } from '../../../server/services/write'
import { DEMO_TODAY, loginCookie, testApp } from '../../support/app'
import { schemaPool } from '../../support/schema-pool'

// more connections than the shared test pool's 4: concurrent writes each hold one while they wait for the lock
const pool = schemaPool(inject('databaseUrl'), inject('testSchema'), 8)
const app = testApp({ pool })
const OFFICER: Actor = { username: 'officer', role: 'land_officer' }
let cookie = ''

beforeAll(async () => {
  // every connection open before the races, so that concurrent requests do not queue behind connecting
  await Promise.all(Array.from({ length: 8 }, () => pool.query('select 1')))
  cookie = await loginCookie(app, 'officer')
})
afterAll(async () => {
  await pool.query(`delete from history where entity_type = 'infrastructure' and entity_id in
    (select id from infrastructure where name like 'T-SVC-%')`)
  await pool.query(`delete from infrastructure where name like 'T-SVC-%'`)
  await pool.end()
})

/** The service's dependencies, with a bus that keeps what it was given. */
function recordingDeps() {
  const events: ChangeEvent[] = []
  const bus = inProcessBus()
  bus.subscribe((event) => events.push(event))
  const deps: ServiceDeps = { pool, events: bus, today: () => DEMO_TODAY }
  return { deps, events }
}

async function send(method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
  const res = await app.request(path, {
    method,
    headers: { cookie, 'content-type': 'application/json', ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  })
  return { status: res.status, body: await res.json() }
}

const ROAD = {
  kind: 'road' as const,
  planned_start: '2026-01-01',
  planned_finish: '2027-10-31',
  geometry: {
    type: 'LineString' as const,
    coordinates: [
      [110.9, 20.9],
      [110.91, 20.9],
    ],
  },
}

async function newRoad(name: string) {
  const created = await send('POST', '/api/infrastructure', { ...ROAD, name })
  expect(created.status).toBe(201)
  return created.body as { id: number; properties: { version: number } }
}

async function historyOf(id: number) {
  const { rows } = await pool.query<{
    action: string
    actor: string
    changes: unknown
    reason: string | null
  }>(
    `select action, actor, changes, reason from history
     where entity_type = 'infrastructure' and entity_id = $1 order by id`,
    [id],
  )
  return rows
}

describe('POST /api/infrastructure/:id/progress', () => {
  it('answers 400 validation_failed without a version, and writes nothing', async () => {
    const road = await newRoad('T-SVC-no-version')
    const res = await send('POST', `/api/infrastructure/${road.id}/progress`, {
      on: '2026-06-01',
      progress_pct: 30,
    })
    expect(res.status).toBe(400)
    expect(res.body.error.code).toBe('validation_failed')
    expect(res.body.error.details).toEqual([{ path: 'version', message: 'required' }])
    const detail = await send('GET', `/api/infrastructure/${road.id}`)
    expect(detail.body.progress).toEqual([])
    expect(detail.body.properties).toMatchObject({ progress_pct: 0, version: 1 })
  })

  it('takes the version from If-Match', async () => {
    const road = await newRoad('T-SVC-if-match')
    const res = await send(
      'POST',
      `/api/infrastructure/${road.id}/progress`,
      { on: '2026-06-01', progress_pct: 30 },
      { 'if-match': '"1"' },
    )
    expect(res.status).toBe(201)
    expect(res.body.properties).toMatchObject({ progress_pct: 30, status: 'in_progress', version: 2 })
  })

  it('answers 409 version_conflict with the current item to a stale version, and writes nothing', async () => {
    const road = await newRoad('T-SVC-stale')
    const first = await send('POST', `/api/infrastructure/${road.id}/progress`, {
      on: '2026-06-01',
      progress_pct: 20,
      version: 1,
    })
    expect(first.status).toBe(201)
    const stale = await send('POST', `/api/infrastructure/${road.id}/progress`, {
      on: '2026-07-01',
      progress_pct: 60,
      version: 1,
    })
    expect(stale.status).toBe(409)
    expect(stale.body.error.code).toBe('version_conflict')
    expect(stale.body.error.details[0].current).toMatchObject({ id: road.id, version: 2, progress_pct: 20 })
    const detail = await send('GET', `/api/infrastructure/${road.id}`)
    expect(detail.body.progress.map((p: { progress_pct: number }) => p.progress_pct)).toEqual([20])
  })

  it('answers 404 for an item that does not exist', async () => {
    const res = await send('POST', '/api/infrastructure/999999999/progress', {
      on: '2026-06-01',
      progress_pct: 20,
      version: 1,
    })
    expect(res.status).toBe(404)
  })

  it('lets one of four concurrent reports at one version win; the others get 409', async () => {
    const road = await newRoad('T-SVC-race')
    const reports = [10, 20, 30, 40].map((pct) =>
      send('POST', `/api/infrastructure/${road.id}/progress`, {
        on: '2026-06-01',
        progress_pct: pct,
        version: 1,
      }),
    )
    const answers = await Promise.all(reports)
    const statuses = answers.map((a) => a.status).sort()
    expect(statuses).toEqual([201, 409, 409, 409])
    for (const lost of answers.filter((a) => a.status === 409)) {
      expect(lost.body.error.code).toBe('version_conflict')
    }
    const winner = answers.find((a) => a.status === 201)?.body
    const detail = await send('GET', `/api/infrastructure/${road.id}`)
    expect(detail.body.properties).toMatchObject({ version: 2, progress_pct: winner.properties.progress_pct })
    expect(detail.body.progress).toHaveLength(1)
    expect((await historyOf(road.id)).filter((h) => h.action === 'progress')).toHaveLength(1)
  })
})

describe('infrastructure services', () => {
  it('record the history of a create, an edit and a progress report, and publish one event each after commit', async () => {
    const { deps, events } = recordingDeps()
    const created = await createInfrastructure(deps, OFFICER, { ...ROAD, name: 'T-SVC-events' })
    const id = created.id
    expect(events).toEqual([
      {
        resource: 'infrastructure',
        action: 'create',
        ids: [id],
        bbox: [110.9, 20.9, 110.91, 20.9],
        by: 'officer',
        at: expect.any(String),
        version: expect.any(String),
      },
    ])

    const moved = {
      type: 'LineString' as const,
      coordinates: [
        [110.95, 20.95],
        [110.96, 20.97],
      ],
    }
    const edited = await updateInfrastructure(deps, OFFICER, {
      id,
      version: 1,
      reason: 'realigned',
      fields: { name: 'T-SVC-events-2', geometry: moved },
    })
    expect(edited.properties).toMatchObject({ name: 'T-SVC-events-2', version: 2 })
    // where it was and where it is now
    expect(events[1]).toMatchObject({ action: 'update', ids: [id], bbox: [110.9, 20.9, 110.96, 20.97] })

    const reported = await reportProgress(deps, OFFICER, {
      id,
      version: 2,
      on: '2026-06-01',
      progress_pct: 100,
      note: 'opened',
    })
    expect(reported.properties).toMatchObject({ status: 'done', actual_finish: '2026-06-01', version: 3 })
    expect(events[2]).toMatchObject({ action: 'update', ids: [id], bbox: [110.95, 20.95, 110.96, 20.97] })
    expect(events).toHaveLength(3)

    expect(await historyOf(id)).toEqual([
      {
        action: 'create',
        actor: 'officer',
        changes: {
          kind: 'road',
          name: 'T-SVC-events',
          planned_start: '2026-01-01',
          planned_finish: '2027-10-31',
        },
        reason: null,
      },
      {
        action: 'update',
        actor: 'officer',
        changes: { name: { from: 'T-SVC-events', to: 'T-SVC-events-2' } },
        reason: 'realigned',
      },
      {
        action: 'progress',
        actor: 'officer',
        changes: { progress_pct: { from: 0, to: 100 }, status: { from: 'planned', to: 'done' } },
        reason: 'opened',
      },
    ])
  })

  it('publish nothing and record nothing when the write is refused', async () => {
    const { deps, events } = recordingDeps()
    const road = await newRoad('T-SVC-refused')
    await expect(
      reportProgress(deps, OFFICER, { id: road.id, version: 7, on: '2026-06-01', progress_pct: 5 }),
    ).rejects.toMatchObject({ status: 409, code: 'version_conflict' })
    await expect(
      reportProgress(deps, OFFICER, { id: road.id, version: 1, on: '2099-01-01', progress_pct: 5 }),
    ).rejects.toMatchObject({ status: 400, code: 'validation_failed' })
    await expect(
      updateInfrastructure(deps, OFFICER, {
        id: road.id,
        version: 1,
        fields: { planned_start: '2028-01-01' },
      }),
    ).rejects.toMatchObject({ status: 400 })
    expect(events).toEqual([])
    expect((await historyOf(road.id)).map((h) => h.action)).toEqual(['create'])
  })
})
