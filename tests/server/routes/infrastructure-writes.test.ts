import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { closeTestPool, DEMO_TODAY, loginCookie, testApp, testPool } from '../../support/app'

const app = testApp()
const cookies: Record<string, string> = {}
beforeAll(async () => {
  for (const user of ['officer', 'leader']) cookies[user] = await loginCookie(app, user)
})
afterAll(async () => {
  await testPool().query(`delete from infrastructure where name like 'T-%'`)
  await closeTestPool()
})

async function send(method: string, path: string, body?: unknown, user = 'officer') {
  const res = await app.request(path, {
    method,
    headers: { cookie: cookies[user] ?? '', 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  })
  return { status: res.status, body: await res.json() }
}

const road = {
  kind: 'road',
  name: 'T-测试路',
  planned_start: '2026-01-01',
  planned_finish: '2026-10-31',
  geometry: {
    type: 'LineString',
    coordinates: [
      [110.9, 20.9],
      [110.91, 20.9],
    ],
  },
}

describe('infrastructure writes', () => {
  it('creates an item, keeps each progress report, and is late past its planned finish', async () => {
    const created = await send('POST', '/api/infrastructure', road)
    expect(created.status).toBe(201)
    expect(created.body.properties).toMatchObject({ status: 'planned', late: true, version: 1 })
    const id = created.body.id
    const first = await send('POST', `/api/infrastructure/${id}/progress`, {
      on: '2026-06-01',
      progress_pct: 40,
      note: '路基完成',
      version: 1,
    })
    expect(first.body.properties.version).toBe(2)
    const update = await send('POST', `/api/infrastructure/${id}/progress`, {
      on: '2026-09-01',
      progress_pct: 75,
      version: 2,
    })
    expect(update.status).toBe(201)
    expect(update.body.properties).toMatchObject({
      status: 'in_progress',
      progress_pct: 75,
      late: true,
      version: 3,
    })
    expect(update.body.progress.map((p: { progress_pct: number }) => p.progress_pct)).toEqual([40, 75])

    const done = await send('POST', `/api/infrastructure/${id}/progress`, {
      on: DEMO_TODAY,
      progress_pct: 100,
      version: 3,
    })
    expect(done.body.properties).toMatchObject({ status: 'done', actual_finish: DEMO_TODAY, late: false })
  })

  it('answers 400 for a progress of 140 %, a report dated in the future and dates in the wrong order', async () => {
    const created = await send('POST', '/api/infrastructure', { ...road, name: 'T-另一路' })
    const id = created.body.id
    expect(
      (
        await send('POST', `/api/infrastructure/${id}/progress`, {
          on: '2026-06-01',
          progress_pct: 140,
          version: 1,
        })
      ).status,
    ).toBe(400)
    const future = await send('POST', `/api/infrastructure/${id}/progress`, {
      on: '2099-01-01',
      progress_pct: 10,
      version: 1,
    })
    expect(future.status).toBe(400)
    expect(future.body.error.message).toMatch(/晚于今天/)
    const order = await send('POST', '/api/infrastructure', { ...road, planned_start: '2027-01-01' })
    expect(order.status).toBe(400)
    const { rows } = await testPool().query(
      'select count(*)::int as n from infrastructure_progress where infrastructure_id = $1',
      [id],
    )
    expect(rows[0].n).toBe(0)
  })

  it('lists the parcels an item serves and refuses a stale edit', async () => {
    const { body } = await send('GET', '/api/infrastructure?kind=road')
    const item = body.features[0]
    const detail = await send('GET', `/api/infrastructure/${item.id}`)
    expect(detail.body.serves.length).toBeGreaterThan(0)
    const stale = await send('PATCH', `/api/infrastructure/${item.id}`, {
      name: 'x',
      version: item.properties.version + 5,
    })
    expect(stale.status).toBe(409)
    expect(stale.body.error.code).toBe('version_conflict')
  })

  it('answers 403 to a leader', async () => {
    expect((await send('POST', '/api/infrastructure', road, 'leader')).status).toBe(403)
  })
})
