import { Inflate } from 'fflate'
import { decodeSurveyText } from './text-encoding'
import type { LimitBreach, Parsed } from './types'

/** What an uploaded archive may hold; the server's defaults are in env.ts and the README. */
export interface ArchiveLimits {
  /** entries in the archive's central directory, whatever they are */
  maxEntries: number
  /** the sum of what every entry unpacks to, in bytes */
  maxUncompressedBytes: number
  /** unpacked ÷ packed size of any entry over 1 MiB unpacked (deflate reaches 1,032 at most) */
  maxRatio: number
}

export interface ZipEntry {
  name: string
  /** 0 stored, 8 deflate */
  method: number
  encrypted: boolean
  compressedSize: number
  /** what the central directory says the entry unpacks to */
  size: number
  localHeaderOffset: number
}

const MIB = 1024 * 1024

/** The server's defaults (README, env.ts): 1,000 entries, 500 MB unpacked, 200:1. */
export const DEFAULT_ARCHIVE_LIMITS: ArchiveLimits = {
  maxEntries: 1000,
  maxUncompressedBytes: 500 * MIB,
  maxRatio: 200,
}
// an entry this small may have any ratio: a blank .dbf field or a .cpg packs far better than 200:1
const RATIO_FLOOR = MIB
// the fflate inflater gets this much packed input at a time, so one step unpacks at most ~16 MiB
const INFLATE_STEP = 16 * 1024

const u16 = (b: Uint8Array, at: number) => (b[at] ?? 0) | ((b[at + 1] ?? 0) << 8)
const u32 = (b: Uint8Array, at: number) => (u16(b, at) + u16(b, at + 2) * 0x10000) >>> 0
const u64 = (b: Uint8Array, at: number) => u32(b, at) + u32(b, at + 4) * 0x1_0000_0000

function breach(reason: string, b: LimitBreach): { ok: false; reason: string; breach: LimitBreach } {
  return { ok: false, reason, breach: b }
}

/** The end of central directory record: where the directory is and how many entries it lists (zip64 too). */
function endOfDirectory(bytes: Uint8Array): Parsed<{ entries: number; offset: number; size: number }> {
  const lowest = Math.max(0, bytes.length - 22 - 0xffff)
  for (let at = bytes.length - 22; at >= lowest; at--) {
    if (u32(bytes, at) !== 0x06054b50) continue
    let entries = u16(bytes, at + 10)
    let size = u32(bytes, at + 12)
    let offset = u32(bytes, at + 16)
    if (entries === 0xffff || size === 0xffffffff || offset === 0xffffffff) {
      const locator = at - 20
      if (locator < 0 || u32(bytes, locator) !== 0x07064b50)
        return { ok: false, reason: 'the zip64 directory locator is missing' }
      const end64 = u64(bytes, locator + 8)
      if (u32(bytes, end64) !== 0x06064b50) return { ok: false, reason: 'the zip64 directory is missing' }
      entries = u64(bytes, end64 + 32)
      size = u64(bytes, end64 + 40)
      offset = u64(bytes, end64 + 48)
    }
    if (offset + size > bytes.length) return { ok: false, reason: 'the zip is truncated' }
    return { ok: true, value: { entries, offset, size } }
  }
  return { ok: false, reason: 'no zip directory found (not a zip, or truncated)' }
}

/**
 * The entries a zip's central directory lists, read without unpacking anything, refused at once when there
 * are more than `maxEntries`, when their declared sizes add up to more than `maxUncompressedBytes`, or when an
 * entry over 1 MiB declares a ratio above `maxRatio`. Sizes a header understates are caught by `readZipEntry`.
 */
