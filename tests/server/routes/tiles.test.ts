import { gunzipSync } from 'node:zlib'
import { VectorTile } from '@mapbox/vector-tile'
import { PbfReader } from 'pbf'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { encodeTileInPostgis, findTileFeatures, renderTile } from '../../../server/db/tiles'
import { SPARSE_DETAIL_MINZOOM, type TileAddress, tileAt, tileBounds3857 } from '../../../server/domain/tiles'
import { inProcessBus } from '../../../server/events'
import { closeTestPool, loginCookie, testApp, testPool } from '../../support/app'
import { makeParcel, squarePolygon } from '../../support/factories'

const app = testApp()
const cookies: Record<string, string> = {}
// the middle of the demo district
const CENTRE = { lon: 113.45, lat: 22.55 }

beforeAll(async () => {
  for (const user of ['leader', 'officer', 'admin']) cookies[user] = await loginCookie(app, user)
})
afterAll(async () => {
  await testPool().query(`delete from parcels where code like 'TILE-%'`)
  await closeTestPool()
})

function get(path: string, headers: Record<string, string> = {}, user = 'leader') {
  return app.request(path, { headers: { cookie: cookies[user] ?? '', ...headers } })
}

function decode(bytes: Uint8Array) {
  return new VectorTile(new PbfReader(bytes))
}

function layerFeatures(bytes: Uint8Array, layer: string) {
  const tile = decode(bytes)
  const found = tile.layers[layer]
  if (!found) return []
  return Array.from({ length: found.length }, (_, i) => found.feature(i))
}

const path = ({ z, x, y }: TileAddress, layer = 'parcels') => `/tiles/${layer}/${z}/${x}/${y}.mvt`

/** Parcel ids whose geometry meets the tile grown by its 64-unit buffer, as PostGIS sees it. */
async function parcelsMeeting(tile: TileAddress): Promise<number[]> {
  const { rows } = await testPool().query<{ id: number }>(
    `select id from parcels where ST_Intersects(geom_3857, ST_MakeEnvelope($1, $2, $3, $4, 3857)) order by id`,
    tileBounds3857(tile, 64),
  )
  return rows.map((r) => Number(r.id))
}

