import { createHash } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import type { ServerType } from '@hono/node-server'
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { buildCity, CITY_CENTRE, CITY_CODE_PREFIX } from '../../data/city/build-city'
import { generateDemoDistrict } from '../../data/demo/generate'
import { hasParcels, loadDemoDistrict } from '../../data/demo/load-district'
import { createApp } from '../../server/app'
import { migrate } from '../../server/db/migrate'
import { createPool, type Pool, withTransaction } from '../../server/db/pool'
import { findSetting, upsertSetting } from '../../server/db/zone'
import { inProcessBus } from '../../server/events'
import { DEMO_TODAY } from '../support/app'
import {
  launchChromium,
  logInThroughPage,
  openRecordedPage,
  serveOnLoopback,
  WEB_DIST,
} from '../support/browser'
import { schemaPool } from '../support/schema-pool'

/**
 * The synthetic city lives in its own schema of the test database and outlasts the run: building a million
 * parcels takes minutes, so a run reuses the city a previous run built when its size and generator match.
 */
const CITY_SCHEMA = 'guatu_city_test'
const CITY_SETTING = 'test_city'
const databaseKind = inject('databaseKind')
// a million parcels unless GUATU_TEST_CITY_PARCELS says otherwise: built once in ~70 s on PostgreSQL and ~170 s
// on the embedded database (measured on 2 cores), then reused
const PARCELS = Number(process.env.GUATU_TEST_CITY_PARCELS ?? 1_000_000)
if (!Number.isInteger(PARCELS) || PARCELS < 1000) {
  throw new Error('GUATU_TEST_CITY_PARCELS must be a whole number of at least 1000')
}
// the generator's own text: a changed generator builds the city anew
const GENERATOR = createHash('sha256')
  .update(readFileSync(fileURLToPath(new URL('../../data/city/build-city.ts', import.meta.url))))
  .digest('hex')
  .slice(0, 16)

type CityStamp = { parcels: number; generator: string }

let pool: Pool
let server: ServerType
let origin = ''
let browser: Browser

/** The city's schema with the demo district (for the accounts) and PARCELS synthetic parcels, built if needed. */
async function prepareCity(): Promise<void> {
  const admin = createPool(inject('databaseUrl'), 1)
  await admin.query(`create schema if not exists ${CITY_SCHEMA}`)
  await admin.end()
  pool = schemaPool(inject('databaseUrl'), CITY_SCHEMA, 4)
  await migrate(pool)
  const stamp = await findSetting<CityStamp>(pool, CITY_SETTING)
  const { rows } = await pool.query<{ n: number }>(
    `select count(*)::int as n from parcels where code like '${CITY_CODE_PREFIX}%'`,
  )
  if (stamp?.parcels === PARCELS && stamp.generator === GENERATOR && rows[0]?.n === PARCELS) {
    console.log(`city test: reusing the city of ${PARCELS.toLocaleString('en')} parcels in ${CITY_SCHEMA}`)
    return
  }
  if (!(await hasParcels(pool)))
    await loadDemoDistrict(pool, generateDemoDistrict(), { accounts: true, today: DEMO_TODAY })
  const started = Date.now()
  await withTransaction(pool, async (db) => {
    // minutes for a million parcels: longer than the pool's statement timeout for requests
    await db.query('set local statement_timeout = 0')
    await buildCity(db, PARCELS, DEMO_TODAY)
    await upsertSetting(db, CITY_SETTING, { parcels: PARCELS, generator: GENERATOR } satisfies CityStamp)
  })
  await withTransaction(pool, async (db) => {
    await db.query('set local statement_timeout = 0')
    await db.query('analyze parcels')
    await db.query('analyze parcel_overview_cells')
  })
  console.log(
    `city test: built ${PARCELS.toLocaleString('en')} parcels in ${CITY_SCHEMA} (${databaseKind}) in ` +
      `${((Date.now() - started) / 1000).toFixed(1)} s`,
  )
}

