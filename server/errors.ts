import type { ContentfulStatusCode } from 'hono/utils/http-status'
import type { Language, Messages } from './domain/messages'

export type { Language }

export interface ErrorDetail {
  [key: string]: unknown
}

/**
 * Thrown where a request cannot be served; app.onError turns it into the one error shape. With `messages`, the
 * answer's message is in the caller's language (Accept-Language, zh-CN by default); `message` is the English.
 */
export class ApiError extends Error {
  constructor(
    readonly status: ContentfulStatusCode,
    readonly code: string,
    message: string,
    readonly details: ErrorDetail[] = [],
    readonly messages?: Messages,
  ) {
    super(message)
  }

  messageIn(language: Language): string {
    return this.messages?.[language] ?? this.message
  }
}

/** zh-CN unless Accept-Language ranks English above Chinese ("en", "en-US,en;q=0.9,zh;q=0.8"). */
export function preferredLanguage(acceptLanguage: string | undefined): Language {
  let best: { language: Language; q: number } = { language: 'zh-CN', q: 0 }
  for (const part of (acceptLanguage ?? '').split(',')) {
    const [tag = '', ...params] = part.trim().toLowerCase().split(';')
    const q = Number(
      params
        .find((p) => p.trim().startsWith('q='))
        ?.trim()
        .slice(2) ?? 1,
    )
    const language: Language | null = tag.startsWith('zh') ? 'zh-CN' : tag.startsWith('en') ? 'en' : null
    if (language && q > best.q) best = { language, q }
  }
  return best.language
}

export function errorBody(code: string, message: string, details: ErrorDetail[] = []) {
  return { error: { code, message, details } }
}

/** 409 version_conflict: the record changed since the client read it; details carry the current record. */
export function versionConflict(current: unknown, sentVersion: number | undefined) {
  return new ApiError(
    409,
    'version_conflict',
    `This record was changed by someone else (you sent version ${sentVersion ?? '?'}); reload it and apply your change again`,
    [{ current }],
  )
}

/** The version a write is based on: `version` in the body, else an `If-Match` header ("3" or W/"3"). */
export function expectedVersion(bodyVersion: number | undefined, ifMatch: string | undefined): number {
  if (bodyVersion !== undefined) return bodyVersion
  const match = ifMatch ? /^(?:W\/)?"?(\d+)"?$/.exec(ifMatch.trim()) : null
  if (match?.[1]) return Number(match[1])
  throw new ApiError(
    400,
    'validation_failed',
    'Send the version you edited, as "version" in the body or If-Match',
    [{ path: 'version', message: 'required' }],
  )
}
