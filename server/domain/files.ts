import { createHash } from 'node:crypto'
import { fileTypeFromBuffer } from 'file-type'
import type { Messages } from './messages'

/** What may be attached to a record: office documents and pictures. */
export const DOCUMENT_TYPES = {
  'application/pdf': 'pdf',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 'docx',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': 'xlsx',
  'image/jpeg': 'jpg',
  'image/png': 'png',
} as const
export type DocumentMediaType = keyof typeof DOCUMENT_TYPES

/** What a phone's camera or gallery gives. */
export const PHOTO_TYPES = ['image/jpeg', 'image/png', 'image/webp'] as const

export const DOCUMENT_MAX_BYTES = 25 * 1024 * 1024
export const PHOTO_MAX_BYTES = 15 * 1024 * 1024
export const PHOTOS_PER_INSPECTION = 10
/** Stored in chunks of this size: a statement never carries a whole file. */
export const CHUNK_BYTES = 256 * 1024

/** What the bytes are (magic numbers), never what the name says; null when it is none of `allowed`. */
export async function detectMediaType(
  bytes: Uint8Array,
  allowed: readonly string[],
): Promise<{ mediaType: string; ext: string } | null> {
  const found = await fileTypeFromBuffer(bytes)
  if (!found || !allowed.includes(found.mime)) return null
  return { mediaType: found.mime, ext: found.ext }
}

export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex')
}

/**
 * Images and PDFs may show in the browser; everything else is downloaded. Nothing is ever served as HTML or SVG:
 * only the types above are stored at all.
 */
export function mayShowInline(mediaType: string): boolean {
  return mediaType === 'application/pdf' || (mediaType.startsWith('image/') && mediaType !== 'image/svg+xml')
}

/** A Content-Disposition header for a stored file name (RFC 6266 with an ASCII fallback and UTF-8 name). */
export function contentDisposition(mediaType: string, name: string): string {
  const kind = mayShowInline(mediaType) ? 'inline' : 'attachment'
  const ascii = name.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_')
  return `${kind}; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`
}

/** A file name as the user sees it: the last path segment, without control characters, at most 255 chars. */
export function cleanFileName(name: string): string {
  const last = name.split(/[\\/]/).pop() ?? ''
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is removed
  const clean = last.replace(/[\u0000-\u001f\u007f]/g, '').trim()
  return clean.slice(0, 255)
}

export const FILE_MESSAGES = {
  unsupported: (allowedNames: string): Messages => ({
    'zh-CN': `文件类型不支持：只接受 ${allowedNames}（按文件内容判断，不看扩展名）`,
    en: `Unsupported file type: only ${allowedNames} are accepted (judged by the file's content, not its name)`,
  }),
  tooLarge: (limitMb: number): Messages => ({
    'zh-CN': `文件超过 ${limitMb} MB`,
    en: `The file is larger than ${limitMb} MB`,
  }),
  empty: {
    'zh-CN': '文件是空的',
    en: 'The file is empty',
  } satisfies Messages,
}
