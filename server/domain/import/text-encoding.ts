import chardet from 'chardet'
import iconv from 'iconv-lite'

/** Decodes text files from Chinese survey offices: UTF-8 when the bytes are valid UTF-8 (BOM dropped), else GBK. */
export function decodeSurveyText(bytes: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes).replace(/^\uFEFF/, '')
  } catch {
    return new TextDecoder('gbk').decode(bytes)
  }
}

const CJK = /[\u3400-\u9fff\uf900-\ufaff]/

/** A file decoded field by field: its text, its own encoding, and the lines where fields were in UTF-8 instead. */
export interface DecodedText {
  text: string
  /** the file's encoding: UTF-8, or what chardet finds for the rest (GB18030 for GBK) */
  encoding: string
  /** 1-based lines holding a field in UTF-8 inside a file in another encoding (a mixed file), at most 20 */
  utf8Lines: number[]
}

/**
 * Decodes a text file per file and per field. A file that is valid UTF-8 is UTF-8. Otherwise its encoding is what
 * chardet finds (GB18030, a superset of GBK, for Chinese), and each field — a run of bytes between ASCII
 * punctuation, digits, spaces or line ends, which are never inside a GBK or UTF-8 character — is read on its own:
 * a field that is valid UTF-8 and reads as Chinese in UTF-8 is UTF-8 (an officer pasted a UTF-8 name into a GBK
 * file), the rest in the file's encoding. `utf8Lines` says where, so the import can warn instead of storing
 * mojibake.
 */
export function decodeSurveyFields(bytes: Uint8Array): DecodedText {
  const utf8 = new TextDecoder('utf-8', { fatal: true })
  try {
    return { text: utf8.decode(bytes).replace(/^\uFEFF/, ''), encoding: 'UTF-8', utf8Lines: [] }
  } catch {
    // not UTF-8 as a whole: field by field below
  }
  // a Chinese office's file that is not UTF-8 is GBK (read as its superset GB18030), or Big5 from Taiwan or Hong Kong;
  // on a few short fields chardet may guess a European code page, which would turn every name to mojibake
  const encoding = chardet.detect(bytes) === 'Big5' ? 'Big5' : 'GB18030'
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  const parts: string[] = []
  const utf8Lines: number[] = []
  let line = 1
  let start = 0
  const flush = (end: number) => {
    if (end <= start) return
    const field = buffer.subarray(start, end)
    let text: string | null = null
    if (field.some((b) => b >= 0x80)) {
      try {
        const asUtf8 = utf8.decode(field)
        if (CJK.test(asUtf8)) {
          text = asUtf8
          if (utf8Lines.at(-1) !== line && utf8Lines.length < 20) utf8Lines.push(line)
        }
      } catch {
        // not UTF-8: the file's encoding
      }
    }
    parts.push(text ?? iconv.decode(field, encoding))
  }
  for (let i = 0; i < buffer.length; i++) {
    const b = buffer[i] as number
    if (b >= 0x40) continue
    // GB18030's four-byte characters hold digits as their 2nd and 4th bytes, after a byte from 0x81
    if (b >= 0x30 && b <= 0x39 && i > start && (buffer[i - 1] as number) >= 0x81) continue
    flush(i)
    parts.push(String.fromCharCode(b))
    if (b === 0x0a) line++
    start = i + 1
  }
  flush(buffer.length)
  return { text: parts.join(''), encoding, utf8Lines }
}