describe('GET /tiles/{layer}/{z}/{x}/{y}.mvt', () => {
  it('answers 401 unauthenticated without a session or token', async () => {
    const res = await app.request(path(tileAt(CENTRE.lon, CENTRE.lat, 14)))
    expect(res.status).toBe(401)
    expect((await res.json()).error.code).toBe('unauthenticated')
  })

  it('serves the parcels of a z14 tile with the attributes the map needs', async () => {
    const tile = tileAt(CENTRE.lon, CENTRE.lat, 14)
    const res = await get(path(tile))
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('application/vnd.mapbox-vector-tile')
    expect(res.headers.get('etag')).toMatch(/^"[\w-]+"$/)
    expect(res.headers.get('cache-control')).toContain('must-revalidate')
    const features = layerFeatures(new Uint8Array(await res.arrayBuffer()), 'parcels')
    expect(features.length).toBeGreaterThan(10)
    const ids = features.map((f) => Number(f.id)).sort((a, b) => a - b)
    expect(ids).toEqual(await parcelsMeeting(tile))
    expect(Object.keys(features[0]?.properties ?? {}).sort()).toEqual([
      'area_mu',
      'code',
      'id',
      'land_use',
      'name',
      'status',
    ])
    // the id is a property as well, for MapLibre's promoteId
    for (const f of features) expect(f.properties.id).toBe(f.id)
  })

  it('carries the parcels of a sparse tile one by one from zoom 11, and cells below that', async () => {
    // the whole demo district (~600 parcels) fits a z12 tile's budget
    const sparse = tileAt(CENTRE.lon, CENTRE.lat, 12)
    const bytes = new Uint8Array(await (await get(path(sparse))).arrayBuffer())
    expect(layerFeatures(bytes, 'parcels_overview')).toEqual([])
    const ids = layerFeatures(bytes, 'parcels').map((f) => Number(f.id))
    expect(ids.sort((a, b) => a - b)).toEqual(await parcelsMeeting(sparse))
    const below = tileAt(CENTRE.lon, CENTRE.lat, SPARSE_DETAIL_MINZOOM - 1)
    const summary = new Uint8Array(await (await get(path(below))).arrayBuffer())
    expect(layerFeatures(summary, 'parcels')).toEqual([])
    expect(layerFeatures(summary, 'parcels_overview').length).toBeGreaterThan(0)
  })

  it('gzips when the client accepts it, and the bytes are the same tile', async () => {
    const tile = tileAt(CENTRE.lon, CENTRE.lat, 15)
    const plain = new Uint8Array(await (await get(path(tile))).arrayBuffer())
    const res = await get(path(tile), { 'accept-encoding': 'gzip, deflate' })
    expect(res.headers.get('content-encoding')).toBe('gzip')
    expect(res.headers.get('vary')).toBe('Accept-Encoding')
    const unzipped = gunzipSync(new Uint8Array(await res.arrayBuffer()))
    expect(Buffer.compare(unzipped, Buffer.from(plain))).toBe(0)
  })

  it('sends a tile the first time as it is, gzipped from then on', async () => {
    // a zoom no other test asks for: the first request builds this tile
    const tile = tileAt(CENTRE.lon, CENTRE.lat, 17)
    const first = await get(path(tile), { 'accept-encoding': 'gzip' })
    expect(first.headers.get('content-encoding')).toBeNull()
    const plain = new Uint8Array(await first.arrayBuffer())
    expect(layerFeatures(plain, 'parcels').length).toBeGreaterThan(0)
    const again = await get(path(tile), { 'accept-encoding': 'gzip' })
    expect(again.headers.get('content-encoding')).toBe('gzip')
    expect(again.headers.get('etag')).toBe(first.headers.get('etag'))
    expect(Buffer.compare(gunzipSync(new Uint8Array(await again.arrayBuffer())), Buffer.from(plain))).toBe(0)
  })

  it('answers 304 to If-None-Match with the current ETag', async () => {
    const tile = tileAt(CENTRE.lon, CENTRE.lat, 16)
    const first = await get(path(tile))
    const etag = first.headers.get('etag') ?? ''
    const again = await get(path(tile), { 'if-none-match': etag })
    expect(again.status).toBe(304)
    expect(again.headers.get('etag')).toBe(etag)
    expect((await get(path(tile), { 'if-none-match': '"other"' })).status).toBe(200)
  })

  it('summarises parcels in cells below zoom 14, every parcel counted once', async () => {
    const res = await get(path({ z: 0, x: 0, y: 0 }))
    const cells = layerFeatures(new Uint8Array(await res.arrayBuffer()), 'parcels_overview')
    expect(cells.length).toBeGreaterThan(0)
    const counted = cells.reduce((sum, f) => sum + Number(f.properties.count), 0)
    const { rows } = await testPool().query<{ n: number }>('select count(*)::int as n from parcels')
    expect(counted).toBe(rows[0]?.n)
    expect(Object.keys(cells[0]?.properties ?? {}).sort()).toEqual([
      'area_mu',
      'available_mu',
      'count',
      'status',
    ])
  })

  it('serves projects and infrastructure with their ids', async () => {
    const tile = tileAt(CENTRE.lon, CENTRE.lat, 12)
    for (const layer of ['projects', 'infrastructure']) {
      const res = await get(path(tile, layer))
      expect(res.status).toBe(200)
      const features = layerFeatures(new Uint8Array(await res.arrayBuffer()), layer)
      expect(features.length).toBeGreaterThan(0)
      expect(features.every((f) => typeof f.id === 'number' && f.id > 0)).toBe(true)
    }
  })

  it('answers an empty 200 where there is nothing', async () => {
    const res = await get(path({ z: 14, x: 0, y: 0 }))
    expect(res.status).toBe(200)
    expect((await res.arrayBuffer()).byteLength).toBe(0)
  })

  it('answers 400 validation_failed for z over 22, x or y out of range and non-numbers', async () => {
    for (const bad of [
      '/tiles/parcels/23/0/0.mvt',
      '/tiles/parcels/3/8/0.mvt',
      '/tiles/parcels/3/0/8.mvt',
      '/tiles/parcels/a/0/0.mvt',
      '/tiles/parcels/3/-1/0.mvt',
      '/tiles/parcels/3/0/1.5.mvt',
    ]) {
      const res = await get(bad)
      expect(res.status, bad).toBe(400)
      const body = await res.json()
      expect(body.error.code).toBe('validation_failed')
      expect(body.error.message).toMatch(/must/)
    }
  })

  it('answers 404 not_found for an unknown layer or path', async () => {
    for (const bad of [
      '/tiles/roads/3/0/0.mvt',
      '/tiles/parcels/3/0/0.png',
      '/tiles/roads.json',
      '/tiles/x/y',
    ]) {
      const res = await get(bad)
      expect(res.status, bad).toBe(404)
      expect((await res.json()).error.code).toBe('not_found')
    }
  })

  it('serves a changed parcel anew after the write, with a new ETag', async () => {
    const geometry = squarePolygon(110.2, 20.2, 0.002)
    const created = await app.request('/api/parcels', {
      method: 'POST',
      headers: { cookie: cookies.officer ?? '', 'content-type': 'application/json' },
      body: JSON.stringify(makeParcel({ code: 'TILE-1', geometry })),
    })
    expect(created.status).toBe(201)
    const parcel = await created.json()
    const tile = tileAt(110.201, 20.201, 15)
    const before = await get(path(tile))
    const [feature] = layerFeatures(new Uint8Array(await before.arrayBuffer()), 'parcels')
    expect(feature?.id).toBe(parcel.id)
    expect(feature?.properties.status).toBe('planned')

    const patched = await app.request(`/api/parcels/${parcel.id}`, {
      method: 'PATCH',
      headers: { cookie: cookies.officer ?? '', 'content-type': 'application/json' },
      body: JSON.stringify({ status: 'available', version: parcel.properties.version }),
    })
    expect(patched.status).toBe(200)
    const after = await get(path(tile), { 'if-none-match': before.headers.get('etag') ?? '' })
    expect(after.status).toBe(200)
    const [changed] = layerFeatures(new Uint8Array(await after.arrayBuffer()), 'parcels')
    expect(changed?.properties.status).toBe('available')
  })
})

