// The app on the demo district for a benchmark: DATABASE_URL names a real PostGIS, else an embedded PostGIS in
// GUATU_BENCH_DATA_DIR. It works in a schema of its own, dropped by close(), so a real database keeps its data.
import { createApp } from '../../server/app'
import { startEmbeddedDatabase } from '../../server/db/embedded'
import { migrate } from '../../server/db/migrate'
import { createPool } from '../../server/db/pool'
import { inProcessBus } from '../../server/events'
import { schemaPool } from '../../tests/support/schema-pool'
import { DEMO_TODAY, generateDemoDistrict } from '../demo/generate'
import { DEMO_PASSWORD, loadDemoDistrict } from '../demo/load-district'

export async function openDemoBench(name: string, username: string, connections = 4) {
  const external = process.env.DATABASE_URL
  const embedded = external
    ? null
    : await startEmbeddedDatabase(
        process.env.GUATU_BENCH_DATA_DIR ?? `/tmp/guatu-bench-${name}`,
        connections + 1,
      )
  const url = external ?? embedded?.url ?? ''
  const schema = `guatu_bench_${name}_${process.pid}`

  const admin = createPool(url, 1)
  await admin.query('create extension if not exists postgis')
  await admin.query(`create schema ${schema}`)
  const pool = schemaPool(url, schema, connections)
  const close = async () => {
    await pool.end()
    await admin.query(`drop schema if exists ${schema} cascade`)
    await admin.end()
    await embedded?.stop()
  }
  try {
    await migrate(pool)
    await loadDemoDistrict(pool, generateDemoDistrict(), { accounts: true, today: DEMO_TODAY })
    const app = createApp({
      pool,
      databaseKind: external ? 'postgres' : 'embedded',
      today: () => DEMO_TODAY,
      sessionHours: 1,
      basemapStyleUrl: null,
      events: inProcessBus(),
    })
    const login = await app.request('/api/auth/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username, password: DEMO_PASSWORD }),
    })
    const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0] ?? ''
    return { pool, app, cookie, close, databaseKind: external ? 'postgres' : 'embedded' }
  } catch (err) {
    await close()
    throw err
  }
}
