import { execFile, spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { serve } from '@hono/node-server'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { reforecastStale } from '../../../server/services/land/reforecast'
import { closeTestPool, DEMO_TODAY, loginCookie, testApp, testPool } from '../../support/app'

// The real clients against the real app on a loopback port: GDAL's OAPIF driver (ogrinfo, ogr2ogr) and QGIS's
// OAPIF provider (headless, python3-qgis). CI installs both (.ci/run) and fails without them; elsewhere a missing
// client skips its tests and says so.

const run = promisify(execFile)
const has = (command: string, args: string[]) => spawnSync(command, args, { stdio: 'ignore' }).status === 0
const PYTHON = existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3'
const IN_CI = Boolean(process.env.CI)
const HAS_GDAL = IN_CI || has('ogrinfo', ['--version'])
const HAS_QGIS = IN_CI || has(PYTHON, ['-c', 'import qgis.core'])
if (!HAS_GDAL)
  console.warn('ogc-clients: skipping the GDAL tests: ogrinfo is not installed (apt-get install gdal-bin)')
if (!HAS_QGIS)
  console.warn(
    'ogc-clients: skipping the QGIS tests: python3-qgis is not installed (apt-get install python3-qgis)',
  )

const LAYERS = ['parcels', 'projects', 'infrastructure', 'infrastructure-points'] as const
const TABLES: Record<(typeof LAYERS)[number], [string, string]> = {
  parcels: ['parcels t left join land_forecasts f on f.parcel_id = t.id', 'true'],
  projects: ['projects t', 'true'],
  infrastructure: ['infrastructure t', `GeometryType(t.geom) like '%LINESTRING'`],
  'infrastructure-points': ['infrastructure t', `GeometryType(t.geom) = 'POINT'`],
}
const BOX = [113.44, 22.54, 113.46, 22.56]

const app = testApp()
let server: ReturnType<typeof serve>
let base = ''
let token = ''
let env: NodeJS.ProcessEnv = {}
const requested: string[] = []
let dir = ''

async function count(layer: (typeof LAYERS)[number], where = 'true') {
  const [from, own] = TABLES[layer]
  const { rows } = await testPool().query<{ n: number }>(
    `select count(*)::int as n from ${from} where ${own} and (${where})`,
  )
  return rows[0]?.n ?? 0
}

beforeAll(async () => {
  // the stored forecasts the parcels collection reads (the app writes them when the day turns)
  await reforecastStale(testPool(), DEMO_TODAY)
  const admin = await loginCookie(app, 'admin')
  const issued = await app.request('/api/auth/tokens', {
    method: 'POST',
    headers: { cookie: admin, 'content-type': 'application/json' },
    body: JSON.stringify({ name: 'gis-clients-test', role: 'leader' }),
  })
  expect(issued.status).toBe(201)
  token = (await issued.json()).token
  // every URL the clients ask for, to see which filters reach the server
  const fetch = (req: Request) => {
    requested.push(decodeURIComponent(req.url))
    return app.fetch(req)
  }
  server = await new Promise<ReturnType<typeof serve>>((resolve) => {
    const s = serve({ fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s))
  })
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/ogc`
  env = { ...process.env, GDAL_HTTP_HEADERS: `Authorization: Bearer ${token}`, CPL_DEBUG: 'OFF' }
  dir = mkdtempSync(join(tmpdir(), 'guatu-ogc-clients-'))
})

afterAll(async () => {
  await new Promise<void>((resolve) => server?.close(() => resolve()))
  if (dir) rmSync(dir, { recursive: true, force: true })
  await closeTestPool()
})

/** "Feature Count: n" of one layer as ogrinfo reports it, with extra ogrinfo arguments. */
async function ogrCount(layer: string, ...args: string[]) {
  const { stdout } = await run('ogrinfo', ['-ro', '-so', ...args, `OAPIF:${base}`, layer], { env })
  const match = /Feature Count: (\d+)/.exec(stdout)
  return match ? Number(match[1]) : Number.NaN
}

describe.skipIf(!HAS_GDAL)('GDAL OAPIF driver (ogrinfo, ogr2ogr)', () => {
  it('lists the four layers, one geometry type each, with the API counts', async () => {
    const { stdout } = await run('ogrinfo', ['-ro', '-q', `OAPIF:${base}`], { env })
    for (const layer of LAYERS) expect(stdout).toContain(layer)
    for (const layer of LAYERS) expect(await ogrCount(layer), layer).toBe(await count(layer))
    const { stdout: lines } = await run('ogrinfo', ['-ro', '-so', `OAPIF:${base}`, 'infrastructure'], { env })
    expect(lines).toContain('Geometry: Multi Line String')
    // field types from the collection's schema, not guessed from the first page
    expect(lines).toContain('progress_pct: Real')
    const { stdout: parcels } = await run('ogrinfo', ['-ro', '-so', `OAPIF:${base}`, 'parcels'], { env })
    for (const field of ['area_mu: Real', 'handover_on: Date', 'available_on: Date', 'code: String'])
      expect(parcels).toContain(field)
  })

  it('sends a date -where to the server as a CQL filter and counts what PostGIS counts', async () => {
    requested.length = 0
    const n = await ogrCount('parcels', '-where', "handover_on >= '2027-01-01'")
    expect(n).toBe(await count('parcels', `f.handover_on >= '2027-01-01'`))
    expect(n).toBeGreaterThan(0)
    expect(requested.some((url) => /filter=handover_on[ +]>=[ +]'2027-01-01T'/.test(url))).toBe(true)
    expect(requested.some((url) => url.includes('datetime='))).toBe(false)
  })

  it('filters on text and on a number with -where, and on a box with -spat', async () => {
    expect(await ogrCount('parcels', '-where', "status = 'available' AND area_mu > 20")).toBe(
      await count('parcels', `t.status = 'available' and round((t.area_m2 * 0.0015)::numeric, 2) > 20`),
    )
    requested.length = 0
    const spat = await ogrCount('parcels', '-spat', ...BOX.map(String))
    expect(spat).toBe(
      await count('parcels', `ST_Intersects(t.geom, ST_MakeEnvelope(${BOX.join(', ')}, 4326))`),
    )
    expect(requested.some((url) => url.includes('bbox='))).toBe(true)
  })

  it('downloads every page into a Shapefile and a GeoPackage with the API counts', async () => {
    requested.length = 0
    const source = `OAPIF:${base}`
    const shp = join(dir, 'shp')
    const gpkg = join(dir, 'guatu.gpkg')
    const shpRun = await run(
      'ogr2ogr',
      ['-f', 'ESRI Shapefile', '-lco', 'ENCODING=UTF-8', '-oo', 'PAGE_SIZE=500', shp, source],
      { env },
    )
    const gpkgRun = await run('ogr2ogr', ['-f', 'GPKG', '-oo', 'PAGE_SIZE=500', gpkg, source], { env })
    // no geometry-type or conformance warnings (Shapefile only shortens field names to 10 characters)
    expect(shpRun.stderr.split('\n').filter((l) => l && !/laundered field name/.test(l))).toEqual([])
    expect(gpkgRun.stderr).toBe('')
    expect(requested.some((url) => url.includes('cursor='))).toBe(true)
    for (const layer of LAYERS) {
      const expected = await count(layer)
      const fromShp = await run('ogrinfo', ['-ro', '-so', shp, layer])
      expect(fromShp.stdout, `${layer}.shp`).toContain(`Feature Count: ${expected}`)
      const fromGpkg = await run('ogrinfo', ['-ro', '-so', gpkg, layer])
      expect(fromGpkg.stdout, `${layer} in gpkg`).toContain(`Feature Count: ${expected}`)
    }
    // Chinese names arrive intact in both files
    const { rows } = await testPool().query<{ code: string; name: string }>(
      `select code, name from parcels where name ~ '[^\\x00-\\x7f]' order by id limit 1`,
    )
    const named = rows[0]
    expect(named).toBeDefined()
    for (const file of [shp, gpkg]) {
      const { stdout } = await run('ogrinfo', [
        '-ro',
        '-q',
        '-where',
        `code = '${named?.code}'`,
        file,
        'parcels',
      ])
      expect(stdout, file).toContain(`name (String) = ${named?.name}`)
    }
  })
})

describe.skipIf(!HAS_QGIS)('QGIS OAPIF provider (python3-qgis, headless)', () => {
  it('loads each collection with a token, with the API counts, and filters by box and by attribute', async () => {
    requested.length = 0
    const script = fileURLToPath(new URL('../../support/qgis-oapif.py', import.meta.url))
    const { stdout } = await run(PYTHON, [script, base, token, ...LAYERS], {
      env: { ...process.env, QT_QPA_PLATFORM: 'offscreen', XDG_RUNTIME_DIR: dir },
      maxBuffer: 10 * 1024 * 1024,
    }).catch((e: { stdout?: string; stderr?: string; code?: number; signal?: string }) => {
      throw new Error(
        `QGIS failed (${e.code ?? e.signal}): ${e.stdout?.slice(-3000)}\n${e.stderr?.slice(-3000)}`,
      )
    })
    const result = JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}')
    expect(result.version).toMatch(/^3\./)
    for (const layer of LAYERS) {
      const got = result.layers[layer]
      expect(got, layer).toMatchObject({ valid: true, count: await count(layer) })
      const box = `ST_Intersects(t.${layer === 'projects' ? 'location' : 'geom'}, ST_MakeEnvelope(${BOX.join(', ')}, 4326))`
      expect(got.bbox, `${layer} in the box`).toBe(await count(layer, box))
    }
    expect(result.layers.parcels.where).toBe(await count('parcels', `t.status = 'available'`))
    expect(result.layers.parcels.where).toBeGreaterThan(0)
    // QGIS 3.22 asked with the token as HTTP Basic password
    expect(requested.some((url) => url.includes('/ogc/collections/parcels/items'))).toBe(true)
    console.info(`ogc-clients: QGIS ${result.version}`)
  })
})
