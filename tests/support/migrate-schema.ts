// One "instance starting": run by tests/server/db/migrate-concurrent.test.ts as its own Node process. It connects
// to database argv[2] working in schema argv[3], prints "ready", waits for a line on stdin (so that several
// processes start migrating at the same moment), migrates, and prints the migrations it applied as JSON.
import { createInterface } from 'node:readline'
import { migrate } from '../../server/db/migrate'
import { schemaPool } from './schema-pool'

const [url = '', schema = ''] = process.argv.slice(2)
const pool = schemaPool(url, schema, 1)
try {
  await pool.query('select 1') // connected before the start signal
  process.stdout.write('ready\n')
  const lines = createInterface({ input: process.stdin })
  await new Promise((resolve) => lines.once('line', resolve))
  lines.close()
  const applied = await migrate(pool)
  process.stdout.write(`${JSON.stringify(applied)}\n`)
} finally {
  await pool.end()
}
