import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { closeTestPool, loginCookie, testApp, testPool } from '../../support/app'

const app = testApp()
const cookies: Record<string, string> = {}
beforeAll(async () => {
  for (const user of ['admin', 'leader']) cookies[user] = await loginCookie(app, user)
})
afterAll(async () => {
  await testPool().query(`delete from users where username like 't-%'`)
  await testPool().query(`delete from departments where name like 'T-DEPT%'`)
  await closeTestPool()
})

async function send(method: string, path: string, body?: unknown, cookie = cookies.admin ?? '') {
  const res = await app.request(path, {
    method,
    headers: { cookie, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  })
  const text = await res.text()
  return { status: res.status, body: text ? JSON.parse(text) : null }
}

describe('/api/admin/users', () => {
  it('lets an admin create a user who can then log in with the role given', async () => {
    const created = await send('POST', '/api/admin/users', {
      username: 't-zhang',
      password: 'a-long-password',
      role: 'investment',
    })
    expect(created.status).toBe(201)
    expect(created.body).toMatchObject({ username: 't-zhang', role: 'investment', disabled: false })
    expect(created.body).not.toHaveProperty('password_hash')
    const cookie = await loginCookie(app, 't-zhang', 'a-long-password')
    expect((await send('GET', '/api/auth/me', undefined, cookie)).body).toEqual({
      username: 't-zhang',
      role: 'investment',
      department: null,
    })
  })

  it('puts a user in a department and out of it again; the session and the list show it', async () => {
    const departments = (await send('GET', '/api/departments')).body as { id: number; name: string }[]
    const power = departments.find((d) => d.name === '供电局')
    const water = departments.find((d) => d.name === '水务公司')
    if (!power || !water) throw new Error('the demo departments are missing')
    const created = await send('POST', '/api/admin/users', {
      username: 't-zhao',
      password: 'a-long-password',
      role: 'land_officer',
      department_id: power.id,
    })
    expect(created.status).toBe(201)
    expect(created.body).toMatchObject({ department_id: power.id, department: '供电局' })
    const cookie = await loginCookie(app, 't-zhao', 'a-long-password')
    expect((await send('GET', '/api/auth/me', undefined, cookie)).body.department).toEqual({
      id: power.id,
      name: '供电局',
      name_en: 'Power Supply Bureau',
    })

    const moved = await send('PATCH', `/api/admin/users/${created.body.id}`, {
      department_id: water.id,
      version: created.body.version,
    })
    expect(moved.status).toBe(200)
    expect(moved.body).toMatchObject({ department_id: water.id, department: '水务公司' })
    const listed = (await send('GET', '/api/admin/users')).body.find(
      (u: { username: string }) => u.username === 't-zhao',
    )
    expect(listed).toMatchObject({ department_id: water.id, department: '水务公司' })
    // a department change is no change of rights: the session stays
    expect((await send('GET', '/api/auth/me', undefined, cookie)).body.department.name).toBe('水务公司')
    const { rows } = await testPool().query(
      `select changes from history where entity_type = 'user' and entity_id = $1 and action = 'update'`,
      [created.body.id],
    )
    expect(rows.map((r) => r.changes)).toEqual([{ department_id: { from: power.id, to: water.id } }])

    const out = await send('PATCH', `/api/admin/users/${created.body.id}`, {
      department_id: null,
      version: moved.body.version,
    })
    expect(out.body).toMatchObject({ department_id: null, department: null })
    expect((await send('GET', '/api/auth/me', undefined, cookie)).body.department).toBeNull()
  })

  it('answers 400 validation_failed for a department that does not exist, and changes nothing', async () => {
    const created = await send('POST', '/api/admin/users', {
      username: 't-qian',
      password: 'a-long-password',
      role: 'leader',
    })
    const refused = await send('PATCH', `/api/admin/users/${created.body.id}`, {
      department_id: 987654,
      version: created.body.version,
    })
    expect(refused.status).toBe(400)
    expect(refused.body.error.code).toBe('validation_failed')
    expect(refused.body.error.message).toBe('部门 987654 不存在')
    const listed = (await send('GET', '/api/admin/users')).body.find(
      (u: { username: string }) => u.username === 't-qian',
    )
    expect(listed).toMatchObject({ department_id: null, version: created.body.version })
    const badCreate = await send('POST', '/api/admin/users', {
      username: 't-sun',
      password: 'a-long-password',
      role: 'leader',
      department_id: 987654,
    })
    expect(badCreate.status).toBe(400)
    expect(
      (await send('GET', '/api/admin/users')).body.map((u: { username: string }) => u.username),
    ).not.toContain('t-sun')
  })

  it('keeps the e-mail address reminders are mailed to, refuses one that is not, and clears it', async () => {
    const created = await send('POST', '/api/admin/users', {
      username: 't-zhou',
      password: 'a-long-password',
      role: 'land_officer',
      email: 'zhou.gang@example.gov.cn',
    })
    expect(created.status).toBe(201)
    expect(created.body.email).toBe('zhou.gang@example.gov.cn')
    const bad = await send('PATCH', `/api/admin/users/${created.body.id}`, {
      email: 'zhou.gang',
      version: created.body.version,
    })
    expect(bad.status).toBe(400)
    expect(bad.body.error.code).toBe('validation_failed')
    expect(bad.body.error.details[0].path).toBe('email')
    const changed = await send('PATCH', `/api/admin/users/${created.body.id}`, {
      email: 'zhou@example.gov.cn',
      version: created.body.version,
    })
    expect(changed.status).toBe(200)
    expect(changed.body).toMatchObject({ email: 'zhou@example.gov.cn', version: created.body.version + 1 })
    const { rows } = await testPool().query<{ email: string | null }>(
      'select email from users where username = $1',
      ['t-zhou'],
    )
    expect(rows[0]?.email).toBe('zhou@example.gov.cn')
    const cleared = await send('PATCH', `/api/admin/users/${created.body.id}`, {
      email: null,
      version: changed.body.version,
    })
    expect(cleared.body.email).toBeNull()
    const history = await testPool().query(
      `select changes from history where entity_type = 'user' and entity_id = $1 and action = 'update' order by id`,
      [created.body.id],
    )
    expect(history.rows.map((r) => r.changes)).toEqual([
      { email: { from: 'zhou.gang@example.gov.cn', to: 'zhou@example.gov.cn' } },
      { email: { from: 'zhou@example.gov.cn', to: null } },
    ])
  })

  it('ends the sessions of a user who is disabled, and refuses their next login', async () => {
    const created = await send('POST', '/api/admin/users', {
      username: 't-li',
      password: 'a-long-password',
      role: 'leader',
    })
    const cookie = await loginCookie(app, 't-li', 'a-long-password')
    const disabled = await send('PATCH', `/api/admin/users/${created.body.id}`, {
      disabled: true,
      version: created.body.version,
    })
    expect(disabled.body.disabled).toBe(true)
    expect((await send('GET', '/api/auth/me', undefined, cookie)).status).toBe(401)
    await expect(loginCookie(app, 't-li', 'a-long-password')).rejects.toThrow(/401/)
  })

  it('resets a password: the old one stops working', async () => {
    const created = await send('POST', '/api/admin/users', {
      username: 't-wang',
      password: 'first-password',
      role: 'leader',
    })
    const reset = await send('PATCH', `/api/admin/users/${created.body.id}`, {
      password: 'second-password',
      version: created.body.version,
    })
    expect(reset.status).toBe(200)
    await expect(loginCookie(app, 't-wang', 'first-password')).rejects.toThrow(/401/)
    expect(await loginCookie(app, 't-wang', 'second-password')).toMatch(/^guatu_session=/)
  })

  it('answers 400 for a short password or a bad username, 409 for a taken one, 403 to a leader', async () => {
    expect(
      (await send('POST', '/api/admin/users', { username: 't-x', password: 'short', role: 'leader' })).status,
    ).toBe(400)
    expect(
      (
        await send('POST', '/api/admin/users', {
          username: 'T X',
          password: 'a-long-password',
          role: 'leader',
        })
      ).status,
    ).toBe(400)
    expect(
      (
        await send('POST', '/api/admin/users', {
          username: 'leader',
          password: 'a-long-password',
          role: 'leader',
        })
      ).status,
    ).toBe(409)
    expect((await send('GET', '/api/admin/users', undefined, cookies.leader)).status).toBe(403)
  })

  it('keeps an admin from demoting themself', async () => {
    const { body } = await send('GET', '/api/admin/users')
    const admin = body.find((u: { username: string }) => u.username === 'admin')
    const demoted = await send('PATCH', `/api/admin/users/${admin.id}`, {
      role: 'leader',
      version: admin.version,
    })
    expect(demoted.status).toBe(409)
    expect(demoted.body.error.code).toBe('conflict')
  })
})

describe('/api/departments', () => {
  const robot = 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=T-DEPT-KEY'

  it('lets an admin create a department with its group robot, which only admins read', async () => {
    const created = await send('POST', '/api/departments', {
      name: 'T-DEPT 应急管理局',
      name_en: 'Emergency Management Bureau',
      webhook_url: robot,
    })
    expect(created.status).toBe(201)
    expect(created.body).toMatchObject({ name: 'T-DEPT 应急管理局', webhook_url: robot, version: 1 })
    const asAdmin = (await send('GET', '/api/departments')).body.find(
      (d: { name: string }) => d.name === 'T-DEPT 应急管理局',
    )
    expect(asAdmin).toMatchObject({ webhook_url: robot, has_webhook: true, users: 0 })
    const asLeader = (await send('GET', '/api/departments', undefined, cookies.leader)).body.find(
      (d: { name: string }) => d.name === 'T-DEPT 应急管理局',
    )
    expect(asLeader).toMatchObject({ webhook_url: null, has_webhook: true })
    const twice = await send('POST', '/api/departments', { name: 'T-DEPT 应急管理局' })
    expect(twice.status).toBe(409)
    expect(twice.body.error.message).toBe('部门「T-DEPT 应急管理局」已存在')
  })

  it('changes a robot at its version: 409 when stale, 400 for an address that is not http(s); the history never holds the key', async () => {
    const id = (await send('GET', '/api/departments')).body.find(
      (d: { name: string }) => d.name === 'T-DEPT 应急管理局',
    ).id
    const bad = await send('PATCH', `/api/departments/${id}`, { webhook_url: 'ftp://robot', version: 1 })
    expect(bad.status).toBe(400)
    expect(bad.body.error.code).toBe('validation_failed')
    const dingtalk = 'https://oapi.dingtalk.com/robot/send?access_token=T-DEPT-TOKEN'
    const changed = await send('PATCH', `/api/departments/${id}`, { webhook_url: dingtalk, version: 1 })
    expect(changed.status).toBe(200)
    expect(changed.body).toMatchObject({ webhook_url: dingtalk, version: 2 })
    const stale = await send('PATCH', `/api/departments/${id}`, { webhook_url: null, version: 1 })
    expect(stale.status).toBe(409)
    expect(stale.body.error.code).toBe('version_conflict')
    const removed = await send('PATCH', `/api/departments/${id}`, { webhook_url: null, version: 2 })
    expect(removed.body).toMatchObject({ webhook_url: null, version: 3 })
    const { rows } = await testPool().query<{ changes: unknown }>(
      `select changes from history where entity_type = 'department' and entity_id = $1 order by id`,
      [id],
    )
    expect(rows.map((r) => r.changes)).toEqual([
      { name: 'T-DEPT 应急管理局', name_en: 'Emergency Management Bureau', webhook: 'set' },
      { webhook: { from: 'set', to: 'set' } },
      { webhook: { from: 'set', to: 'none' } },
    ])
    expect(JSON.stringify(rows)).not.toContain('T-DEPT-')
  })

  it('answers 404 for a department that does not exist and 403 to a leader', async () => {
    const missing = await send('PATCH', '/api/departments/987654', { name_en: 'x', version: 1 })
    expect(missing.status).toBe(404)
    expect(missing.body.error.message).toBe('部门 987654 不存在')
    const leader = await send('POST', '/api/departments', { name: 'T-DEPT 另一个' }, cookies.leader)
    expect(leader.status).toBe(403)
  })
})

describe('/api/admin/tokens', () => {
  it('lists tokens without their secret and revokes one', async () => {
    const issued = await send('POST', '/api/auth/tokens', { name: 't-gis', role: 'leader' })
    const list = await send('GET', '/api/admin/tokens')
    const entry = list.body.find((t: { id: number }) => t.id === issued.body.id)
    expect(entry).toMatchObject({ name: 't-gis', role: 'leader', revoked: false })
    expect(JSON.stringify(list.body)).not.toContain(issued.body.token)
    expect((await send('DELETE', `/api/admin/tokens/${issued.body.id}`)).status).toBe(204)
    const res = await app.request('/api/auth/me', {
      headers: { authorization: `Bearer ${issued.body.token}` },
    })
    expect(res.status).toBe(401)
  })
})

describe('GET /api/admin/audit', () => {
  it('lists the latest logins (failed ones too) and admin actions, tokens included, never a secret', async () => {
    const failed = await app.request('/api/auth/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 't-nobody', password: 'not-the-password' }),
    })
    expect(failed.status).toBe(401)
    const issued = await send('POST', '/api/auth/tokens', { name: 't-audit', role: 'leader' })
    expect((await send('DELETE', `/api/admin/tokens/${issued.body.id}`)).status).toBe(204)

    const { status, body } = await send('GET', '/api/admin/audit?limit=500')
    expect(status).toBe(200)
    expect(body.logins).toContainEqual(
      expect.objectContaining({ username: 't-nobody', succeeded: false, attempted_at: expect.any(String) }),
    )
    const tokenActions = body.actions.filter(
      (a: { entity_type: string; entity_id: number }) =>
        a.entity_type === 'token' && a.entity_id === issued.body.id,
    )
    expect(tokenActions.map((a: { action: string; actor: string }) => [a.action, a.actor])).toEqual([
      ['delete', 'admin'],
      ['create', 'admin'],
    ])
    expect(tokenActions[1].changes).toEqual({ name: 't-audit', role: 'leader' })
    expect(JSON.stringify(body)).not.toContain(issued.body.token)

    expect((await send('GET', '/api/admin/audit', undefined, cookies.leader)).status).toBe(403)
    expect((await send('GET', '/api/admin/audit?limit=501')).status).toBe(400)
  })
})