beforeAll(async () => {
  await prepareCity()
  const app = createApp({
    pool,
    databaseKind,
    today: () => DEMO_TODAY,
    sessionHours: 1,
    basemapStyleUrl: null,
    events: inProcessBus(),
    staticDir: WEB_DIST,
  })
  const served = await serveOnLoopback(app)
  server = served.server
  origin = served.origin
  browser = await launchChromium()
  // the first build of a million parcels takes minutes; later runs reuse it
}, 60 * 60_000)

afterAll(async () => {
  await browser?.close()
  await new Promise((resolve) => server?.close(resolve))
  await pool?.end()
})

type MapWindow = { __guatuMap: import('maplibre-gl').Map }

describe(`the map of a ${PARCELS.toLocaleString('en')}-parcel city`, () => {
  it(
    'draws hundreds of parcels from the tiles at z15 over the dense core, and again after each pan',
    async () => {
      const { page, errors } = await openRecordedPage(browser)
      try {
        const tiles: string[] = []
        page.on('request', (request) => {
          const path = new URL(request.url()).pathname
          if (path.startsWith('/tiles/parcels/')) tiles.push(path)
        })
        // a link into the core of the city at z15 (the share link carries centre and zoom)
        const opened = performance.now()
        await logInThroughPage(page, `${origin}/?c=${CITY_CENTRE.lon},${CITY_CENTRE.lat}&z=15`, 'leader')
        await page.waitForFunction(() => {
          const map = (window as unknown as MapWindow).__guatuMap
          return Math.abs(map.getZoom() - 15) < 0.01 && map.loaded()
        })
        const firstView = performance.now() - opened

        /** The parcels drawn now, one row per parcel (a parcel across a tile edge is found in both tiles). */
        const rendered = () =>
          page.evaluate(() => {
            const map = (window as unknown as MapWindow).__guatuMap
            const features = map.queryRenderedFeatures({ layers: ['parcels-fill'] })
            const codes = new Map<number, string>()
            let mismatched = 0
            for (const f of features) {
              const id = Number(f.id)
              const code = String(f.properties.code)
              if (f.properties.id !== id || (codes.has(id) && codes.get(id) !== code)) mismatched += 1
              codes.set(id, code)
            }
            return {
              parcels: codes.size,
              distinctCodes: new Set(codes.values()).size,
              cityParcels: [...codes.values()].filter((c) => c.startsWith('CITY-')).length,
              mismatched,
              zoom: map.getZoom(),
            }
          })

        const first = await rendered()
        expect(first.zoom).toBeCloseTo(15, 1)
        expect(first.parcels).toBeGreaterThan(300)
        // every parcel has one id and one code, and no two parcels share a code
        expect(first.mismatched).toBe(0)
        expect(first.distinctCodes).toBe(first.parcels)
        expect(first.cityParcels).toBe(first.parcels)

        const pans: [number, number][] = [
          [700, 0],
          [0, 450],
          [-700, 0],
          [-700, 0],
          [0, -450],
          [0, -450],
        ]
        const times: number[] = []
        const counts: number[] = []
        for (const offset of pans) {
          const ms = await page.evaluate(
            (by) =>
              new Promise<number>((resolve) => {
                const map = (window as unknown as MapWindow).__guatuMap
                const started = performance.now()
                map.once('idle', () => resolve(performance.now() - started))
                map.panBy(by, { duration: 0 })
              }),
            offset,
          )
          const after = await rendered()
          expect(after.parcels, `after a pan by ${offset}`).toBeGreaterThan(100)
          expect(after.mismatched).toBe(0)
          expect(after.distinctCodes).toBe(after.parcels)
          times.push(ms)
          counts.push(after.parcels)
        }

        console.log(
          `city test (${PARCELS.toLocaleString('en')} parcels, ${databaseKind}): first view at z15 ` +
            `${Math.round(firstView)} ms after login began, ${first.parcels} parcels drawn; pans to idle ` +
            `${times.map((t) => Math.round(t)).join(', ')} ms (median ${Math.round(median(times))} ms), ` +
            `parcels drawn ${counts.join(', ')}; ${tiles.length} parcel tiles requested`,
        )
        expect(errors).toEqual([])
      } finally {
        await page.close()
      }
    },
    10 * 60_000,
  )
})

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  const mid = Math.floor(sorted.length / 2)
  return sorted.length % 2 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2
}
