import { move, transferableSymbol, valueSymbol } from 'piscina'
import { type ImportOptions, readParcelFile } from '../../domain/import/read-parcel-file'
import type { ImportRowsRead } from './read-import-file'

export interface ReadTask {
  bytes: Uint8Array
  options: ImportOptions
}

// rows go to PostGIS in pieces of about this size: each one a small message, none of them a huge value
const PIECE_BYTES = 1024 * 1024

/**
 * Runs in a worker thread: reads, parses and checks the file, and writes the rows PostGIS will read as UTF-8 JSON
 * arrays of about 1 MiB, moved (not copied) to the main thread: it neither parses, serializes nor copies the file.
 */
export default async function readImportFileTask({ bytes, options }: ReadTask) {
  const read = await readParcelFile(bytes, options)
  if (!read.ok) return read
  const encoder = new TextEncoder()
  const pieces: Uint8Array[] = []
  let batch: string[] = []
  let size = 0
  const flush = () => {
    if (batch.length > 0) pieces.push(encoder.encode(`[${batch.join(',')}]`))
    batch = []
    size = 0
  }
  for (const r of read.value.rows) {
    const json = JSON.stringify({
      index: r.index,
      code: r.code,
      name: r.name ?? null,
      has_name: r.name !== undefined,
      geometry: r.geometry,
    })
    batch.push(json)
    size += json.length
    if (size >= PIECE_BYTES) flush()
  }
  flush()
  const result: ImportRowsRead = {
    ok: true,
    value: { ...read.value, rows: read.value.rows.map(({ geometry: _, ...row }) => row), pieces },
  }
  return move({
    get [transferableSymbol]() {
      return pieces.map((p) => p.buffer)
    },
    get [valueSymbol]() {
      return result
    },
  })
}
