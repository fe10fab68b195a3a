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
