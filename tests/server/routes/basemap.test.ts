import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { PMTiles, type RangeResponse, type Source } from 'pmtiles'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { closeTestPool, loginCookie, testApp } from '../../support/app'
import { demoBasemap } from '../../support/pmtiles-writer'

// GUATU_BASEMAP_PMTILES: a PMTiles archive the test writes (one vector tile of the demo district), served in byte
// ranges at /tiles/basemap.pmtiles, and read back by the `pmtiles` package as MapLibre's protocol reads it.
const dir = mkdtempSync(join(tmpdir(), 'guatu-basemap-'))
const file = join(dir, 'basemap.pmtiles')
const basemap = demoBasemap()
writeFileSync(file, basemap.archive)
const app = testApp({ basemapPmtiles: file })
const without = testApp()
let cookie = ''

beforeAll(async () => {
  cookie = await loginCookie(app, 'leader')
})
afterAll(async () => {
  rmSync(dir, { recursive: true, force: true })
  await closeTestPool()
})

const get = (headers: Record<string, string> = {}, on = app) =>
  on.request('/tiles/basemap.pmtiles', { headers: { cookie, ...headers } })

describe('GET /tiles/basemap.pmtiles', () => {
  it('answers a byte range with 206, Content-Range, an ETag and those bytes', async () => {
    const res = await get({ range: 'bytes=0-126' })
    expect(res.status).toBe(206)
    expect(res.headers.get('content-range')).toBe(`bytes 0-126/${basemap.archive.byteLength}`)
    expect(res.headers.get('content-length')).toBe('127')
    expect(res.headers.get('accept-ranges')).toBe('bytes')
    expect(res.headers.get('etag')).toMatch(/^"[0-9a-f]+-[0-9a-f]+"$/)
    const body = new Uint8Array(await res.arrayBuffer())
    expect(body).toEqual(basemap.archive.slice(0, 127))
    expect(new TextDecoder().decode(body.slice(0, 7))).toBe('PMTiles')
    expect(body[7]).toBe(3)
  })

  it('answers an open range, a suffix range and a range clipped at the end', async () => {
    const size = basemap.archive.byteLength
    const open = await get({ range: 'bytes=100-' })
    expect(open.status).toBe(206)
    expect(open.headers.get('content-range')).toBe(`bytes 100-${size - 1}/${size}`)
    expect(new Uint8Array(await open.arrayBuffer())).toEqual(basemap.archive.slice(100))
    const suffix = await get({ range: 'bytes=-10' })
    expect(suffix.headers.get('content-range')).toBe(`bytes ${size - 10}-${size - 1}/${size}`)
    expect(new Uint8Array(await suffix.arrayBuffer())).toEqual(basemap.archive.slice(size - 10))
    const clipped = await get({ range: `bytes=${size - 5}-${size + 1000}` })
    expect(clipped.headers.get('content-range')).toBe(`bytes ${size - 5}-${size - 1}/${size}`)
    expect((await clipped.arrayBuffer()).byteLength).toBe(5)
  })

  it('answers the whole file without a range, 304 for its ETag, and 416 past the end', async () => {
    const whole = await get()
    expect(whole.status).toBe(200)
    expect(new Uint8Array(await whole.arrayBuffer())).toEqual(basemap.archive)
    const etag = whole.headers.get('etag') ?? ''
    expect((await get({ 'if-none-match': etag })).status).toBe(304)
    // If-Range with another ETag: the archive changed, so the whole new file comes
    expect((await get({ range: 'bytes=0-9', 'if-range': '"other"' })).status).toBe(200)
    const past = await get({ range: `bytes=${basemap.archive.byteLength}-` })
    expect(past.status).toBe(416)
    expect(past.headers.get('content-range')).toBe(`bytes */${basemap.archive.byteLength}`)
    expect((await past.json()).error.code).toBe('range_not_satisfiable')
  })

  it('is a PMTiles archive the pmtiles reader opens, with the tile that was written', async () => {
    // the reader fetches what MapLibre's pmtiles protocol fetches: byte ranges with the archive's ETag
    const source: Source = {
      getKey: () => 'basemap',
      getBytes: async (offset: number, length: number): Promise<RangeResponse> => {
        const res = await get({ range: `bytes=${offset}-${offset + length - 1}` })
        expect(res.status).toBe(206)
        return { data: await res.arrayBuffer(), etag: res.headers.get('etag') ?? undefined }
      },
    }
    const reader = new PMTiles(source)
    const header = await reader.getHeader()
    expect(header).toMatchObject({ minZoom: 12, maxZoom: 12, tileType: 1, numAddressedTiles: 1 })
    const tile = await reader.getZxy(basemap.z, basemap.x, basemap.y)
    expect(new Uint8Array(tile?.data ?? new ArrayBuffer(0))).toEqual(basemap.tile)
    expect(await reader.getZxy(12, 0, 0)).toBeUndefined()
    expect(await reader.getMetadata()).toMatchObject({ vector_layers: [{ id: 'water' }, {}, {}] })
  })

  it('answers 404 not_found when no basemap is configured, and 401 without a login', async () => {
    const none = await get({}, without)
    expect(none.status).toBe(404)
    expect((await none.json()).error.code).toBe('not_found')
    expect((await app.request('/tiles/basemap.pmtiles')).status).toBe(401)
  })

  it('tells the web app where the basemap is', async () => {
    const zone = await (await app.request('/api/zone', { headers: { cookie } })).json()
    expect(zone.basemap_pmtiles_url).toBe('/tiles/basemap.pmtiles')
    const plain = await (await without.request('/api/zone', { headers: { cookie } })).json()
    expect(plain.basemap_pmtiles_url).toBeNull()
  })
})
