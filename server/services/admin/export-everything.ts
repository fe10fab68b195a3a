import { strToU8, zipSync } from 'fflate'
import { dumpSpatialTable, dumpTable, dumpUsers, PLAIN_TABLES, SPATIAL_TABLES } from '../../db/backup'
import type { Queryable } from '../../db/pool'
import { rowsToCsv } from '../../domain/export/csv'

/**
 * "Export everything": every record as GeoJSON (spatial tables) or JSON, with a CSV beside each, and the accounts
 * without their password hashes, in one zip.
 */
export async function exportEverything(db: Queryable) {
  const files: Record<string, Uint8Array> = {}
  for (const table of SPATIAL_TABLES) {
    const rows = await dumpSpatialTable(db, table)
    const collection = {
      type: 'FeatureCollection',
      features: rows.map((r) => ({
        type: 'Feature',
        id: r.properties.id,
        geometry: r.geometry,
        properties: r.properties,
      })),
    }
    files[`${table}.geojson`] = strToU8(JSON.stringify(collection))
    files[`${table}.csv`] = strToU8(rowsToCsv(rows.map((r) => r.properties)))
  }
  for (const table of PLAIN_TABLES) {
    const rows = await dumpTable(db, table)
    files[`${table}.json`] = strToU8(JSON.stringify(rows))
    files[`${table}.csv`] = strToU8(rowsToCsv(rows))
  }
  files['users.json'] = strToU8(JSON.stringify(await dumpUsers(db)))
  return zipSync(files, { level: 6 })
}
