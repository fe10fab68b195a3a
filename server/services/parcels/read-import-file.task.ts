import { type ImportOptions, readParcelFile } from '../../domain/import/read-parcel-file'
import type { ImportFileText } from './read-import-file'

export interface ReadTask {
  bytes: Uint8Array
  options: ImportOptions
}

/**
 * Runs in a worker thread: reads, parses and checks the file, and writes each geometry as GeoJSON text there, so
 * that the main thread neither parses nor serializes the file (it only passes the text on to PostGIS).
 */
export default async function readImportFileTask({ bytes, options }: ReadTask): Promise<ImportFileText> {
  const read = await readParcelFile(bytes, options)
  if (!read.ok) return read
  return {
    ok: true,
    value: {
      ...read.value,
      rows: read.value.rows.map((row) => ({ ...row, geometry: JSON.stringify(row.geometry) })),
    },
  }
}
