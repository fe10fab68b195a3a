import { constants, crc32, deflateRawSync } from 'node:zlib'

const MIB = 1024 * 1024

/** One entry as a zip writer lays it down; `size` is what the headers declare, true or not. */
export interface RawZipEntry {
  name: string
  /** the entry's bytes as stored: deflated when method is 8 */
  packed: Uint8Array
  method: 0 | 8
  size: number
  crc?: number
}

/** An entry deflated the ordinary way, its headers true. */
export function deflatedEntry(name: string, data: Uint8Array | string): RawZipEntry {
  const bytes = typeof data === 'string' ? new TextEncoder().encode(data) : data
  return { name, packed: deflateRawSync(bytes), method: 8, size: bytes.length, crc: crc32(bytes) }
}

/**
 * A raw deflate stream that unpacks to `mib` MiB of zeros, built without ever holding them: one MiB of zeros
 * deflated up to a full flush (byte-aligned, no reference to what came before) repeated, then a final empty block.
 * About 1 KB per MiB, so 1 GiB packs into ~1 MB, as in the zip bombs the issue reports.
 */
export function deflatedZeros(mib: number): Uint8Array {
  const chunk = deflateRawSync(Buffer.alloc(MIB), { finishFlush: constants.Z_FULL_FLUSH })
  const out = new Uint8Array(chunk.length * mib + 2)
  for (let i = 0; i < mib; i++) out.set(chunk, i * chunk.length)
  // BFINAL=1, BTYPE=01 (fixed Huffman), end-of-block: 0x03 0x00
  out.set([0x03, 0x00], chunk.length * mib)
  return out
}

/** A zip archive of these entries (local headers, data, central directory, end record), as written, lies included. */
export function writeZip(entries: RawZipEntry[]): Uint8Array {
  const parts: Uint8Array[] = []
  const directory: Uint8Array[] = []
  let offset = 0
  for (const entry of entries) {
    const name = new TextEncoder().encode(entry.name)
    const local = Buffer.alloc(30)
    local.writeUInt32LE(0x04034b50, 0)
    local.writeUInt16LE(20, 4)
    local.writeUInt16LE(0x800, 6)
    local.writeUInt16LE(entry.method, 8)
    local.writeUInt32LE(entry.crc ?? 0, 14)
    local.writeUInt32LE(entry.packed.length, 18)
    local.writeUInt32LE(entry.size, 22)
    local.writeUInt16LE(name.length, 26)
    const central = Buffer.alloc(46)
    central.writeUInt32LE(0x02014b50, 0)
    central.writeUInt16LE(20, 4)
    central.writeUInt16LE(20, 6)
    central.writeUInt16LE(0x800, 8)
    central.writeUInt16LE(entry.method, 10)
    central.writeUInt32LE(entry.crc ?? 0, 16)
    central.writeUInt32LE(entry.packed.length, 20)
    central.writeUInt32LE(entry.size, 24)
    central.writeUInt16LE(name.length, 28)
    central.writeUInt32LE(offset, 42)
    parts.push(local, name, entry.packed)
    directory.push(central, name)
    offset += local.length + name.length + entry.packed.length
  }
  const directorySize = directory.reduce((n, p) => n + p.length, 0)
  const end = Buffer.alloc(22)
  end.writeUInt32LE(0x06054b50, 0)
  end.writeUInt16LE(entries.length, 8)
  end.writeUInt16LE(entries.length, 10)
  end.writeUInt32LE(directorySize, 12)
  end.writeUInt32LE(offset, 16)
  return new Uint8Array(Buffer.concat([...parts, ...directory, end]))
}
