import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { closeTestPool, loginCookie, testApp, testPool } from '../../support/app'
import { makeParcel, squarePolygon } from '../../support/factories'

// The history answers in the caller's language (Accept-Language, zh-CN by default): every change in words,
// boundaries as their area in 亩, codes as labels, reasons translated; never JSON.

const app = testApp()
let cookie = ''
const codes: string[] = []

beforeAll(async () => {
  cookie = await loginCookie(app, 'officer')
})
afterAll(async () => {
  await testPool().query(`delete from parcels where code = any($1)`, [codes])
  await closeTestPool()
})

async function send(method: string, path: string, body?: unknown, language?: string) {
  const res = await app.request(path, {
    method,
    headers: {
      cookie,
      'content-type': 'application/json',
      ...(language ? { 'accept-language': language } : {}),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  })
  return { status: res.status, body: await res.json() }
}

/** The area in 亩 of a GeoJSON polygon, measured by PostGIS on the spheroid, to two decimals. */
async function muOf(geometry: GeoJSON.Polygon): Promise<string> {
  const { rows } = await testPool().query<{ mu: string }>(
    `select round((ST_Area(ST_SetSRID(ST_GeomFromGeoJSON($1), 4326)::geography) / (10000.0 / 15))::numeric, 2)::text as mu`,
    [JSON.stringify(geometry)],
  )
  return rows[0]?.mu ?? ''
}

interface Line {
  field: string
  label: string
  from: string | null
  to: string | null
  text: string
}
interface Row {
  action: string
  reason: string | null
  reason_en: string | null
  reason_key?: string
  described: Line[]
}

describe('GET /api/parcels/:id/history in words', () => {
  it('tells a boundary edit as its area in 亩, a status and land use by their labels, in zh-CN and en', async () => {
    const before = squarePolygon(112.7, 21.7, 0.00125)
    const after = squarePolygon(112.7, 21.7, 0.0015)
    const input = makeParcel({ geometry: before, land_use: 'M1' })
    codes.push(input.code)
    const created = await send('POST', '/api/parcels', input)
    expect(created.status).toBe(201)
    const id = created.body.id
    const edited = await send('PATCH', `/api/parcels/${id}`, {
      geometry: after,
      status: 'acquiring',
      land_use: 'W',
      version: 1,
    })
    expect(edited.status).toBe(200)

    const [fromMu, toMu] = [await muOf(before), await muOf(after)]
    // the squares are about 27 and 39 亩: the figures differ and are not the test's own arithmetic
    expect(Number(fromMu)).toBeGreaterThan(26)
    expect(Number(toMu)).toBeGreaterThan(Number(fromMu) + 10)

    const zh = await send('GET', `/api/parcels/${id}/history`)
    expect(zh.status).toBe(200)
    const [update, create] = zh.body as Row[]
    expect(update?.action).toBe('update')
    const zhLines = update?.described.map((l) => l.text)
    expect(zhLines).toEqual(
      expect.arrayContaining([
        `边界：${fromMu} → ${toMu} 亩`,
        '状态：规划 → 收储中',
        '用地性质：M1 一类工业用地 → W 物流仓储用地',
      ]),
    )
    expect(update?.described.find((l) => l.field === 'geometry')).toMatchObject({
      label: '边界',
      from: `${fromMu} 亩`,
      to: `${toMu} 亩`,
    })
    expect(create?.described.map((l) => l.text)).toEqual(
      expect.arrayContaining([`编号：${input.code}`, '用地性质：M1 一类工业用地']),
    )
    for (const row of zh.body as Row[]) for (const l of row.described) expect(l.text).not.toMatch(/[{}]/)

    const en = await send('GET', `/api/parcels/${id}/history`, undefined, 'en-US,en;q=0.9')
    const enLines = (en.body as Row[])[0]?.described.map((l) => l.text)
    expect(enLines).toEqual(
      expect.arrayContaining([
        `boundary: ${fromMu} → ${toMu} mu`,
        'status: Planned → Acquiring',
        'land use: M1 General industrial → W Logistics',
      ]),
    )
  })

  it('says a reason the services wrote in the caller language and keeps the stored text', async () => {
    const input = makeParcel({ geometry: squarePolygon(112.72, 21.72, 0.001) })
    codes.push(input.code)
    const created = await send('POST', '/api/parcels', input)
    const id = created.body.id
    const saved = await send('POST', `/api/parcels/${id}/schedule`, {
      target_on: '2029-06-30',
      save: true,
      version: 1,
    })
    expect(saved.status).toBe(200)
    const [zh] = (await send('GET', `/api/parcels/${id}/history`, undefined, 'zh-CN')).body as Row[]
    expect(zh).toMatchObject({
      reason: '倒排计划',
      reason_en: 'backward schedule (倒排)',
      reason_key: 'history.backward_schedule',
    })
    expect(zh?.described.map((l) => l.text)).toEqual(
      expect.arrayContaining(['目标交地日期：（无） → 2029-06-30']),
    )
    const schedule = zh?.described.find((l) => l.field === 'schedule')
    expect(schedule?.text).toMatch(/^倒排计划：收储 \d{4}-\d\d-\d\d、清表 /)
    const [en] = (await send('GET', `/api/parcels/${id}/history`, undefined, 'en')).body as Row[]
    expect(en?.reason).toBe('backward schedule (倒排)')
    expect(en?.described.find((l) => l.field === 'schedule')?.text).toMatch(
      /^backward schedule: Acquisition /,
    )
  })

  it('keeps a note a person wrote as written, in both languages', async () => {
    const input = makeParcel({ geometry: squarePolygon(112.74, 21.74, 0.001) })
    codes.push(input.code)
    const id = (await send('POST', '/api/parcels', input)).body.id
    await send('PATCH', `/api/parcels/${id}`, { name: '新名称', reason: '规划调整', version: 1 })
    for (const language of ['zh-CN', 'en']) {
      const [row] = (await send('GET', `/api/parcels/${id}/history`, undefined, language)).body as Row[]
      expect(row).toMatchObject({ reason: '规划调整', reason_en: '规划调整' })
      expect(row?.reason_key).toBeUndefined()
    }
  })
})
