/** A multipart/form-data body: its text fields, and its files' names and bytes. */
export interface MultipartForm {
  fields: Record<string, string>
  files: Record<string, { filename: string; bytes: Uint8Array }>
  /** every file part in order, also several under one name (`photos`) */
  fileParts: { name: string; filename: string; bytes: Uint8Array }[]
}

// a form with more parts, or a part with longer headers, is not one the app sends
const MOST_PARTS = 50
const MOST_HEADER_BYTES = 8 * 1024

/**
 * Splits a multipart/form-data body (RFC 7578) with Buffer.indexOf, which searches natively: unlike a JavaScript
 * parser it does not hold the event loop for long on a body of tens of MB. The file bytes are views into `body`.
 * Null when the body is not well-formed multipart for `contentType`'s boundary.
 */
export function parseMultipart(body: Buffer, contentType: string): MultipartForm | null {
  const boundary = /boundary=(?:"([^"]{1,70})"|([^;\s]{1,70}))/i.exec(contentType)
  const marker = boundary?.[1] ?? boundary?.[2]
  if (!marker) return null
  const delimiter = Buffer.from(`\r\n--${marker}`)
  const form: MultipartForm = { fields: {}, files: {}, fileParts: [] }
  // the first delimiter opens the body without the CRLF before it, or follows a preamble
  const opening = delimiter.subarray(2)
  const first = body.subarray(0, opening.length).equals(opening) ? -2 : body.indexOf(delimiter)
  if (first === -1) return null
  let at = first + delimiter.length
  for (let parts = 0; parts <= MOST_PARTS; parts++) {
    // after a delimiter: "--" ends the body, CRLF opens a part
    if (body[at] === 0x2d && body[at + 1] === 0x2d) return form
    if (body[at] !== 0x0d || body[at + 1] !== 0x0a) return null
    const headersEnd = body.indexOf('\r\n\r\n', at + 2)
    if (headersEnd < 0 || headersEnd - at > MOST_HEADER_BYTES) return null
    const headers = body.toString('utf8', at + 2, headersEnd)
    const next = body.indexOf(delimiter, headersEnd + 4)
    if (next < 0) return null
    const content = body.subarray(headersEnd + 4, next)
    const disposition = /^content-disposition:\s*form-data(.*)$/im.exec(headers)?.[1] ?? ''
    const name = /;\s*name="([^"]*)"/i.exec(disposition)?.[1]
    const filename = /;\s*filename="([^"]*)"/i.exec(disposition)?.[1]
    if (name === undefined) return null
    if (filename !== undefined) {
      form.files[name] = { filename, bytes: content }
      form.fileParts.push({ name, filename, bytes: content })
    } else form.fields[name] = content.toString('utf8')
    at = next + delimiter.length
  }
  return null
}

/**
 * The request body in one buffer of its own (to move to a worker), filled chunk by chunk as it arrives: with a
 * Content-Length the buffer is made once and each chunk copied in when it comes, so no step copies tens of MB at once.
 * Null past `maxBytes` (bodyLimit answers before; this is the backstop).
 */
export async function readUpload(request: Request, maxBytes: number): Promise<Buffer | null> {
  const declared = Number(request.headers.get('content-length') ?? Number.NaN)
  const chunks: Uint8Array[] = []
  // an ArrayBuffer of its own (Buffer.allocUnsafe may hand out a slice of the shared pool, which must never move)
  let out =
    Number.isSafeInteger(declared) && declared <= maxBytes ? Buffer.from(new ArrayBuffer(declared)) : null
  let length = 0
  const reader = request.body?.getReader()
  for (let next = await reader?.read(); next && !next.done; next = await reader?.read()) {
    const chunk = next.value
    if (length + chunk.length > maxBytes) {
      await reader?.cancel()
      return null
    }
    if (out && length + chunk.length <= out.length) out.set(chunk, length)
    else {
      // no Content-Length, or a body longer than it says: gathered, joined at the end
      if (out) chunks.push(out.subarray(0, length))
      out = null
      chunks.push(chunk)
    }
    length += chunk.length
  }
  if (out) return out.subarray(0, length)
  const own = Buffer.from(new ArrayBuffer(length))
  let at = 0
  for (const chunk of chunks) {
    own.set(chunk, at)
    at += chunk.length
  }
  return own
}
