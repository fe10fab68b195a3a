import { afterAll, describe, expect, inject, it } from 'vitest'
import type { Pool } from '../../../../server/db/pool'
import { testApp } from '../../../support/app'
import { parcelApi, parcelAt } from '../../../support/parcel-api'
import { schemaPool } from '../../../support/schema-pool'

// Races through the API, each request on its own connection of a pool large enough to hold them all at once. On
// PostgreSQL they really interleave; the embedded database runs one transaction at a time, so there the same
// assertions only check that the answers are right, over fewer rounds.
const postgres = inject('databaseKind') === 'postgres'
const ROUNDS = postgres ? 10 : 2
const CREATES = 8
const pool: Pool = schemaPool(inject('databaseUrl'), inject('testSchema'), postgres ? CREATES + 2 : 4)
const app = testApp({ pool })
const api = parcelApi(app, 'TR-')

afterAll(async () => {
  await pool.query(`delete from history where entity_type = 'parcel' and changes->>'code' like 'TR-%'`)
  await pool.query(`delete from parcels where code like 'TR-%'`)
  await pool.end()
})

// an empty corner of the map (no demo parcel, no other test file's): 109°E 19°N onwards
const LON = 109.1
const LAT = 19.1

describe('concurrent creates of overlapping parcels', () => {
  it(`accept exactly one of ${CREATES} and refuse the others as invalid_geometry, ${ROUNDS} rounds`, async () => {
    for (let round = 0; round < ROUNDS; round++) {
      // squares of 0.001° shifted by 0.0001° each: every pair overlaps by far more than the 1 m² tolerance
      const bodies = Array.from({ length: CREATES }, (_, i) =>
        parcelAt('TR-C-', LON + round * 0.01 + i * 0.0001, LAT + i * 0.0001),
      )
      const answers = await Promise.all(bodies.map((body) => api.send('POST', '/api/parcels', body)))
      const statuses = answers.map((a) => a.status)
      expect(
        statuses.filter((s) => s === 201),
        `round ${round}: ${statuses}`,
      ).toHaveLength(1)
      for (const refused of answers.filter((a) => a.status !== 201)) {
        expect(refused.status).toBe(400)
        expect(refused.body.error.code).toBe('invalid_geometry')
        expect(refused.body.error.message).toMatch(/^与地块 TR-C-\w+ 重叠$/)
      }
      const { rows } = await pool.query<{ code: string }>('select code from parcels where code = any($1)', [
        bodies.map((b) => b.code),
      ])
      const winner = answers.find((a) => a.status === 201)?.body.properties.code
      expect(rows.map((r) => r.code)).toEqual([winner])
    }
  })
})

describe('concurrent merges of the same parcels in opposite order', () => {
  it(`merge once and answer the other 409, never 5xx, ${ROUNDS} rounds`, async () => {
    for (let round = 0; round < ROUNDS; round++) {
      const lon = LON + round * 0.01
      const lat = LAT + 0.2
      // three squares in a row, each sharing an edge with the next
      const parts = [
        await api.create(lon, lat),
        await api.create(lon + 0.001, lat),
        await api.create(lon + 0.002, lat),
      ]
      const ids = parts.map((p) => p.id)
      const versions = Object.fromEntries(parts.map((p) => [p.id, p.properties.version]))
      const codes = [`TR-M-${round}-up`, `TR-M-${round}-down`]
      const [up, down] = await Promise.all([
        api.send('POST', '/api/parcels/merge', { ids, versions, code: codes[0] }),
        api.send('POST', '/api/parcels/merge', { ids: [...ids].reverse(), versions, code: codes[1] }),
      ])
      const statuses = [up?.status, down?.status].sort()
      expect(statuses, `round ${round}`).toEqual([201, 409])
      const refused = [up, down].find((a) => a?.status === 409)
      expect(['version_conflict', 'write_conflict']).toContain(refused?.body.error.code)

      const { rows } = await pool.query<{ code: string }>(
        'select code from parcels where id = any($1) or code = any($2)',
        [ids, codes],
      )
      const merged = [up, down].find((a) => a?.status === 201)?.body
      expect(rows.map((r) => r.code)).toEqual([merged.properties.code])
      // the three squares of 0.001° make one rectangle: its area is three times one square's
      const one = parts[0]?.properties.area_m2 ?? 0
      expect(merged.properties.area_m2).toBeCloseTo(3 * one, -1)
    }
  })
})
