import iconv from 'iconv-lite'

let table: Map<string, number> | null = null

// Node has a GBK decoder but no encoder: the encoder table is the decoder's, inverted, built once (~22k chars)
function gbkTable(): Map<string, number> {
  if (table) return table
  const decoder = new TextDecoder('gbk', { fatal: false })
  const map = new Map<string, number>()
  const pair = new Uint8Array(2)
  for (let lead = 0x81; lead <= 0xfe; lead++) {
    for (let trail = 0x40; trail <= 0xfe; trail++) {
      if (trail === 0x7f) continue
      pair[0] = lead
      pair[1] = trail
      const ch = decoder.decode(pair)
      if (ch.length === 1 && ch !== '\uFFFD' && !map.has(ch)) map.set(ch, (lead << 8) | trail)
    }
  }
  table = map
  return map
}

/** Encodes text as GBK bytes; a character GBK lacks becomes "?". `encodeGbk('地块')` → 4 bytes */
export function encodeGbk(text: string): Uint8Array<ArrayBuffer> {
  const map = gbkTable()
  const out: number[] = []
  for (const ch of text) {
    const code = ch.codePointAt(0) ?? 0x3f
    if (code < 0x80) {
      out.push(code)
      continue
    }
    const gbk = map.get(ch)
    if (gbk === undefined) out.push(0x3f)
    else out.push(gbk >> 8, gbk & 0xff)
  }
  return Uint8Array.from(out)
}

/**
 * Encodes text as GB18030: the same bytes as GBK for every character GBK has, and four bytes for the others (a
 * rare character of a name or a code), which the import reads back. `encodeGb18030('𠀀')` → 95 32 82 36
 */
export function encodeGb18030(text: string): Uint8Array<ArrayBuffer> {
  return Uint8Array.from(iconv.encode(text, 'gb18030'))
}
