import { createPool, type Pool } from '../../server/db/pool'

/** A pool whose every connection works in `schema` first (PostGIS stays in public). */
export function schemaPool(url: string, schema: string, max: number): Pool {
  if (!/^[a-z_][a-z0-9_]*$/.test(schema)) throw new Error(`bad schema name ${schema}`)
  return createPool(url, max, async (client) => {
    await client.query(`set search_path to ${schema}, public`)
  })
}