describe('GET /api/admin/export', () => {
  it('gives an admin every record in a zip: GeoJSON and CSV, and no password hash', async () => {
    const { unzipSync, strFromU8 } = await import('fflate')
    const res = await app.request('/api/admin/export', { headers: { cookie: cookies.admin ?? '' } })
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('application/zip')
    const files = unzipSync(new Uint8Array(await res.arrayBuffer()))
    for (const name of [
      'parcels.geojson',
      'parcels.csv',
      'projects.geojson',
      'infrastructure.geojson',
      'history.json',
    ]) {
      expect(Object.keys(files)).toContain(name)
    }
    const parcels = JSON.parse(strFromU8(files['parcels.geojson'] as Uint8Array))
    expect(parcels.features.length).toBeGreaterThanOrEqual(400)
    expect(parcels.features[0].geometry.type).toBe('MultiPolygon')
    expect(parcels.features[0].properties).not.toHaveProperty('geom_3857')
    const csv = files['parcels.csv'] as Uint8Array
    expect([...csv.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]) // the BOM Excel needs for UTF-8
    expect(strFromU8(csv)).toMatch(/^\uFEFF?id,code,/)
    const users = strFromU8(files['users.json'] as Uint8Array)
    expect(users).toContain('leader')
    expect(users).not.toMatch(/password|\$2[aby]\$/)
  })

  it('lists follow-ups, documents, file metadata, inspections and their photos, never the file bytes', async () => {
    const { unzipSync, strFromU8 } = await import('fflate')
    const db = testPool()
    const sha = 'ab'.repeat(32)
    const {
      rows: [project],
    } = await db.query<{ id: string }>('select id from projects order by id limit 1')
    const {
      rows: [followUp],
    } = await db.query<{ id: string }>(
      `insert into project_follow_ups (project_id, kind, happened_on, who, what, next_action, next_on)
       values ($1, 'talk', '2026-11-02', '王经理', '导出测试：洽谈用地', '报送方案', '2026-11-20') returning id`,
      [project?.id],
    )
    await db.query(
      `insert into file_contents (sha256, size, media_type, chunks) values ($1, 4, 'application/pdf', 1)
       on conflict do nothing`,
      [sha],
    )
    await db.query(
      `insert into file_chunks (sha256, seq, data) values ($1, 0, '\x53454352') on conflict do nothing`,
      [sha],
    )
    const {
      rows: [document],
    } = await db.query<{ id: string }>(
      `insert into documents (subject_type, subject_id, name, version, sha256, uploaded_by)
       values ('project', $1, '导出测试-协议.pdf', 1, $2, 'officer') returning id`,
      [project?.id, sha],
    )
    const {
      rows: [inspection],
    } = await db.query<{ id: string }>(
      `insert into inspections (client_id, subject_type, subject_id, finding, note, position, position_source,
         inspected_at, author)
       values (gen_random_uuid(), 'project', $1, 'problem', '导出测试：围挡缺失',
         ST_SetSRID(ST_MakePoint(113.45, 22.55), 4326), 'device', '2026-11-27T02:00:00Z', 'field') returning id`,
      [project?.id],
    )
    await db.query(
      `insert into inspection_photos (inspection_id, seq, name, sha256) values ($1, 1, '现场.jpg', $2)`,
      [inspection?.id, sha],
    )
    try {
      const res = await app.request('/api/admin/export', { headers: { cookie: cookies.admin ?? '' } })
      expect(res.status).toBe(200)
      const files = unzipSync(new Uint8Array(await res.arrayBuffer()))
      const json = (name: string) => JSON.parse(strFromU8(files[name] as Uint8Array))
      const followUps = json('project_follow_ups.json') as Record<string, unknown>[]
      expect(followUps.find((f) => String(f.id) === String(followUp?.id))).toMatchObject({
        what: '导出测试：洽谈用地',
        next_on: '2026-11-20',
      })
      const documents = json('documents.json') as Record<string, unknown>[]
      expect(documents.find((d) => String(d.id) === String(document?.id))).toMatchObject({
        name: '导出测试-协议.pdf',
        sha256: sha,
      })
      const contents = json('file_contents.json') as Record<string, unknown>[]
      expect(contents.find((c) => c.sha256 === sha)).toMatchObject({ size: 4, media_type: 'application/pdf' })
      const inspections = json('inspections.geojson')
      const feature = inspections.features.find(
        (f: { id: unknown }) => String(f.id) === String(inspection?.id),
      )
      expect(feature.geometry).toEqual({ type: 'Point', coordinates: [113.45, 22.55] })
      expect(feature.properties).toMatchObject({ finding: 'problem', note: '导出测试：围挡缺失' })
      const photos = json('inspection_photos.json') as Record<string, unknown>[]
      expect(photos.find((p) => String(p.inspection_id) === String(inspection?.id))).toMatchObject({
        name: '现场.jpg',
      })
      for (const name of ['documents.csv', 'inspections.csv', 'project_follow_ups.csv']) {
        expect(Object.keys(files)).toContain(name)
      }
      // metadata only: no chunk table, and the bytes ("SECR") nowhere in the zip
      expect(Object.keys(files).some((name) => name.startsWith('file_chunks'))).toBe(false)
      for (const file of Object.values(files)) expect(strFromU8(file)).not.toContain('SECR')
    } finally {
      await db.query('delete from inspections where id = $1', [inspection?.id])
      await db.query('delete from documents where id = $1', [document?.id])
      await db.query('delete from file_contents where sha256 = $1', [sha])
      await db.query('delete from project_follow_ups where id = $1', [followUp?.id])
    }
  })

  it('answers 403 to a leader', async () => {
    expect((await send('GET', '/api/admin/export', undefined, cookies.leader)).status).toBe(403)
  })
})