describe('tiles and revoked logins', () => {
  it('refuses a token the moment an admin revokes it, although logins are remembered for map requests', async () => {
    const admin = { cookie: cookies.admin ?? '', 'content-type': 'application/json' }
    const issued = await app.request('/api/auth/tokens', {
      method: 'POST',
      headers: admin,
      body: JSON.stringify({ name: 'TILE-qgis', role: 'leader' }),
    })
    expect(issued.status).toBe(201)
    const { id, token } = (await issued.json()) as { id: number; token: string }
    const tile = path(tileAt(CENTRE.lon, CENTRE.lat, 15))
    const bearer = { authorization: `Bearer ${token}` }
    expect((await app.request(tile, { headers: bearer })).status).toBe(200)
    expect((await app.request(`/api/admin/tokens/${id}`, { method: 'DELETE', headers: admin })).status).toBe(
      204,
    )
    const after = await app.request(tile, { headers: bearer })
    expect(after.status).toBe(401)
    expect((await after.json()).error.code).toBe('unauthenticated')
  })
})

describe('overview cells', () => {
  // at z13 one stored cell is one cell of the tile, at z10 one coarse cell (8 × 8 z13 cells) is: their rows are read
  // as they are. Checked against the parcels themselves, grouped here by the centre of their box in the tile's cells.
  it.each([13, 10, 12])(
    'z%i: each cell counts the parcels whose box centre lies in it, with their area',
    async (z) => {
      const tile = tileAt(CENTRE.lon, CENTRE.lat, z)
      const features = await findTileFeatures(testPool(), 'parcels', tile, 'parcels_overview')
      const cellSize = (2 * 20037508.342789244) / 2 ** z / 32
      const [minX, , , maxY] = tileBounds3857(tile, 0)
      const { rows } = await testPool().query<{ n: number; mu: number }>(
        `with p as (
         select (ST_XMin(Box2D(geom_3857)) + ST_XMax(Box2D(geom_3857))) / 2 as x,
           (ST_YMin(Box2D(geom_3857)) + ST_YMax(Box2D(geom_3857))) / 2 as y, area_m2 from parcels)
       select count(*)::int as n, round((sum(area_m2) * 0.0015)::numeric, 1)::float8 as mu from p
       where x >= $1::float8 and x < $1::float8 + 32 * $3::float8 and y <= $2::float8 and y > $2::float8 - 32 * $3::float8
       group by floor((x - $1::float8) / $3::float8), floor(($2::float8 - y) / $3::float8) order by 1, 2`,
        [minX, maxY, cellSize],
      )
      expect(rows.length).toBeGreaterThan(0)
      const cells = features
        .map((f) => ({ n: Number(f.properties?.count), mu: Number(f.properties?.area_mu) }))
        .sort((a, b) => a.n - b.n || a.mu - b.mu)
      expect(cells).toEqual(rows)
    },
  )
})

