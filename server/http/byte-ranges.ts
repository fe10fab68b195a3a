import { createReadStream } from 'node:fs'
import { stat } from 'node:fs/promises'
import { Readable } from 'node:stream'
import type { Context } from 'hono'
import { ApiError } from '../errors'

/**
 * The one byte range a `Range` header asks for within `size` bytes (RFC 9110 §14.1.2): `bytes=a-b`, `bytes=a-`,
 * or the last n bytes `bytes=-n`; the end is clipped to the file. 'unsatisfiable' when it starts past the end,
 * null when there is no usable single range (the whole file is then sent, as the RFC allows).
 * rangeOf('bytes=0-126', 1000) → { start: 0, end: 126 }; rangeOf('bytes=-10', 1000) → { start: 990, end: 999 }
 */
export function rangeOf(
  header: string | undefined,
  size: number,
): { start: number; end: number } | 'unsatisfiable' | null {
  const match = header ? /^bytes=(\d*)-(\d*)$/.exec(header.trim()) : null
  if (!match) return null
  const [, from = '', to = ''] = match
  if (from === '' && to === '') return null
  if (from === '') {
    const suffix = Number(to)
    if (suffix === 0) return 'unsatisfiable'
    return { start: Math.max(0, size - suffix), end: size - 1 }
  }
  const start = Number(from)
  const end = to === '' ? size - 1 : Math.min(Number(to), size - 1)
  if (to !== '' && Number(to) < start) return null
  if (start >= size) return 'unsatisfiable'
  return { start, end }
}

function matchesEtag(header: string | undefined, etag: string): boolean {
  return !!header && header.split(',').some((t) => t.trim().replace(/^W\//, '') === etag || t.trim() === '*')
}

/**
 * Answers a GET for the file at `path` with byte ranges: 206 with Content-Range for one range, 200 with the whole
 * file otherwise, 416 for a range past its end, 304 for a matching If-None-Match. The ETag follows the file's size
 * and modification time, so a reader (the pmtiles protocol) notices a replaced archive; `If-Range` with another
 * ETag gets the whole new file.
 */
export async function serveByteRanges(c: Context, path: string, contentType: string): Promise<Response> {
  const info = await stat(path).catch(() => null)
  if (!info?.isFile()) {
    throw new ApiError(404, 'not_found', 'The file is not there', [], {
      'zh-CN': '文件不存在',
      en: 'The file is not there',
    })
  }
  const size = info.size
  const etag = `"${size.toString(16)}-${Math.floor(info.mtimeMs).toString(16)}"`
  c.header('ETag', etag)
  c.header('Accept-Ranges', 'bytes')
  c.header('Cache-Control', 'private, max-age=300')
  if (matchesEtag(c.req.header('if-none-match'), etag)) return c.body(null, 304)
  const ifRange = c.req.header('if-range')
  const range = ifRange && ifRange !== etag ? null : rangeOf(c.req.header('range'), size)
  if (range === 'unsatisfiable') {
    c.header('Content-Range', `bytes */${size}`)
    throw new ApiError(416, 'range_not_satisfiable', `The file has ${size} bytes`, [], {
      'zh-CN': `文件只有 ${size} 字节，请求的范围超出文件末尾`,
      en: `The file has ${size} bytes; the range asked for starts past its end`,
    })
  }
  c.header('Content-Type', contentType)
  const { start, end } = range ?? { start: 0, end: size - 1 }
  c.header('Content-Length', String(Math.max(0, end - start + 1)))
  if (range) c.header('Content-Range', `bytes ${start}-${end}/${size}`)
  if (size === 0) return c.body(null, 200)
  const stream = Readable.toWeb(createReadStream(path, { start, end })) as ReadableStream<Uint8Array>
  return c.body(stream, range ? 206 : 200)
}
