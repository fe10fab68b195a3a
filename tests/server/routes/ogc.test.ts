import { gunzipSync } from 'node:zlib'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { reforecastStale } from '../../../server/services/land/reforecast'
import { closeTestPool, DEMO_TODAY, loginCookie, testApp, testPool } from '../../support/app'

const app = testApp()
let cookie = ''

beforeAll(async () => {
  // the stored forecasts the parcels collection reads (the app writes them when the day turns)
  await reforecastStale(testPool(), DEMO_TODAY)
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

  it('takes an API token as Bearer or as the password of HTTP Basic, and 401 for a wrong one', async () => {
    const admin = await loginCookie(app, 'admin')
    const issued = await app.request('/api/auth/tokens', {
      method: 'POST',
      headers: { cookie: admin, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'ogc-basic-test', role: 'leader' }),
    })
    const { token } = await issued.json()
    const basic = (user: string, password: string) =>
      `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`
    for (const [authorization, status] of [
      [`Bearer ${token}`, 200],
      [basic('token', token), 200],
      [basic('anyone', token), 200],
      [basic('token', 'wrong'), 401],
      [basic(token, ''), 401],
      ['Basic !!!', 401],
    ] as const) {
      expect((await app.request('/ogc', { headers: { authorization } })).status, authorization).toBe(status)
    }
  })

  it('links the conformance and the collections from the landing page', async () => {
    const { status, body } = await get('/ogc')
    expect(status).toBe(200)
    const rels = Object.fromEntries(body.links.map((l: { rel: string; href: string }) => [l.rel, l.href]))
    expect(rels.conformance).toBe('http://gis.example.test/ogc/conformance')
    expect(rels.data).toBe('http://gis.example.test/ogc/collections')
  })

  it('links an OpenAPI 3.0 service-desc that describes the items filters, and a service-doc page', async () => {
    const { body } = await get('/ogc')
    const desc = body.links.find((l: { rel: string }) => l.rel === 'service-desc')
    expect(desc).toEqual(
      expect.objectContaining({
        href: 'http://gis.example.test/ogc/api',
        type: 'application/vnd.oai.openapi+json;version=3.0',
      }),
    )
    const api = await get('/ogc/api')
    expect(api.status).toBe(200)
    expect(api.type).toBe('application/vnd.oai.openapi+json;version=3.0')
    expect(api.body.openapi).toMatch(/^3\.0\./)
    const names = api.body.paths['/collections/{collectionId}/items'].get.parameters.map(
      (p: { name: string }) => p.name,
    )
    expect(names).toEqual(
      expect.arrayContaining(['limit', 'bbox', 'datetime', 'filter', 'filter-lang', 'crs']),
    )
    const doc = body.links.find((l: { rel: string }) => l.rel === 'service-doc')
    const page = await app.request(new URL(doc.href).pathname, { headers: { cookie } })
    expect(page.status).toBe(200)
    expect(page.headers.get('content-type')).toMatch(/^text\/html/)
  })

  it('conforms to core, GeoJSON, OpenAPI 3.0, CRS, queryables, filters and CQL2-text', async () => {
    const { body } = await get('/ogc/conformance')
    expect(body.conformsTo).toEqual(
      expect.arrayContaining([
        'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core',
        'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson',
        'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/oas30',
        'http://www.opengis.net/spec/ogcapi-features-2/1.0/conf/crs',
        'http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/queryables',
        'http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/filter',
        'http://www.opengis.net/spec/cql2/1.0/conf/cql2-text',
        'http://www.opengis.net/spec/cql2/1.0/conf/basic-cql2',
      ]),
    )
  })
})