describe('overview cells in ST_AsMVT tiles', () => {
  // their squares are written without ST_AsMVTGeom (nothing to clip): each must still be the cell's square on the
  // tile's grid, a closed ring of four corners, clockwise on screen (y down) as the MVT specification wants
  it.each([13, 12, 10])('z%i: every cell is its square of 128 units, clockwise', async (z) => {
    if (inject('databaseKind') === 'embedded') return
    const tile = tileAt(CENTRE.lon, CENTRE.lat, z)
    // the demo district is sparse at z12–z13 (its parcels one by one): its overview asked for as such
    const { bytes } = await encodeTileInPostgis(testPool(), 'parcels', tile, 'parcels_overview')
    const cells = layerFeatures(bytes, 'parcels_overview')
    expect(cells.length).toBeGreaterThan(0)
    for (const cell of cells) {
      const rings = cell.loadGeometry()
      expect(rings.length).toBe(1)
      const ring = rings[0] ?? []
      expect(ring.length).toBe(5)
      expect(ring[4]).toEqual(ring[0])
      const [x0 = -1, x1 = -1] = [...new Set(ring.map((p) => p.x))].sort((a, b) => a - b)
      const [y0 = -1, y1 = -1] = [...new Set(ring.map((p) => p.y))].sort((a, b) => a - b)
      expect([x1 - x0, y1 - y0]).toEqual([128, 128])
      expect([x0 % 128, y0 % 128]).toEqual([0, 0])
      expect([x0 >= 0, x1 <= 4096, y0 >= 0, y1 <= 4096]).toEqual([true, true, true, true])
      const twiceArea = ring.slice(0, 4).reduce((sum, p, i) => {
        const q = ring[i + 1] as { x: number; y: number }
        return sum + p.x * q.y - q.x * p.y
      }, 0)
      expect(twiceArea).toBe(2 * 128 * 128)
    }
  })
})

