import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { closeTestPool, loginCookie, testApp, testPool } from '../../support/app'
import { FIXTURE_PREFIX, type Fixture, loadFixture, removeFixture } from './match-fixture'

const app = testApp()
const cookies: Record<string, string> = {}
let fixture: Fixture

beforeAll(async () => {
  for (const user of ['investor', 'leader', 'officer']) cookies[user] = await loginCookie(app, user)
  fixture = await loadFixture(testPool())
})

afterAll(async () => {
  await removeFixture(testPool())
  await closeTestPool()
})

async function call(
  method: string,
  path: string,
  body?: unknown,
  user = 'investor',
  headers: Record<string, string> = {},
) {
  const res = await app.request(path, {
    method,
    headers: { cookie: cookies[user] ?? '', 'content-type': 'application/json', ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  })
  return { status: res.status, body: await res.json() }
}

/** The project's version now, as the web would have it from its last read. */
async function versionOf(projectId: number): Promise<number> {
  return (await call('GET', `/api/projects/${projectId}`)).body.version
}

/** POST /api/projects/:id/stage with the project's current version. */
async function stage(projectId: number, body: Record<string, unknown>) {
  return call('POST', `/api/projects/${projectId}/stage`, { ...body, version: await versionOf(projectId) })
}

let seq = 0
async function makeProject(overrides: Record<string, unknown> = {}) {
  seq++
  const { status, body } = await call('POST', '/api/projects', {
    name: `${FIXTURE_PREFIX}W${seq} 新材料项目`,
    company: `${FIXTURE_PREFIX}W${seq} 公司`,
    sector: 'new_materials',
    investment_wan: 52000,
    source_city: '合肥',
    expected_jobs: 300,
    manager: '测试经理',
    lead_on: '2026-10-01',
    needs: { area_mu_min: 15, area_mu_max: 25, land_use: ['M1'], needed_by: '2027-12-31', power_kva: 800 },
    ...overrides,
  })
  expect(status).toBe(201)
  return body
}

describe('POST /api/projects', () => {
  it('creates a lead with its needs and a first stage-history entry', async () => {
    const project = await makeProject()
    expect(project.stage).toBe('lead')
    expect(project.investment_wan).toBe(52000)
    expect(project.needs).toMatchObject({
      area_mu_min: 15,
      area_mu_max: 25,
      land_use: ['M1'],
      power_kva: 800,
    })
    expect(project.stage_history).toHaveLength(1)
    expect(project.stage_history[0]).toMatchObject({
      stage: 'lead',
      entered_on: '2026-10-01',
      actor: 'investor',
    })
    expect(project.blockers).toEqual([])
    expect(project.reservation).toBeNull()
  })

  it('links an expansion to the existing firm’s site', async () => {
    const project = await makeProject({ kind: 'expansion', existing_parcel_id: fixture.parcels.H })
    expect(project.kind).toBe('expansion')
    expect(project.location.type).toBe('Point')
    expect(project.location.coordinates[0]).toBeCloseTo(110.0007, 3)
  })

  it.each([
    ['negative investment', { investment_wan: -5 }, 'investment_wan'],
    ['absurd investment', { investment_wan: 1e12 }, 'investment_wan'],
    ['fractional investment', { investment_wan: 10.5 }, 'investment_wan'],
    ['an unknown sector', { sector: 'mining' }, 'sector'],
    ['needs with min > max', { needs: { area_mu_min: 50, area_mu_max: 20 } }, 'needs.area_mu_min'],
    ['a negative area', { needs: { area_mu_min: -3 } }, 'needs.area_mu_min'],
    ['an unknown land use', { needs: { land_use: ['X9'] } }, 'needs.land_use.0'],
  ])('answers 400 validation_failed for %s', async (_, overrides, path) => {
    const { status, body } = await call('POST', '/api/projects', {
      name: `${FIXTURE_PREFIX}bad`,
      company: 'x',
      sector: 'new_materials',
      ...overrides,
    })
    expect(status).toBe(400)
    expect(body.error.code).toBe('validation_failed')
    expect(body.error.details.map((d: { path: string }) => d.path)).toContain(path)
  })

  it('answers 403 to the leader and the land officer', async () => {
    for (const user of ['leader', 'officer']) {
      const { status, body } = await call(
        'POST',
        '/api/projects',
        { name: 'x', company: 'x', sector: 'services' },
        user,
      )
      expect(status).toBe(403)
      expect(body.error.code).toBe('forbidden')
    }
  })
})

describe('PATCH /api/projects/:id', () => {
  it('updates with the current version and records the change in the history', async () => {
    const project = await makeProject()
    const { status, body } = await call('PATCH', `/api/projects/${project.id}`, {
      investment_wan: 60000,
      needs: { area_mu_max: 30 },
      version: project.version,
    })
    expect(status).toBe(200)
    expect(body.investment_wan).toBe(60000)
    expect(body.needs.area_mu_max).toBe(30)
    expect(body.needs.area_mu_min).toBe(15)
    expect(body.version).toBe(project.version + 1)
    const history = await call('GET', `/api/projects/${project.id}/history`)
    expect(history.body[0].changes.investment_wan).toEqual({ from: 52000, to: 60000 })
  })

  it('answers 409 version_conflict with the current record for a stale version, also through If-Match', async () => {
    const project = await makeProject()
    await call('PATCH', `/api/projects/${project.id}`, { manager: '甲', version: project.version })
    const stale = await call('PATCH', `/api/projects/${project.id}`, {
      manager: '乙',
      version: project.version,
    })
    expect(stale.status).toBe(409)
    expect(stale.body.error.code).toBe('version_conflict')
    expect(stale.body.error.details[0].current.manager).toBe('甲')
    const viaHeader = await call('PATCH', `/api/projects/${project.id}`, { manager: '乙' }, 'investor', {
      'if-match': `"${project.version}"`,
    })
    expect(viaHeader.status).toBe(409)
  })

  it('places a project without a site by hand: its point, in the list the markers come from, stale → 409', async () => {
    const project = await makeProject()
    expect(project.parcel_id).toBeNull()
    expect(project.location).toBeNull()
    const point = { type: 'Point', coordinates: [113.4521, 22.5537] }
    const placed = await call('PATCH', `/api/projects/${project.id}`, {
      location: point,
      version: project.version,
    })
    expect(placed.status).toBe(200)
    expect(placed.body.location).toEqual(point)
    expect(placed.body.version).toBe(project.version + 1)
    // the map's markers are drawn from the projects list
    const list = await call('GET', '/api/projects')
    const listed = list.body.find((p: { id: number }) => p.id === project.id)
    expect(listed.location).toEqual(point)
    const { rows } = await testPool().query<{ wkt: string }>(
      'select ST_AsText(location) as wkt from projects where id = $1',
      [project.id],
    )
    expect(rows[0]?.wkt).toBe('POINT(113.4521 22.5537)')
    const history = await call('GET', `/api/projects/${project.id}/history`)
    expect(history.body[0].changes.location).toEqual({ from: null, to: point })

    // placed again from a stale read: refused, the point kept
    const stale = await call('PATCH', `/api/projects/${project.id}`, {
      location: { type: 'Point', coordinates: [113.5, 22.6] },
      version: project.version,
    })
    expect(stale.status).toBe(409)
    expect(stale.body.error.details[0].current.location).toEqual(point)
    const bad = await call('PATCH', `/api/projects/${project.id}`, {
      location: { type: 'Point', coordinates: [200, 22.6] },
      version: placed.body.version,
    })
    expect(bad.status).toBe(400)
    // another city's coordinates (Beijing), and a point 0.5° (about 51 km) east of the zone
    for (const coordinates of [
      [116.3975, 39.9087],
      [113.9521, 22.5537],
    ]) {
      const far = await call('PATCH', `/api/projects/${project.id}`, {
        location: { type: 'Point', coordinates },
        version: placed.body.version,
      })
      expect(far.status).toBe(400)
      expect(far.body.error.details[0].path).toBe('location')
      expect(far.body.error.message).toContain('距园区所有地块都超过 10 公里')
    }
    expect((await call('GET', `/api/projects/${project.id}`)).body.location).toEqual(point)
  })

  it('answers 400 when the patched minimum would exceed the stored maximum, and when no version is sent', async () => {
    const project = await makeProject()
    const min = await call('PATCH', `/api/projects/${project.id}`, {
      needs: { area_mu_min: 40 },
      version: project.version,
    })
    expect(min.status).toBe(400)
    expect(min.body.error.details[0].path).toBe('needs.area_mu_min')
    const noVersion = await call('PATCH', `/api/projects/${project.id}`, { manager: 'x' })
    expect(noVersion.status).toBe(400)
  })

  it('answers 403 to the leader', async () => {
    const project = await makeProject()
    const { status } = await call(
      'PATCH',
      `/api/projects/${project.id}`,
      { manager: 'x', version: 1 },
      'leader',
    )
    expect(status).toBe(403)
  })
})

describe('POST /api/projects/:id/stage', () => {
  it('moves forward, sets the signed and landed dates, and records each change', async () => {
    const project = await makeProject()
    const signed = await call('POST', `/api/projects/${project.id}/stage`, {
      stage: 'signed',
      on: '2026-11-20',
      note: '签约',
      version: project.version,
    })
    expect(signed.status).toBe(200)
    expect(signed.body).toMatchObject({ stage: 'signed', signed_on: '2026-11-20', landed_on: null })
    const landed = await call('POST', `/api/projects/${project.id}/stage`, {
      stage: 'land_acquired',
      on: '2026-11-25',
      version: signed.body.version,
    })
    expect(landed.body).toMatchObject({
      stage: 'land_acquired',
      signed_on: '2026-11-20',
      landed_on: '2026-11-25',
    })
    expect(landed.body.stage_history.map((s: { stage: string }) => s.stage)).toEqual([
      'lead',
      'signed',
      'land_acquired',
    ])
    const history = await call('GET', `/api/projects/${project.id}/history`)
    expect(history.body[0]).toMatchObject({
      action: 'stage',
      changes: { stage: { from: 'signed', to: 'land_acquired' } },
    })
  })

  it('answers 400 for going back without a note, and accepts it with one', async () => {
    const project = await makeProject()
    await stage(project.id, { stage: 'in_production', on: '2026-11-01' })
    const bare = await stage(project.id, { stage: 'lead' })
    expect(bare.status).toBe(400)
    expect(bare.body.error.code).toBe('validation_failed')
    expect(bare.body.error.message).toBe('请求无效：从“投产”退回到“线索”需要说明原因')
    const noted = await stage(project.id, { stage: 'negotiating', note: '协议重新谈判' })
    expect(noted.status).toBe(200)
    expect(noted.body).toMatchObject({ stage: 'negotiating', signed_on: null, landed_on: null })
  })

  it('drops a project only with a reason, which it keeps', async () => {
    const project = await makeProject()
    expect((await stage(project.id, { stage: 'dropped' })).status).toBe(400)
    const dropped = await stage(project.id, { stage: 'dropped', note: '企业转投外地' })
    expect(dropped.body).toMatchObject({ stage: 'dropped', dropped_reason: '企业转投外地' })
  })

  it('answers 400 for an unknown stage, the same stage, a future date and a date before the current stage', async () => {
    const project = await makeProject()
    const version = project.version
    expect((await stage(project.id, { stage: 'won' })).status).toBe(400)
    expect((await stage(project.id, { stage: 'lead' })).status).toBe(400)
    expect((await stage(project.id, { stage: 'signed', on: '2027-01-01' })).status).toBe(400)
    expect((await stage(project.id, { stage: 'signed', on: '2026-01-01' })).status).toBe(400)
    // nothing was written
    expect(await versionOf(project.id)).toBe(version)
  })

  it('answers 409 version_conflict with the current project for a stale version, also through If-Match', async () => {
    const project = await makeProject()
    const path = `/api/projects/${project.id}/stage`
    const stale = await call('POST', path, { stage: 'negotiating', version: project.version + 5 })
    expect(stale.status).toBe(409)
    expect(stale.body.error.code).toBe('version_conflict')
    expect(stale.body.error.details[0].current).toMatchObject({ id: project.id, stage: 'lead' })
    const viaHeader = await call('POST', path, { stage: 'negotiating' }, 'investor', {
      'if-match': `"${project.version}"`,
    })
    expect(viaHeader.status).toBe(200)
    expect(viaHeader.body.stage).toBe('negotiating')
  })

  it('answers 400 validation_failed without a version and 403 to the leader', async () => {
    const project = await makeProject()
    const path = `/api/projects/${project.id}/stage`
    const bare = await call('POST', path, { stage: 'negotiating' })
    expect(bare.status).toBe(400)
    expect(bare.body.error.code).toBe('validation_failed')
    expect(bare.body.error.details[0].path).toBe('version')
    expect(await versionOf(project.id)).toBe(project.version)
    expect(
      (await call('POST', path, { stage: 'negotiating', version: project.version }, 'leader')).status,
    ).toBe(403)
  })
})

describe('blockers', () => {
  it('adds blockers, flags the overdue ones on the project, and resolves one with a version', async () => {
    const project = await makeProject()
    const path = `/api/projects/${project.id}/blockers`
    const late = await call('POST', path, {
      title: '用电指标未落实',
      owner: `${FIXTURE_PREFIX}供电局`,
      due_on: '2026-11-01',
    })
    expect(late.status).toBe(201)
    expect(late.body.overdue).toBe(true)
    const fine = await call('POST', path, {
      title: '环评批复',
      owner: `${FIXTURE_PREFIX}生态环境局`,
      due_on: '2026-12-31',
    })
    expect(fine.body.overdue).toBe(false)
    const detail = await call('GET', `/api/projects/${project.id}`)
    expect(detail.body.overdue_blockers).toBe(1)
    expect(detail.body.blockers).toHaveLength(2)
    const listed = await call('GET', `/api/projects?q=${encodeURIComponent(project.name)}`)
    expect(listed.body[0]).toMatchObject({ id: project.id, overdue_blockers: 1 })

    const unresolved = await call('PATCH', `${path}/${late.body.id}`, {
      status: 'resolved',
      version: late.body.version,
    })
    expect(unresolved.status).toBe(400)
    const resolved = await call('PATCH', `${path}/${late.body.id}`, {
      status: 'resolved',
      resolution: '已协调供电局增容',
      version: late.body.version,
    })
    expect(resolved.status).toBe(200)
    expect(resolved.body).toMatchObject({
      status: 'resolved',
      overdue: false,
      version: late.body.version + 1,
    })
    const stale = await call('PATCH', `${path}/${late.body.id}`, { title: 'x', version: late.body.version })
    expect(stale.status).toBe(409)
    expect(stale.body.error.code).toBe('version_conflict')
  })

  it('lists blockers per owner and the overdue ones only when asked', async () => {
    const project = await makeProject()
    const owner = `${FIXTURE_PREFIX}自然资源局`
    await call('POST', `/api/projects/${project.id}/blockers`, {
      title: '征地补偿',
      owner,
      due_on: '2026-10-01',
    })
    await call('POST', `/api/projects/${project.id}/blockers`, {
      title: '规划调整',
      owner,
      due_on: '2027-03-01',
    })
    const all = await call('GET', `/api/blockers?owner=${encodeURIComponent(owner)}`)
    expect(all.body).toHaveLength(1)
    expect(all.body[0]).toMatchObject({ owner, count: 2, overdue: 1 })
    const overdue = await call('GET', `/api/blockers?owner=${encodeURIComponent(owner)}&overdue=true`)
    expect(overdue.body[0].blockers.map((b: { title: string }) => b.title)).toEqual(['征地补偿'])
    const everyone = await call('GET', '/api/blockers?overdue=true', undefined, 'leader')
    expect(everyone.status).toBe(200)
    expect(everyone.body.length).toBeGreaterThan(1)
  })

  it('answers 400 for a blocker without an owner and 403 to the leader', async () => {
    const project = await makeProject()
    expect((await call('POST', `/api/projects/${project.id}/blockers`, { title: 'x' })).status).toBe(400)
    const leader = await call(
      'POST',
      `/api/projects/${project.id}/blockers`,
      { title: 'x', owner: 'y' },
      'leader',
    )
    expect(leader.status).toBe(403)
  })
})

describe('reservations', () => {
  const reserve = async (projectId: number, parcelId: number, until = '2027-03-31') =>
    call('POST', `/api/projects/${projectId}/reserve`, {
      parcel_id: parcelId,
      until,
      version: await versionOf(projectId),
    })
  const release = async (projectId: number) =>
    call('DELETE', `/api/projects/${projectId}/reserve?version=${await versionOf(projectId)}`)
  const parcelStatus = async (id: number) =>
    (await testPool().query('select status from parcels where id = $1', [id])).rows[0].status

  it('lets exactly one of two simultaneous requests hold a parcel', async () => {
    const [p1, p2] = [await makeProject(), await makeProject()]
    const parcel = fixture.parcels.R as number
    const results = await Promise.all([p1, p2].map((p) => reserve(p.id, parcel)))
    expect(results.map((r) => r.status).sort()).toEqual([201, 409])
    const loser = results.find((r) => r.status === 409)
    expect(loser?.body.error.code).toBe('parcel_taken')
    const { rows } = await testPool().query(
      'select count(*)::int as n from reservations where parcel_id = $1 and released_at is null',
      [parcel],
    )
    expect(rows[0].n).toBe(1)
    expect(await parcelStatus(parcel)).toBe('reserved')

    // released, the parcel is available again and the other project can take it
    const winner = results.findIndex((r) => r.status === 201)
    const [holder, other] = winner === 0 ? [p1, p2] : [p2, p1]
    expect((await release(holder.id)).status).toBe(200)
    expect(await parcelStatus(parcel)).toBe('available')
    expect((await reserve(other.id, parcel)).status).toBe(201)
    // land acquired turns the reserved parcel into the project's transferred parcel
    const landed = await stage(other.id, { stage: 'land_acquired' })
    expect(landed.body.parcel_id).toBe(parcel)
    expect(landed.body.reservation).toBeNull()
    expect(await parcelStatus(parcel)).toBe('transferred')
  })

  it('takes the project version to reserve and to release: 400 without it, 409 when stale', async () => {
    const project = await makeProject()
    const path = `/api/projects/${project.id}/reserve`
    // R went to a project in the test before
    const parcel = fixture.parcels.B as number
    const bare = await call('POST', path, { parcel_id: parcel, until: '2027-03-31' })
    expect(bare.status).toBe(400)
    expect(bare.body.error.details[0].path).toBe('version')
    const stale = await call('POST', path, { parcel_id: parcel, until: '2027-03-31', version: 99 })
    expect(stale.status).toBe(409)
    expect(stale.body.error.code).toBe('version_conflict')
    expect(stale.body.error.details[0].current.id).toBe(project.id)
    const held = await call('POST', path, {
      parcel_id: parcel,
      until: '2027-03-31',
      version: project.version,
    })
    expect(held.status).toBe(201)

    expect((await call('DELETE', path)).status).toBe(400)
    const staleRelease = await call('DELETE', `${path}?version=${project.version}`)
    expect(staleRelease.status).toBe(409)
    expect(staleRelease.body.error.code).toBe('version_conflict')
    const now = await versionOf(project.id)
    const released = await call('DELETE', path, undefined, 'investor', { 'if-match': `"${now}"` })
    expect(released.status).toBe(200)
    expect(released.body.released).toMatchObject({ project_id: project.id, parcel_id: parcel })
    expect(await parcelStatus(parcel)).toBe('available')
  })

  it('answers 409 with the reason for a parcel that is not available, and parcel_taken for a held one', async () => {
    const project = await makeProject()
    const servicing = await reserve(project.id, fixture.parcels.S as number)
    expect(servicing.status).toBe(409)
    expect(servicing.body.error.code).toBe('parcel_not_available')
    expect(servicing.body.error.message).toBe('地块 TEST-M-S 当前为“七通一平”，不可预留')
    const held = await reserve(project.id, fixture.parcels.I as number)
    expect(held.status).toBe(409)
    expect(held.body.error.code).toBe('parcel_taken')
  })

  it('reads an expired reservation as released without writing, and lets another project take the parcel', async () => {
    const [holder, taker] = [await makeProject(), await makeProject()]
    const { rows } = await testPool().query<{ id: number }>(
      `insert into parcels (code, land_use, status, geom)
       values ($1, 'M1', 'reserved', ST_Multi(ST_SetSRID(ST_GeomFromText('POLYGON((110.02 20.02, 110.021 20.02, 110.021 20.021, 110.02 20.021, 110.02 20.02))'), 4326)))
       returning id`,
      [`${FIXTURE_PREFIX}X`],
    )
    const parcel = rows[0]?.id as number
    // held until the day before the tests' today (2026-11-28), as a reservation made through the API leaves it
    const lapsed = await testPool().query<{ id: number }>(
      `insert into reservations (project_id, parcel_id, reserved_on, until) values ($1, $2, '2026-05-01', '2026-11-27')
       returning id`,
      [holder.id, parcel],
    )
    const reservationId = lapsed.rows[0]?.id
    await testPool().query('update projects set parcel_id = $2 where id = $1', [holder.id, parcel])

    const detail = await call('GET', `/api/projects/${holder.id}`)
    expect(detail.body.reservation).toBeNull()
    expect(detail.body.parcel_id).toBeNull()
    expect(detail.body.version).toBe(holder.version)
    const listed = await call('GET', `/api/projects?q=${encodeURIComponent(holder.name)}`)
    expect(listed.body[0].parcel_id).toBeNull()
    // reading wrote nothing: the reservation is still open in the table, the parcel still marked reserved
    const stored = await testPool().query('select released_at from reservations where id = $1', [
      reservationId,
    ])
    expect(stored.rows[0].released_at).toBeNull()
    expect(await parcelStatus(parcel)).toBe('reserved')
    const history = await testPool().query(
      `select count(*)::int as n from history where entity_type = 'reservation' and entity_id = $1`,
      [reservationId],
    )
    expect(history.rows[0].n).toBe(0)

    // the parcel is free for another project; the lapsed hold is recorded as expired by the system
    const taken = await reserve(taker.id, parcel)
    expect(taken.status).toBe(201)
    const ended = await testPool().query(
      'select released_reason, released_by from reservations where id = $1',
      [reservationId],
    )
    expect(ended.rows[0]).toEqual({ released_reason: 'expired', released_by: null })
    const recorded = await testPool().query(
      `select actor, changes from history where entity_type = 'reservation' and entity_id = $1`,
      [reservationId],
    )
    expect(recorded.rows).toHaveLength(1)
    expect(recorded.rows[0].actor).toBe('system')
    expect(recorded.rows[0].changes.released).toEqual({ from: null, to: 'expired' })
    expect((await call('GET', `/api/projects/${holder.id}`)).body.version).toBe(holder.version)
  })

  it('answers 400 for a past until and 403 to the leader', async () => {
    const project = await makeProject()
    const path = `/api/projects/${project.id}/reserve`
    const version = project.version
    const parcel = fixture.parcels.R
    expect((await call('POST', path, { parcel_id: parcel, until: '2026-01-01', version })).status).toBe(400)
    expect(
      (await call('POST', path, { parcel_id: parcel, until: '2027-01-01', version }, 'leader')).status,
    ).toBe(403)
    expect((await call('DELETE', `${path}?version=${version}`, undefined, 'leader')).status).toBe(403)
  })
})
