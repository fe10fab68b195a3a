import { execFile } from 'node:child_process'
import type { AddressInfo } from 'node:net'
import { promisify } from 'node:util'
import { serve } from '@hono/node-server'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { closeTestPool, loginCookie, testApp, testPool } from '../../support/app'

const app = testApp()
let cookie = ''

beforeAll(async () => {
  cookie = await loginCookie(app, 'leader')
})
afterAll(async () => {
  await closeTestPool()
})

async function get(path: string, origin = 'http://gis.example.test') {
  const res = await app.request(`${origin}${path}`, { headers: { cookie } })
  const text = await res.text()
  return { status: res.status, type: res.headers.get('content-type'), body: text ? JSON.parse(text) : null }
}

async function count(table: string, where = 'true') {
  const { rows } = await testPool().query<{ n: number }>(
    `select count(*)::int as n from ${table} where ${where}`,
  )
  return rows[0]?.n ?? 0
}

describe('GET /ogc', () => {
  it('answers 401 without a session or token', async () => {
    expect((await app.request('/ogc')).status).toBe(401)
  })

  it('links the conformance and the collections from the landing page', async () => {
    const { status, body } = await get('/ogc')
    expect(status).toBe(200)
    const rels = Object.fromEntries(body.links.map((l: { rel: string; href: string }) => [l.rel, l.href]))
    expect(rels.conformance).toBe('http://gis.example.test/ogc/conformance')
    expect(rels.data).toBe('http://gis.example.test/ogc/collections')
  })

  it('conforms to core and GeoJSON', async () => {
    const { body } = await get('/ogc/conformance')
    expect(body.conformsTo).toEqual([
      'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core',
      'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson',
    ])
  })
})

describe('GET /ogc/collections', () => {
  it('lists parcels, projects and infrastructure with their extents and items links', async () => {
    const { body } = await get('/ogc/collections')
    expect(body.collections.map((c: { id: string }) => c.id)).toEqual([
      'parcels',
      'projects',
      'infrastructure',
    ])
    const parcels = body.collections[0]
    const [w, s, e, n] = parcels.extent.spatial.bbox[0]
    expect(w).toBeLessThan(113.45)
    expect(e).toBeGreaterThan(113.45)
    expect(s).toBeLessThan(22.55)
    expect(n).toBeGreaterThan(22.55)
    expect(parcels.extent.temporal.interval[0][0]).toMatch(/^\d{4}-\d{2}-\d{2}$/)
    expect(parcels.links).toContainEqual(
      expect.objectContaining({ rel: 'items', type: 'application/geo+json' }),
    )
  })

  it('answers 404 for an unknown collection', async () => {
    const { status, body } = await get('/ogc/collections/roads')
    expect(status).toBe(404)
    expect(body.error.code).toBe('not_found')
  })
})