describe('tile encoders', () => {
  // the embedded PostGIS cannot run ST_AsMVT (no protobuf): there the Node encoder is checked against PostGIS's
  // own ST_Intersects, on real PostGIS (CI) against ST_AsMVT as well
  const tiles = [14, 15, 16].map((z) => tileAt(CENTRE.lon, CENTRE.lat, z))

  it('the Node encoder holds the parcels that meet each tile, with their attributes', async () => {
    for (const tile of tiles) {
      const { bytes } = await renderTile(testPool(), 'parcels', tile, 'node')
      const features = layerFeatures(bytes, 'parcels')
      expect(features.map((f) => Number(f.id)).sort((a, b) => a - b)).toEqual(await parcelsMeeting(tile))
      const { rows } = await testPool().query<{ id: number; code: string; status: string }>(
        'select id, code, status from parcels where id = any($1::bigint[])',
        [features.map((f) => f.id)],
      )
      for (const row of rows) {
        const f = features.find((x) => x.id === Number(row.id))
        expect(f?.properties).toMatchObject({ code: row.code, status: row.status })
      }
    }
  })

  it('ST_AsMVT gives the same features with the same attributes (real PostGIS; the embedded one cannot encode)', async () => {
    // z12 holds the sparse demo district's parcels, z10 its cells
    const all = [...tiles, tileAt(CENTRE.lon, CENTRE.lat, 12), tileAt(CENTRE.lon, CENTRE.lat, 10)]
    if (inject('databaseKind') === 'embedded') {
      await expect(renderTile(testPool(), 'parcels', all[0] as TileAddress, 'postgis')).rejects.toThrow()
      return
    }
    for (const tile of all) {
      for (const layer of ['parcels', 'projects', 'infrastructure'] as const) {
        const fromPostgis = await renderTile(testPool(), layer, tile, 'postgis')
        const fromNode = await renderTile(testPool(), layer, tile, 'node')
        expect(fromPostgis.content).toBe(fromNode.content)
        const name = fromPostgis.content
        if (layer === 'parcels') {
          expect(name, `${tile.z}`).toBe(tile.z < SPARSE_DETAIL_MINZOOM ? 'parcels_overview' : 'parcels')
        }
        const a = layerFeatures(fromPostgis.bytes, name)
        const b = layerFeatures(fromNode.bytes, name)
        expect(a.length, `${layer} ${tile.z}`).toBeGreaterThan(0)
        expect(a.length, `${layer} ${tile.z}`).toBe(b.length)
        const key = (f: (typeof a)[number]) =>
          name === 'parcels_overview' ? JSON.stringify(f.properties) : f.id
        const byKey = new Map(b.map((f) => [key(f), f]))
        for (const f of a) expect(byKey.get(key(f))?.properties, `${layer} ${tile.z}`).toEqual(f.properties)
      }
    }
  })
})

describe('parcel outlines in ST_AsMVT tiles', () => {
  /** A ring's corners without its closing one, from the least (x, y) on: where a ring starts does not matter. */
  function corners(ring: { x: number; y: number }[]): string {
    const open = ring.slice(0, -1).map((p) => `${p.x} ${p.y}`)
    const first = open.reduce((best, p, i) => {
      const [x, y] = p.split(' ').map(Number) as [number, number]
      const [bx, by] = (open[best] as string).split(' ').map(Number) as [number, number]
      return x < bx || (x === bx && y < by) ? i : best
    }, 0)
    return [...open.slice(first), ...open.slice(0, first)].join(', ')
  }

  it('are the corners ST_AsMVTGeom gives, the same way round, for every parcel of a tile', async () => {
    if (inject('databaseKind') === 'embedded') return
    for (const z of [14, 15, 16]) {
      const tile = tileAt(CENTRE.lon, CENTRE.lat, z)
      const features = layerFeatures(
        (await renderTile(testPool(), 'parcels', tile, 'postgis')).bytes,
        'parcels',
      )
      expect(features.length).toBeGreaterThan(0)
      const { rows } = await testPool().query<{
        id: number
        g: { coordinates: number[][][] | number[][][][] }
      }>(
        `select id, ST_AsGeoJSON(ST_AsMVTGeom(geom_3857, ST_MakeEnvelope($2, $3, $4, $5, 3857), 4096, 64, true))::json as g
         from parcels where id = any($1::bigint[])`,
        [features.map((f) => f.id), ...tileBounds3857(tile)],
      )
      const expected = new Map(
        rows.map((r) => {
          const rings = (
            Array.isArray(r.g.coordinates[0]?.[0]?.[0])
              ? (r.g.coordinates as number[][][][]).flat()
              : r.g.coordinates
          ) as number[][][]
          return [
            Number(r.id),
            rings.map((ring) => corners(ring.map(([x, y]) => ({ x: x ?? 0, y: y ?? 0 })))),
          ]
        }),
      )
      for (const f of features) {
        expect(f.loadGeometry().map(corners), `parcel ${f.id} at z${z}`).toEqual(expected.get(Number(f.id)))
      }
    }
  })
})

