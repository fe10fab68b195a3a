import type { Queryable } from './pool'

/** The PostGIS library version the database answers with: a query that needs a live connection and PostGIS. */
export async function findPostgisVersion(db: Queryable): Promise<string> {
  const { rows } = await db.query<{ postgis: string }>('select postgis_lib_version() as postgis')
  return rows[0]?.postgis ?? 'unknown'
}