describe('GET /ogc/collections/{id}/items', () => {
  it('pages with limit and offset, giving numberMatched, numberReturned and a next link', async () => {
    const total = await count('parcels')
    const first = await get('/ogc/collections/parcels/items?limit=50')
    expect(first.type).toBe('application/geo+json')
    expect(first.body.numberMatched).toBe(total)
    expect(first.body.numberReturned).toBe(50)
    const next = first.body.links.find((l: { rel: string }) => l.rel === 'next')
    expect(next.href).toBe('http://gis.example.test/ogc/collections/parcels/items?limit=50&offset=50')
    const second = await get(new URL(next.href).pathname + new URL(next.href).search)
    expect(second.body.features[0].id).toBeGreaterThan(first.body.features[49].id)
    const last = await get(`/ogc/collections/parcels/items?limit=50&offset=${total - 10}`)
    expect(last.body.numberReturned).toBe(10)
    expect(last.body.links.some((l: { rel: string }) => l.rel === 'next')).toBe(false)
  })

  it('defaults to 100 features', async () => {
    const { body } = await get('/ogc/collections/parcels/items')
    expect(body.numberReturned).toBe(100)
    expect(body.features[0]).toMatchObject({ type: 'Feature', geometry: { type: 'MultiPolygon' } })
    expect(Object.keys(body.features[0].properties)).toEqual(
      expect.arrayContaining(['code', 'status', 'land_use', 'area_m2', 'area_mu', 'handover_on']),
    )
  })

  it('filters by bbox as PostGIS does', async () => {
    const bbox = [113.44, 22.54, 113.46, 22.56]
    const expected = await count('parcels', `ST_Intersects(geom, ST_MakeEnvelope(${bbox.join(', ')}, 4326))`)
    const { body } = await get(`/ogc/collections/parcels/items?bbox=${bbox.join(',')}&limit=10000`)
    expect(expected).toBeGreaterThan(0)
    expect(body.numberMatched).toBe(expected)
    expect(body.numberReturned).toBe(expected)
  })

  it('filters by datetime on available_on (可供日期 of parcels not handed over), as an instant or an open interval', async () => {
    const { rows } = await testPool().query<{ d: string; n: number }>(
      `select available_on::text as d, count(*)::int as n
       from land_forecasts where available_on is not null group by 1 order by 2 desc limit 1`,
    )
    const day = rows[0]
    expect(day).toBeDefined()
    const instant = await get(`/ogc/collections/parcels/items?datetime=${day?.d}&limit=10000`)
    expect(instant.body.numberMatched).toBe(day?.n)
    expect(
      instant.body.features.every(
        (f: { properties: { available_on: string } }) => f.properties.available_on === day?.d,
      ),
    ).toBe(true)
    const after = await get(`/ogc/collections/parcels/items?datetime=${day?.d}/..&limit=1`)
    const before = await get(`/ogc/collections/parcels/items?datetime=../${day?.d}T23:59:59Z&limit=1`)
    const dated = await count('land_forecasts', 'available_on is not null')
    expect(after.body.numberMatched + before.body.numberMatched - (day?.n ?? 0)).toBe(dated)
  })

  it('serves projects and infrastructure', async () => {
    const projects = await get('/ogc/collections/projects/items?limit=1000')
    expect(projects.body.numberMatched).toBe(await count('projects'))
    const infrastructure = await get('/ogc/collections/infrastructure/items?limit=1000')
    expect(infrastructure.body.numberReturned).toBe(await count('infrastructure'))
  })

  it('answers 400 validation_failed for limit over 10000 and bad bbox or datetime', async () => {
    for (const query of [
      'limit=10001',
      'limit=0',
      'offset=-1',
      'bbox=1,2,3',
      'bbox=a,b,c,d',
      'bbox=170,0,-170,10',
      'bbox=0,10,1,5',
      'bbox=0,0,200,1',
      'datetime=yesterday',
      'datetime=2026-05-01/2026-01-01',
    ]) {
      const { status, body } = await get(`/ogc/collections/parcels/items?${query}`)
      expect(status, query).toBe(400)
      expect(body.error.code, query).toBe('validation_failed')
    }
  })
})

describe('GET /ogc/collections/{id}/items/{featureId}', () => {
  it('gives one feature with its links, and 404 for one that does not exist', async () => {
    const { rows } = await testPool().query<{ id: number; code: string }>(
      'select id, code from parcels order by id limit 1',
    )
    const { status, type, body } = await get(`/ogc/collections/parcels/items/${rows[0]?.id}`)
    expect(status).toBe(200)
    expect(type).toBe('application/geo+json')
    expect(body).toMatchObject({ type: 'Feature', id: rows[0]?.id, properties: { code: rows[0]?.code } })
    expect((await get('/ogc/collections/parcels/items/999999999')).status).toBe(404)
    expect((await get('/ogc/collections/parcels/items/abc')).status).toBe(404)
  })
})

describe('GDAL OAPIF driver', () => {
  it('reads the three layers and their feature counts with a bearer token', async () => {
    const admin = await loginCookie(app, 'admin')
    const issued = await app.request('/api/auth/tokens', {
      method: 'POST',
      headers: { cookie: admin, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'gdal-test', role: 'leader' }),
    })
    expect(issued.status).toBe(201)
    const { token } = await issued.json()
    const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
      const s = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s))
    })
    try {
      const { port } = server.address() as AddressInfo
      const run = promisify(execFile)
      const env = { ...process.env, GDAL_HTTP_HEADERS: `Authorization: Bearer ${token}` }
      const source = `OAPIF:http://127.0.0.1:${port}/ogc`
      const layers = await run('ogrinfo', ['-ro', '-q', source], { env })
      for (const layer of ['parcels', 'projects', 'infrastructure']) expect(layers.stdout).toContain(layer)
      for (const [layer, table] of [
        ['parcels', 'parcels'],
        ['infrastructure', 'infrastructure'],
      ] as const) {
        const summary = await run('ogrinfo', ['-ro', '-so', '-al', source, layer], { env })
        expect(summary.stdout).toContain(`Feature Count: ${await count(table)}`)
      }
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()))
    }
  })
})
