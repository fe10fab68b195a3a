import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { closeTestPool, loginCookie, testApp, testPool } from '../../support/app'
import { makeParcel, squarePolygon } from '../../support/factories'

// Records of this file only (codes and names no demo record has), created through the API as users would.
const app = testApp()
const cookies: Record<string, string> = {}
let parcelId = 0
let projectId = 0

async function send(method: string, path: string, body?: unknown, user = 'officer') {
  const res = await app.request(path, {
    method,
    headers: { cookie: cookies[user] ?? '', 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  })
  return { status: res.status, body: await res.json() }
}

beforeAll(async () => {
  for (const user of ['officer', 'investor', 'leader']) cookies[user] = await loginCookie(app, user)
  // a 0.002° square with its south-west corner at 110.3°E 20.3°N
  const parcel = await send(
    'POST',
    '/api/parcels',
    makeParcel({ code: 'SRCH-7731', name: '搜索测试北地块', geometry: squarePolygon(110.3, 20.3, 0.002) }),
  )
  expect(parcel.status).toBe(201)
  parcelId = parcel.body.id
  const project = await send(
    'POST',
    '/api/projects',
    {
      name: '搜索测试光电项目',
      company: '星澜搜索光电有限公司',
      sector: 'optoelectronics',
      kind: 'new',
      investment_wan: 1000,
      location: { type: 'Point', coordinates: [110.31, 20.31] },
    },
    'investor',
  )
  expect(project.status).toBe(201)
  projectId = project.body.id
})
afterAll(async () => {
  await testPool().query(`delete from projects where id = $1`, [projectId])
  await testPool().query(`delete from parcels where id = $1`, [parcelId])
  await closeTestPool()
})

const search = (q: string, extra = '', user = 'leader') =>
  send('GET', `/api/search?q=${encodeURIComponent(q)}${extra}`, undefined, user)

describe('GET /api/search', () => {
  it('finds a parcel by part of its code, with its extent', async () => {
    const { status, body } = await search('ch-77')
    expect(status).toBe(200)
    expect(body.hits).toEqual([
      {
        kind: 'parcel',
        id: parcelId,
        label: 'SRCH-7731',
        detail: '搜索测试北地块',
        parcel_id: parcelId,
        bbox: expect.any(Array),
      },
    ])
    const expected = [110.3, 20.3, 110.302, 20.302]
    for (const [i, v] of (body.hits[0].bbox as number[]).entries()) expect(v).toBeCloseTo(expected[i] ?? 0, 9)
  })

  it('finds a parcel by part of its Chinese name', async () => {
    const { body } = await search('测试北')
    expect(body.hits.map((h: { label: string }) => h.label)).toEqual(['SRCH-7731'])
  })

  it('finds a project by its company, with the point it stands on', async () => {
    const { body } = await search('星澜搜索')
    expect(body.hits).toEqual([
      {
        kind: 'project',
        id: projectId,
        label: '搜索测试光电项目',
        detail: '星澜搜索光电有限公司',
        parcel_id: null,
        bbox: [110.31, 20.31, 110.31, 20.31],
      },
    ])
  })

  it('puts an exact code before codes that only contain it, and keeps to the limit', async () => {
    // the demo district's parcels are GX-2026-0001…; 'GX-2026-0012' is one of them and is in 0120…0129 too
    const { body } = await search('GX-2026-0012', '&limit=3')
    expect(body.hits).toHaveLength(1)
    expect(body.hits[0]).toMatchObject({ kind: 'parcel', label: 'GX-2026-0012' })
    const many = await search('GX-2026-001', '&limit=3')
    expect(many.body.hits).toHaveLength(3)
    for (const hit of many.body.hits) expect(hit.label).toMatch(/^GX-2026-001/)
  })

  it('finds a firm of the demo district by name, with the parcels it uses', async () => {
    const { rows } = await testPool().query<{ id: string; name: string; codes: string[] }>(
      `select f.id, f.name, array_agg(p.code order by p.code) as codes
       from firms f join firm_parcels fp on fp.firm_id = f.id join parcels p on p.id = fp.parcel_id
       group by f.id order by f.id limit 1`,
    )
    const firm = rows[0]
    if (!firm) throw new Error('the demo district has no firm with land')
    const { body } = await search(firm.name, '&limit=50')
    const hit = body.hits.find((h: { kind: string }) => h.kind === 'firm')
    expect(hit).toMatchObject({ id: Number(firm.id), label: firm.name, detail: firm.codes.join(', ') })
  })

  it('takes % and _ literally', async () => {
    expect((await search('%')).body.hits).toEqual([])
    expect((await search('SRCH_7731')).body.hits).toEqual([])
  })

  it.each([
    ['', 'an empty q'],
    ['x&limit=0', 'a limit of 0'],
    ['x&limit=51', 'a limit over 50'],
    ['x&other=1', 'an unknown key'],
  ])('answers 400 validation_failed for %s (%s)', async (extra) => {
    const res = await send('GET', `/api/search?q=${extra}`, undefined, 'leader')
    expect(res.status).toBe(400)
    expect(res.body.error.code).toBe('validation_failed')
  })

  it('answers 401 without a login', async () => {
    const res = await app.request('/api/search?q=GX')
    expect(res.status).toBe(401)
  })
})
