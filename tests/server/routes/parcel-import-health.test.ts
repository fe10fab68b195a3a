import { request } from 'node:http'
import type { AddressInfo } from 'node:net'
import { serve } from '@hono/node-server'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { closeTestPool, loginCookie, testApp, testPool } from '../../support/app'

// a cadastre with detailed boundaries: 3,600 round parcels of 300 vertices, ~40 MB of GeoJSON
const PARCELS = 3600
const VERTICES = 300
const POLL_EVERY_MS = 50

const app = testApp()
let cookie = ''
let server: ReturnType<typeof serve>
let port = 0

async function cleanUp() {
  const db = testPool()
  await db.query(
    `delete from history where entity_type = 'parcel' and entity_id in (select id from parcels where code like 'HLT-%')`,
  )
  await db.query(`delete from parcels where code like 'HLT-%'`)
}

beforeAll(async () => {
  cookie = await loginCookie(app, 'officer')
  server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' })
  await new Promise((resolve) => server.once('listening', resolve))
  port = (server.address() as AddressInfo).port
})
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve))
  await cleanUp()
  await closeTestPool()
})

/** Circles of ~40 m radius on a 100 m grid far from the demo district, coordinates at full float precision. */
function bigGeoJson(): Buffer {
  const features: string[] = []
  const perRow = 60
  for (let i = 0; i < PARCELS; i++) {
    const cx = 100 + (i % perRow) * 0.001
    const cy = 40 + Math.floor(i / perRow) * 0.001
    const ring: number[][] = []
    for (let v = 0; v < VERTICES; v++) {
      const a = (2 * Math.PI * v) / VERTICES
      ring.push([cx + 0.0004 * Math.cos(a), cy + 0.0004 * Math.sin(a)])
    }
    ring.push(ring[0] as number[])
    features.push(
      JSON.stringify({
        type: 'Feature',
        properties: { code: `HLT-${i}`, name: `健康检查地块 ${i}` },
        geometry: { type: 'Polygon', coordinates: [ring] },
      }),
    )
  }
  return Buffer.from(`{"type":"FeatureCollection","features":[${features.join(',')}]}`)
}

/** A multipart body built here as one buffer, so the client side costs the server's event loop nothing. */
function multipart(file: Buffer, fields: Record<string, string>) {
  const boundary = 'guatu-health-boundary'
  const head = Object.entries(fields)
    .map(([k, v]) => `--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`)
    .join('')
  const body = Buffer.concat([
    Buffer.from(
      `${head}--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="big.geojson"\r\n` +
        'Content-Type: application/geo+json\r\n\r\n',
    ),
    file,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ])
  return { body, type: `multipart/form-data; boundary=${boundary}` }
}

function send(method: string, path: string, headers: Record<string, string>, body?: Buffer) {
  return new Promise<{ status: number; text: string }>((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, method, path, headers }, (res) => {
      const chunks: Buffer[] = []
      res.on('data', (c: Buffer) => chunks.push(c))
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString() }))
    })
    req.on('error', reject)
    req.end(body)
  })
}

describe('GET /api/health during a large import', () => {
  // on the embedded database PGlite runs on the main thread: its share of the import holds the loop by design
  it.skipIf(inject('databaseKind') === 'embedded')(
    'answers 95 % of the polls within a hundredth and every one within a twentieth of the time 3,600 parcels (~40 MB) take to import',
    async () => {
      const file = bigGeoJson()
      const { body, type } = multipart(file, { default_land_use: 'M1' })
      // the first request of the process opens a database connection: not a cost of the import
      expect((await send('GET', '/api/health', {})).status).toBe(200)
      const latencies: number[] = []
      let done = false
      const polling = (async () => {
        while (!done) {
          const t = performance.now()
          const res = await send('GET', '/api/health', {})
          latencies.push(performance.now() - t)
          expect(res.status).toBe(200)
          await new Promise((resolve) => setTimeout(resolve, POLL_EVERY_MS))
        }
      })()
      const started = performance.now()
      const res = await send(
        'POST',
        '/api/parcels/import',
        {
          cookie,
          'content-type': type,
          'content-length': String(body.length),
        },
        body,
      )
      const duration = performance.now() - started
      done = true
      await polling
      expect(res.status, res.text.slice(0, 300)).toBe(200)
      expect(JSON.parse(res.text)).toMatchObject({ created: PARCELS, updated: 0, rejected: [] })
      const worst = Math.max(...latencies)
      console.log(
        `health during import: file ${(file.length / 1024 / 1024).toFixed(1)} MB, import ${duration.toFixed(0)} ms, ` +
          `${latencies.length} polls, worst ${worst.toFixed(1)} ms, 95th percentile ${percentile(latencies, 0.95).toFixed(1)} ms, ` +
          `median ${median(latencies).toFixed(1)} ms`,
      )
      // README: /api/health answers within 100 ms during any import. Each poll also waits for PostgreSQL, which
      // shares the machine's cores with the import's statements, so the bounds are shares of the import's own time
      // (no fixed time in a test): reading the ~40 MB file on the main thread instead of the worker holds the loop
      // for ~2 s at once, about a tenth of the import — a twentieth fails it; 95 % of the polls take less than a
      // hundredth (21–47 ms measured at load average 9–13, for a ~20 s import)
      expect(percentile(latencies, 0.95)).toBeLessThan(duration / 100)
      expect(worst).toBeLessThan(duration / 20)
      // the polls kept coming all along: at least half as many as a loop never held would have made
      expect(latencies.length).toBeGreaterThan(duration / (POLL_EVERY_MS + worst) / 2)
    },
    // not a limit on the import: room for a loaded machine (the default 60 s is not always enough)
    600_000,
  )
})

function percentile(values: number[], share: number): number {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * share))] ?? 0
}

function median(values: number[]): number {
  return percentile(values, 0.5)
}
