import type { PGlite } from '@electric-sql/pglite'

// Frontend messages of the extended query protocol that run until the client's Sync.
const EXTENDED = new Set(['P', 'B', 'D', 'E', 'C', 'H'].map((c) => c.charCodeAt(0)))
const SYNC = 'S'.charCodeAt(0)
const ERROR_RESPONSE = 'E'.charCodeAt(0)
const READY_FOR_QUERY = 'Z'.charCodeAt(0)

/**
 * Wraps PGlite for pglite-socket so that `pg` sees a PostgreSQL that keeps the extended query protocol.
 * pglite-socket 0.2.x hands PGlite one frontend message at a time, which breaks two rules of the protocol:
 * - after an error in Parse/Bind/Execute, PGlite answers ReadyForQuery at once; PostgreSQL discards messages
 *   until Sync and answers ReadyForQuery only then. `pg` reads the extra one as a desync and drops the
 *   connection (electric-sql/pglite#958). Here the premature ReadyForQuery is removed and the messages up to
 *   Sync are skipped.
 * - between Parse and Sync the unnamed statement is session state, yet the socket server interleaves other
 *   connections' messages unless a transaction is open (electric-sql/pglite#977). Here the wrapper reports
 *   "in a transaction" while a Parse…Sync sequence runs, so the server keeps serving that connection alone.
 * The state is per backend session: PGlite has exactly one, whatever the number of socket connections.
 */
export function keepExtendedProtocol(db: PGlite): PGlite {
  let inSequence = false
  let skipUntilSync = false

  const execProtocolRawStream: PGlite['execProtocolRawStream'] = async (message, options) => {
    const type = message[0] ?? 0
    const extended = EXTENDED.has(type)
    if (skipUntilSync && extended) return
    if (type === SYNC) skipUntilSync = false
    inSequence = extended

    const chunks: Uint8Array[] = []
    await db.execProtocolRawStream(message, { ...options, onRawData: (data) => chunks.push(data.slice()) })
    let output = concat(chunks)
    if (extended && containsMessage(output, ERROR_RESPONSE)) {
      output = withoutMessages(output, READY_FOR_QUERY)
      skipUntilSync = true
    }
    if (output.length > 0) options?.onRawData?.(output)
  }

  return new Proxy(db, {
    get(target, prop, receiver) {
      if (prop === 'execProtocolRawStream') return execProtocolRawStream
      if (prop === 'isInTransaction') return () => inSequence || target.isInTransaction()
      if (prop === 'exec') {
        // the socket server rolls back after a client disconnects mid-sequence
        return (...args: Parameters<PGlite['exec']>) => {
          inSequence = false
          skipUntilSync = false
          return target.exec(...args)
        }
      }
      const value = Reflect.get(target, prop, receiver)
      return typeof value === 'function' ? value.bind(target) : value
    },
  })
}

function concat(chunks: Uint8Array[]): Uint8Array {
  if (chunks.length === 1) return chunks[0] as Uint8Array
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0))
  let offset = 0
  for (const c of chunks) {
    out.set(c, offset)
    offset += c.length
  }
  return out
}

/** Backend messages: a type byte, then an int32 length that counts itself but not the type byte. */
function* messages(buf: Uint8Array): Generator<{ type: number; start: number; end: number }> {
  const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength)
  let start = 0
  while (start + 5 <= buf.length) {
    const end = start + 1 + view.getInt32(start + 1)
    yield { type: buf[start] as number, start, end }
    start = end
  }
}

function containsMessage(buf: Uint8Array, type: number): boolean {
  for (const m of messages(buf)) if (m.type === type) return true
  return false
}

function withoutMessages(buf: Uint8Array, type: number): Uint8Array {
  const kept: Uint8Array[] = []
  for (const m of messages(buf)) if (m.type !== type) kept.push(buf.subarray(m.start, m.end))
  return concat(kept)
}