describe('GET /tiles/{layer}.json', () => {
  it('gives TileJSON 3.0 with absolute tile URLs, the data bounds and the fields', async () => {
    const res = await app.request('http://maps.example.test/tiles/parcels.json', {
      headers: { cookie: cookies.leader ?? '' },
    })
    expect(res.status).toBe(200)
    const json = await res.json()
    expect(json.tilejson).toBe('3.0.0')
    // under the data version, so a cache keeps tiles per version (README "Deploying": the proxy cache)
    expect(json.tiles).toHaveLength(1)
    expect(json.tiles[0]).toMatch(
      /^http:\/\/maps\.example\.test\/tiles\/parcels\/\{z\}\/\{x\}\/\{y\}\.mvt\?v=.+$/,
    )
    expect(res.headers.get('cache-control')).toBe('private, no-cache')
    const [w, s, e, n] = json.bounds
    expect(w).toBeLessThanOrEqual(CENTRE.lon)
    expect(e).toBeGreaterThanOrEqual(CENTRE.lon)
    expect(s).toBeLessThanOrEqual(CENTRE.lat)
    expect(n).toBeGreaterThanOrEqual(CENTRE.lat)
    expect(json.minzoom).toBe(0)
    expect(json.maxzoom).toBe(16)
    expect(json.vector_layers[0]).toMatchObject({ id: 'parcels', minzoom: SPARSE_DETAIL_MINZOOM })
    expect(Object.keys(json.vector_layers[0].fields)).toContain('status')
  })
})

describe('tiles for a shared cache (nginx)', () => {
  it('tells nginx the caller’s access scope, and nothing to a caller without a login', async () => {
    for (const [user, role] of [
      ['leader', 'leader'],
      ['officer', 'land_officer'],
      ['admin', 'admin'],
    ] as const) {
      const res = await get('/tiles/scope', {}, user)
      expect(res.status).toBe(204)
      expect(res.headers.get('x-guatu-scope')).toBe(role)
    }
    const anonymous = await app.request('/tiles/scope')
    expect(anonymous.status).toBe(401)
    expect(anonymous.headers.get('x-guatu-scope')).toBeNull()
  })

  it('lets nginx keep a tile asked for under a version, not one without', async () => {
    const tile = path(tileAt(CENTRE.lon, CENTRE.lat, 15))
    expect((await get(tile)).headers.get('x-accel-expires')).toBe('0')
    const json = await (await get('/tiles/parcels.json')).json()
    const v = new URL(json.tiles[0]).searchParams.get('v')
    const versioned = await get(`${tile}?v=${v}`)
    expect(versioned.status).toBe(200)
    expect(versioned.headers.get('x-accel-expires')).toBe('86400')
    // the browser's rule is unchanged: its own copy for 30 s at most
    expect(versioned.headers.get('cache-control')).toBe('private, max-age=30, must-revalidate')
  })

  it('shows a write under the version its change event carries, and the TileJSON moves to it', async () => {
    const events: { resource: string; version?: string }[] = []
    const bus = inProcessBus()
    bus.subscribe((event) => events.push(event))
    const own = testApp({ events: bus })
    const cookie = await loginCookie(own, 'officer')
    const centre = { lon: 110.3, lat: 20.3 }
    const tile = tileAt(centre.lon + 0.001, centre.lat + 0.001, 15)
    const before = await (await own.request('/tiles/parcels.json', { headers: { cookie } })).json()
    const v0 = new URL(before.tiles[0]).searchParams.get('v')
    const created = await own.request('/api/parcels', {
      method: 'POST',
      headers: { cookie, 'content-type': 'application/json' },
      body: JSON.stringify(
        makeParcel({ code: 'TILE-VERSION-1', geometry: squarePolygon(centre.lon, centre.lat, 0.002) }),
      ),
    })
    expect(created.status).toBe(201)
    const id = (await created.json()).properties.id as number
    const version = events.find((e) => e.resource === 'parcels')?.version
    expect(version).toBeTruthy()
    expect(version).not.toBe(v0)
    const after = await (await own.request('/tiles/parcels.json', { headers: { cookie } })).json()
    expect(new URL(after.tiles[0]).searchParams.get('v')).toBe(version)
    const res = await own.request(`${path(tile)}?v=${version}`, { headers: { cookie } })
    expect(res.headers.get('x-accel-expires')).toBe('86400')
    const ids = layerFeatures(new Uint8Array(await res.arrayBuffer()), 'parcels').map((f) => Number(f.id))
    expect(ids).toContain(id)
  })

  it('does not let nginx keep a tile under a WAL position the primary has not reached', async () => {
    if (inject('databaseKind') !== 'postgres') return
    const res = await get(`${path(tileAt(CENTRE.lon, CENTRE.lat, 15))}?v=FFFFFFF/0`)
    expect(res.status).toBe(200)
    expect(res.headers.get('x-accel-expires')).toBe('0')
  })
})

