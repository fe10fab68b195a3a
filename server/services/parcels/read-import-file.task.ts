import { type ImportOptions, readParcelFile } from '../../domain/import/read-parcel-file'
import type { ImportRowsRead } from './read-import-file'

export interface ReadTask {
  bytes: Uint8Array
  options: ImportOptions
}

/**
 * Runs in a worker thread: reads, parses and checks the file, and writes the rows PostGIS will read as one UTF-8
 * JSON array, so that the main thread neither parses nor serializes the file: it hands the bytes to PostGIS.
 */
export default async function readImportFileTask({ bytes, options }: ReadTask): Promise<ImportRowsRead> {
  const read = await readParcelFile(bytes, options)
  if (!read.ok) return read
  const json = read.value.rows.map((r) =>
    JSON.stringify({
      index: r.index,
      code: r.code,
      name: r.name ?? null,
      has_name: r.name !== undefined,
      geometry: r.geometry,
    }),
  )
  return {
    ok: true,
    value: {
      ...read.value,
      rows: read.value.rows.map(({ geometry: _, ...row }) => row),
      payload: new TextEncoder().encode(`[${json.join(',')}]`),
    },
  }
}
