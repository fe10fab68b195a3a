import type { TestProject } from 'vitest/node'
import { DEMO_TODAY, generateDemoDistrict } from '../data/demo/generate'
import { loadDemoDistrict } from '../data/demo/load-district'
import { startEmbeddedDatabase } from '../server/db/embedded'
import { migrate } from '../server/db/migrate'
import { createPool } from '../server/db/pool'
import { schemaPool } from './support/schema-pool'

declare module 'vitest' {
  export interface ProvidedContext {
    databaseUrl: string
    databaseKind: 'embedded' | 'postgres'
    testSchema: string
  }
}

/**
 * One database for the whole run: TEST_DATABASE_URL (a real PostGIS server) or else an embedded PGlite kept in
 * .guatu-test. Every run works in a fresh schema that it drops at the end, so a real database keeps its own data.
 */
export default async function setup(project: TestProject) {
  const external = process.env.TEST_DATABASE_URL
  const embedded = external
    ? null
    : await startEmbeddedDatabase(process.env.GUATU_TEST_DATA_DIR ?? '.guatu-test', 8)
  const url = external ?? embedded?.url ?? ''
  const schema = `guatu_test_${process.pid}`

  const admin = createPool(url, 1)
  await admin.query(`create extension if not exists postgis`)
  // in public like PostGIS, so every run's schema finds the operator classes of migration 0018
  await admin.query(`create extension if not exists pg_trgm`)
  await admin.query(`drop schema if exists ${schema} cascade`)
  await admin.query(`create schema ${schema}`)
  await admin.end()

  const pool = schemaPool(url, schema, 2)
  await migrate(pool)
  // forecasts computed for the day the tests' app calls today (tests/support/app.ts)
  await loadDemoDistrict(pool, generateDemoDistrict(), { accounts: true, today: DEMO_TODAY })
  await pool.end()

  project.provide('databaseUrl', url)
  project.provide('databaseKind', external ? 'postgres' : 'embedded')
  project.provide('testSchema', schema)

  return async () => {
    const cleanup = createPool(url, 1)
    await cleanup.query(`drop schema if exists ${schema} cascade`)
    await cleanup.end()
    await embedded?.stop()
  }
}