describe('parcel label points', () => {
  // a 3 × 3 block of z16 tiles in the middle of the demo district: parcels of ~100–300 m cross their edges
  const centre = tileAt(CENTRE.lon, CENTRE.lat, 16)
  const block = [-1, 0, 1].flatMap((dy) =>
    [-1, 0, 1].map((dx) => ({ z: 16, x: centre.x + dx, y: centre.y + dy })),
  )
  const key = (tile: TileAddress) => `${tile.x}/${tile.y}`

  /** The tile of zoom 16 holding each parcel's ST_PointOnSurface, worked out from the point's coordinates. */
  async function labelTiles(): Promise<Map<number, { tile: string; code: string; areaMu: number }>> {
    const size = (2 * 20037508.342789244) / 2 ** 16
    const { rows } = await testPool().query<{ id: number; x: number; y: number; code: string; mu: number }>(
      `select id, code, round((area_m2 * 0.0015)::numeric, 2)::float8 as mu,
         floor((ST_X(pt) + 20037508.342789244) / $1)::int as x, floor((20037508.342789244 - ST_Y(pt)) / $1)::int as y
       from (select id, code, area_m2, ST_PointOnSurface(geom_3857) as pt from parcels) p`,
      [size],
    )
    return new Map(rows.map((r) => [Number(r.id), { tile: `${r.x}/${r.y}`, code: r.code, areaMu: r.mu }]))
  }

  it('writes each parcel once from zoom 16, in the tile that holds its point, with its code and area, in both encoders', async () => {
    const expected = await labelTiles()
    const encoders =
      inject('databaseKind') === 'embedded' ? (['node'] as const) : (['node', 'postgis'] as const)
    for (const encoder of encoders) {
      const labelledIn = new Map<number, string[]>()
      let crossing = 0
      for (const tile of block) {
        const { bytes } = await renderTile(testPool(), 'parcels', tile, encoder)
        const labels = layerFeatures(bytes, 'parcel_labels')
        const polygons = layerFeatures(bytes, 'parcels').map((f) => Number(f.properties.id))
        // every parcel whose point lies in this tile, and no other
        const here = [...expected].filter(([, e]) => e.tile === key(tile)).map(([id]) => id)
        expect(
          labels.map((f) => Number(f.properties.id)).sort((a, b) => a - b),
          `${encoder} ${key(tile)}`,
        ).toEqual(here.sort((a, b) => a - b))
        for (const f of labels) {
          const id = Number(f.properties.id)
          labelledIn.set(id, [...(labelledIn.get(id) ?? []), key(tile)])
          expect(f.properties).toEqual({
            id,
            code: expected.get(id)?.code,
            area_mu: expected.get(id)?.areaMu,
          })
          // a point inside the tile itself, never in its buffer
          const point = f.loadGeometry()[0]?.[0]
          expect(f.type).toBe(1)
          expect(point && point.x >= 0 && point.x <= 4096 && point.y >= 0 && point.y <= 4096).toBe(true)
        }
        // the tile draws parcels whose label another tile writes: those crossing its edges
        crossing += polygons.filter((id) => expected.get(id)?.tile !== key(tile)).length
      }
      expect(crossing, encoder).toBeGreaterThan(0)
      expect(
        [...labelledIn.values()].filter((tiles) => tiles.length > 1),
        encoder,
      ).toEqual([])
    }
  })

  it('are not in tiles below zoom 16', async () => {
    const { bytes } = await renderTile(testPool(), 'parcels', tileAt(CENTRE.lon, CENTRE.lat, 15), 'node')
    expect(layerFeatures(bytes, 'parcels').length).toBeGreaterThan(0)
    expect(layerFeatures(bytes, 'parcel_labels')).toEqual([])
  })
})
