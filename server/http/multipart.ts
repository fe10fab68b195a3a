/** A multipart/form-data body: its text fields, and its files' names and bytes. */
export interface MultipartForm {
  fields: Record<string, string>
  files: Record<string, { filename: string; bytes: Uint8Array }>
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
  const form: MultipartForm = { fields: {}, files: {} }
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
    if (filename !== undefined) form.files[name] = { filename, bytes: content }
    else form.fields[name] = content.toString('utf8')
    at = next + delimiter.length
  }
  return null
}