describe('GET /ogc/collections', () => {
  it('lists parcels, projects, infrastructure lines and points with their extents and items links', async () => {
    const { body } = await get('/ogc/collections')
    expect(body.collections.map((c: { id: string }) => c.id)).toEqual([
      'parcels',
      'projects',
      'infrastructure',
      'infrastructure-points',
    ])
    const parcels = body.collections[0]
    const [w, s, e, n] = parcels.extent.spatial.bbox[0]
    expect(w).toBeLessThan(113.45)
    expect(e).toBeGreaterThan(113.45)
    expect(s).toBeLessThan(22.55)
    expect(n).toBeGreaterThan(22.55)
    const { rows } = await testPool().query<{ first: string; last: string }>(
      `select min(ready_on)::text as first, max(ready_on)::text as last from land_forecasts
       where readiness is distinct from 'done'`,
    )
    expect(parcels.extent.temporal.interval).toEqual([
      [`${rows[0]?.first}T00:00:00Z`, `${rows[0]?.last}T00:00:00Z`],
    ])
    expect(parcels.crs).toEqual([
      'http://www.opengis.net/def/crs/OGC/1.3/CRS84',
      'http://www.opengis.net/def/crs/EPSG/0/4490',
      'http://www.opengis.net/def/crs/EPSG/0/4547',
    ])
    expect(parcels.description).toContain('available_on')
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
  it('pages with a cursor in the next link, the last page without one, and still honours offset', async () => {
    const total = await count('parcels')
    const ids = (await testPool().query<{ id: number }>('select id::int as id from parcels order by id')).rows
    const first = await get('/ogc/collections/parcels/items?limit=50')
    expect(first.type).toBe('application/geo+json')
    expect(first.body.numberMatched).toBe(total)
    expect(first.body.numberReturned).toBe(50)
    const next = first.body.links.find((l: { rel: string }) => l.rel === 'next')
    expect(next.href).toBe(
      `http://gis.example.test/ogc/collections/parcels/items?limit=50&cursor=${ids[49]?.id}`,
    )
    const second = await get(new URL(next.href).pathname + new URL(next.href).search)
    // a cursor page is not counted again
    expect(second.body.numberMatched).toBeUndefined()
    expect(second.body.features.map((f: { id: number }) => f.id)).toEqual(ids.slice(50, 100).map((r) => r.id))
    const last = await get(`/ogc/collections/parcels/items?limit=50&cursor=${ids[total - 11]?.id}`)
    expect(last.body.numberReturned).toBe(10)
    expect(last.body.links.some((l: { rel: string }) => l.rel === 'next')).toBe(false)
    const exact = await get(`/ogc/collections/parcels/items?limit=10&cursor=${ids[total - 11]?.id}`)
    expect(exact.body.links.some((l: { rel: string }) => l.rel === 'next')).toBe(false)
    const byOffset = await get(`/ogc/collections/parcels/items?limit=50&offset=${total - 10}`)
    expect(byOffset.body.features.map((f: { id: number }) => f.id)).toEqual(
      ids.slice(total - 10).map((r) => r.id),
    )
    expect(byOffset.body.links.some((l: { rel: string }) => l.rel === 'prev')).toBe(true)
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

  it('filters datetime on available_on, the stored ready date of parcels not handed over', async () => {
    const { rows } = await testPool().query<{ d: string; n: number }>(
      `select ready_on::text as d, count(*)::int as n from land_forecasts
       where readiness is distinct from 'done' and ready_on is not null group by 1 order by 2 desc, 1 limit 1`,
    )
    const day = rows[0]
    expect(day).toBeDefined()
    const instant = await get(`/ogc/collections/parcels/items?datetime=${day?.d}&limit=10000`)
    expect(instant.body.numberMatched).toBe(day?.n)
    for (const f of instant.body.features) {
      expect(f.properties.available_on).toBe(day?.d)
      expect(f.properties.ready_on).toBe(day?.d)
      expect(f.properties.readiness).not.toBe('done')
    }
    const available = await count(
      'land_forecasts',
      `readiness is distinct from 'done' and ready_on is not null`,
    )
    const before = await count(
      'land_forecasts',
      `readiness is distinct from 'done' and ready_on <= '${day?.d}'::date`,
    )
    // every interval form GDAL and QGIS send
    for (const [datetime, expected] of [
      [`${day?.d}/..`, available - before + (day?.n ?? 0)],
      [`${day?.d}T/..`, available - before + (day?.n ?? 0)],
      [`${day?.d}T00:00:00Z/`, available - before + (day?.n ?? 0)],
      [`../${day?.d}T23:59:59Z`, before],
      [`/${day?.d}`, before],
      [`../${day?.d}T23:59:59+08:00`, before],
      [`${day?.d}T00:00:00.000Z/${day?.d}T23:59:59.999Z`, day?.n],
      ['../..', available],
    ] as const) {
      const { status, body } = await get(
        `/ogc/collections/parcels/items?datetime=${encodeURIComponent(datetime)}&limit=1`,
      )
      expect(status, datetime).toBe(200)
      expect(body.numberMatched, datetime).toBe(expected)
    }
  })

  it('filters with CQL2-text on text, number and date queryables, with AND, OR and parentheses', async () => {
    const expected = await count(
      'parcels t left join land_forecasts f on f.parcel_id = t.id',
      `(t.status = 'available' and t.area_m2 * 0.0015 >= 50) or (f.handover_on < '2027-01-01' and t.code like '%1%')`,
    )
    expect(expected).toBeGreaterThan(0)
    const filter =
      "(status = 'available' AND area_mu >= 50) OR (handover_on < DATE('2027-01-01') AND code LIKE '%1%')"
    const { status, body } = await get(
      `/ogc/collections/parcels/items?limit=10000&filter-lang=cql2-text&filter=${encodeURIComponent(filter)}`,
    )
    expect(status).toBe(200)
    expect(body.numberMatched).toBe(expected)
    expect(body.numberReturned).toBe(expected)
    // GDAL 3.6 writes dates as '2027-01-01T' and calls the language cql-text
    const gdal = await get(
      `/ogc/collections/parcels/items?limit=1&filter-lang=cql-text&filter=${encodeURIComponent("(handover_on >= '2027-01-01T')")}`,
    )
    expect(gdal.body.numberMatched).toBe(
      await count('parcels t join land_forecasts f on f.parcel_id = t.id', `f.handover_on >= '2027-01-01'`),
    )
  })

  it('keeps LIKE case-sensitive and ILIKE not, negated or not, on codes like GX-2026-0001', async () => {
    const all = await count('parcels')
    const gx = await count('parcels', `code like 'GX-%'`)
    expect(gx).toBeGreaterThan(0)
    for (const [filter, expected] of [
      ["code LIKE 'gx-%'", 0],
      ["code LIKE 'GX-%'", gx],
      ["code ILIKE 'gx-%'", gx],
      ["code NOT LIKE 'gx-%'", all],
      ["code NOT ILIKE 'gx-%'", all - gx],
    ] as const) {
      const { status, body } = await get(
        `/ogc/collections/parcels/items?limit=1&filter-lang=cql2-text&filter=${encodeURIComponent(filter)}`,
      )
      expect(status, filter).toBe(200)
      expect(body.numberMatched, filter).toBe(expected)
    }
  })

  it('answers 400 validation_failed for a filter on an unknown property, a wrong value type or bad syntax', async () => {
    for (const filter of [
      "geom = 'x'",
      "area_mu = 'big'",
      "handover_on > 'soon'",
      "status = 'a' AND",
      "status = 'unterminated",
      'status LIKE 5',
      "name = 'x'; drop table parcels",
    ]) {
      const { status, body } = await get(
        `/ogc/collections/parcels/items?filter=${encodeURIComponent(filter)}`,
      )
      expect(status, filter).toBe(400)
      expect(body.error.code, filter).toBe('validation_failed')
    }
    expect(await count('parcels')).toBeGreaterThan(0)
  })

  it('serves the queryables of each collection as JSON Schema', async () => {
    const res = await app.request('/ogc/collections/parcels/queryables', {
      headers: { cookie, accept: 'application/schema+json' },
    })
    expect(res.headers.get('content-type')).toBe('application/schema+json')
    const body = await res.json()
    expect(body.type).toBe('object')
    expect(body.properties.handover_on).toMatchObject({ type: 'string', format: 'date' })
    expect(body.properties.area_mu).toMatchObject({ type: 'number' })
    expect(body.properties.status).toMatchObject({ type: 'string' })
    expect(body.queryables.map((q: { id: string }) => q.id)).toEqual(Object.keys(body.properties))
  })

  it('gives coordinates in EPSG:4490 (lat, lon) and EPSG:4547 (northing, easting) with Content-Crs', async () => {
    const { rows } = await testPool().query<{ id: number; x: number; y: number; n: number; e: number }>(
      `select id::int as id, ST_X(p) as x, ST_Y(p) as y, ST_Y(q) as n, ST_X(q) as e
       from (select id, ST_PointN(ST_ExteriorRing(ST_GeometryN(geom, 1)), 1) as p,
         ST_Transform(ST_PointN(ST_ExteriorRing(ST_GeometryN(geom, 1)), 1), 4547) as q
         from parcels order by id limit 1) s`,
    )
    const row = rows[0]
    for (const [crs, first, second, digits] of [
      ['http://www.opengis.net/def/crs/OGC/1.3/CRS84', row?.x, row?.y, 6],
      ['http://www.opengis.net/def/crs/EPSG/0/4490', row?.y, row?.x, 6],
      ['http://www.opengis.net/def/crs/EPSG/0/4547', row?.n, row?.e, 2],
    ] as const) {
      const res = await app.request(
        `/ogc/collections/parcels/items/${row?.id}?crs=${encodeURIComponent(crs)}`,
        {
          headers: { cookie },
        },
      )
      expect(res.headers.get('content-crs')).toBe(`<${crs}>`)
      const [a, b] = (await res.json()).geometry.coordinates[0][0][0]
      expect(a).toBeCloseTo(first as number, digits)
      expect(b).toBeCloseTo(second as number, digits)
    }
    const bad = await get('/ogc/collections/parcels/items?crs=EPSG:3857')
    expect(bad.status).toBe(400)
  })

  it('reads bbox in bbox-crs EPSG:4547 as northing, easting', async () => {
    const { rows } = await testPool().query<{ box: number[] }>(
      `select array[ST_YMin(b), ST_XMin(b), ST_YMax(b), ST_XMax(b)] as box
       from (select ST_Transform(ST_MakeEnvelope(113.44, 22.54, 113.46, 22.56, 4326), 4547) as b) s`,
    )
    const box = rows[0]?.box ?? []
    const expected = await count(
      'parcels',
      `ST_Intersects(geom, ST_Transform(ST_MakeEnvelope(${box[1]}, ${box[0]}, ${box[3]}, ${box[2]}, 4547), 4326))`,
    )
    const { body } = await get(
      `/ogc/collections/parcels/items?limit=1&bbox=${box.join(',')}&bbox-crs=${encodeURIComponent('http://www.opengis.net/def/crs/EPSG/0/4547')}`,
    )
    expect(expected).toBeGreaterThan(0)
    expect(body.numberMatched).toBe(expected)
  })

  it('gzips a page when the client accepts gzip', async () => {
    const res = await app.request('/ogc/collections/parcels/items?limit=200', {
      headers: { cookie, 'accept-encoding': 'gzip' },
    })
    expect(res.headers.get('content-encoding')).toBe('gzip')
    const text = gunzipSync(Buffer.from(await res.arrayBuffer())).toString('utf8')
    expect(JSON.parse(text).numberReturned).toBe(200)
    const plain = await app.request('/ogc/collections/parcels/items?limit=200', { headers: { cookie } })
    expect(plain.headers.get('content-encoding')).toBeNull()
  })

  it('gzips API JSON too, such as the parcel list and its GeoJSON export', async () => {
    for (const path of ['/api/parcels?limit=200', '/api/parcels/export?format=geojson']) {
      const res = await app.request(path, { headers: { cookie, 'accept-encoding': 'gzip, deflate' } })
      expect(res.status, path).toBe(200)
      expect(res.headers.get('content-encoding'), path).toBe('gzip')
      expect(JSON.parse(gunzipSync(Buffer.from(await res.arrayBuffer())).toString('utf8')).type).toBe(
        'FeatureCollection',
      )
    }
  })

  it('serves projects, and infrastructure lines and points apart, one geometry type each', async () => {
    const projects = await get('/ogc/collections/projects/items?limit=1000')
    expect(projects.body.numberMatched).toBe(await count('projects'))
    const lines = await get('/ogc/collections/infrastructure/items?limit=1000')
    expect(lines.body.numberReturned).toBe(
      await count('infrastructure', `GeometryType(geom) like '%LINESTRING'`),
    )
    expect(new Set(lines.body.features.map((f: GeoJSON.Feature) => f.geometry.type))).toEqual(
      new Set(['MultiLineString']),
    )
    const points = await get('/ogc/collections/infrastructure-points/items?limit=1000')
    expect(points.body.numberReturned).toBe(await count('infrastructure', `GeometryType(geom) = 'POINT'`))
    expect(points.body.numberReturned).toBeGreaterThan(0)
    expect(new Set(points.body.features.map((f: GeoJSON.Feature) => f.geometry.type))).toEqual(
      new Set(['Point']),
    )
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