export function listZip(bytes: Uint8Array, limits: ArchiveLimits): Parsed<ZipEntry[]> {
  const end = endOfDirectory(bytes)
  if (!end.ok) return { ok: false, reason: `the zip cannot be read: ${end.reason}` }
  if (end.value.entries > limits.maxEntries)
    return breach(`the zip holds ${end.value.entries} entries; at most ${limits.maxEntries} are read`, {
      limit: 'entries',
      max: limits.maxEntries,
    })
  const entries: ZipEntry[] = []
  let total = 0
  let at = end.value.offset
  for (let i = 0; i < end.value.entries; i++) {
    if (at + 46 > bytes.length || u32(bytes, at) !== 0x02014b50)
      return { ok: false, reason: 'the zip cannot be read: its directory is damaged' }
    const flags = u16(bytes, at + 8)
    const nameLength = u16(bytes, at + 28)
    const extraLength = u16(bytes, at + 30)
    const commentLength = u16(bytes, at + 32)
    const nameBytes = bytes.subarray(at + 46, at + 46 + nameLength)
    const name = flags & 0x800 ? new TextDecoder().decode(nameBytes) : decodeSurveyText(nameBytes)
    let size = u32(bytes, at + 24)
    let compressedSize = u32(bytes, at + 20)
    let localHeaderOffset = u32(bytes, at + 42)
    // zip64: the real figures are in extra field 0x0001, in this order, for those marked 0xffffffff
    for (let x = at + 46 + nameLength; x + 4 <= at + 46 + nameLength + extraLength; ) {
      const id = u16(bytes, x)
      const length = u16(bytes, x + 2)
      if (id === 0x0001) {
        let field = x + 4
        if (size === 0xffffffff) {
          size = u64(bytes, field)
          field += 8
        }
        if (compressedSize === 0xffffffff) {
          compressedSize = u64(bytes, field)
          field += 8
        }
        if (localHeaderOffset === 0xffffffff) localHeaderOffset = u64(bytes, field)
      }
      x += 4 + length
    }
    entries.push({
      name,
      method: u16(bytes, at + 10),
      encrypted: (flags & 1) === 1,
      compressedSize,
      size,
      localHeaderOffset,
    })
    total += size
    if (total > limits.maxUncompressedBytes)
      return breach(`the zip unpacks to more than ${limits.maxUncompressedBytes / MIB} MB`, {
        limit: 'uncompressed_bytes',
        max: limits.maxUncompressedBytes,
      })
    if (size > RATIO_FLOOR && size > compressedSize * limits.maxRatio)
      return breach(`${name} packs ${size} bytes into ${compressedSize}: more than ${limits.maxRatio}:1`, {
        limit: 'ratio',
        max: limits.maxRatio,
        entry: name,
      })
    at += 46 + nameLength + extraLength + commentLength
  }
  return { ok: true, value: entries }
}

/**
 * Unpacks one entry, never past the size its directory entry declares (checked by `listZip`) nor `maxBytes`:
 * memory grows by at most the declared size plus one inflate step, whatever the entry really holds.
 */
export function readZipEntry(bytes: Uint8Array, entry: ZipEntry, maxBytes = entry.size): Parsed<Uint8Array> {
  if (entry.size > maxBytes)
    return breach(`${entry.name} unpacks to ${entry.size} bytes; at most ${maxBytes} are read`, {
      limit: 'entry_bytes',
      max: maxBytes,
      entry: entry.name,
    })
  if (entry.encrypted) return { ok: false, reason: `${entry.name} is encrypted` }
  const header = entry.localHeaderOffset
  if (u32(bytes, header) !== 0x04034b50)
    return { ok: false, reason: `the zip entry ${entry.name} is damaged` }
  const start = header + 30 + u16(bytes, header + 26) + u16(bytes, header + 28)
  const packed = bytes.subarray(start, start + entry.compressedSize)
  if (packed.length < entry.compressedSize) return { ok: false, reason: 'the zip is truncated' }
  if (entry.method === 0) {
    if (entry.compressedSize !== entry.size)
      return { ok: false, reason: `the zip entry ${entry.name} is damaged (stored sizes differ)` }
    return { ok: true, value: packed }
  }
  if (entry.method !== 8)
    return {
      ok: false,
      reason: `${entry.name} uses compression method ${entry.method}; only deflate is read`,
    }
  const out = new Uint8Array(entry.size)
  let length = 0
  let over = false
  const inflate = new Inflate((chunk) => {
    if (length + chunk.length > out.length) {
      over = true
      return
    }
    out.set(chunk, length)
    length += chunk.length
  })
  try {
    for (let at = 0; at < packed.length && !over; at += INFLATE_STEP) {
      const last = at + INFLATE_STEP >= packed.length
      inflate.push(packed.subarray(at, at + INFLATE_STEP), last)
    }
  } catch (err) {
    return { ok: false, reason: `${entry.name} cannot be unpacked: ${(err as Error).message}` }
  }
  if (over)
    return breach(`${entry.name} unpacks to more than the ${entry.size} bytes its header declares`, {
      limit: 'declared_size',
      max: entry.size,
      entry: entry.name,
    })
  if (length !== entry.size)
    return { ok: false, reason: `${entry.name} unpacks to ${length} bytes, not the ${entry.size} declared` }
  return { ok: true, value: out }
}
