import { move, transferableSymbol, valueSymbol } from 'piscina'
import { toHexEwkb } from '../../domain/import/ewkb'
import { type ImportOptions, readParcelFile } from '../../domain/import/read-parcel-file'
import type { ImportRowsRead } from './read-import-file'

export interface ReadTask {
  bytes: Uint8Array
  options: ImportOptions
}

// rows go to PostGIS in pieces of about this size: each one a small message, none of them a huge value
const PIECE_BYTES = 1024 * 1024

/**
 * Runs in a worker thread: reads, parses and checks the file, and writes the rows' geometries as PostGIS will read
 * them — COPY text lines `index<TAB>hex EWKB` (digits and hex only, nothing to escape) in pieces of about 1 MiB,
 * moved (not copied) to the main thread: it neither parses, serializes nor copies the file.
 */
export default async function readImportFileTask({ bytes, options }: ReadTask) {
  const read = await readParcelFile(bytes, options)
  if (!read.ok) return read
  // each piece in an ArrayBuffer of its own (a small Buffer would share Node's pool, which cannot be moved)
  const encoder = new TextEncoder()
  const pieces: Uint8Array[] = []
  let batch: string[] = []
  let size = 0
  const flush = () => {
    if (batch.length > 0) pieces.push(encoder.encode(batch.join('')))
    batch = []
    size = 0
  }
  for (const r of read.value.rows) {
    const line = `${r.index}\t${toHexEwkb(r.geometry)}\n`
    batch.push(line)
    size += line.length
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
