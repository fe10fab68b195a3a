import type { ContentfulStatusCode } from 'hono/utils/http-status'
import { type Language, type MessageKey, type Messages, type Params, say, type Text } from './domain/messages'
import { reasonMessages, reasonText } from './domain/reasons'

export type { Language }

export interface ErrorDetail {
  [key: string]: unknown
}

/**
 * Thrown where a request cannot be served; app.onError turns it into the one error shape. The answer's message is
 * in the caller's language (Accept-Language, zh-CN by default): from the catalogue when the error carries a
 * `text` (see `fail`), else from `messages`; `message` is the English.
 */
export class ApiError extends Error {
  constructor(
    readonly status: ContentfulStatusCode,
    readonly code: string,
    message: string,
    readonly details: ErrorDetail[] = [],
    readonly messages?: Messages,
    readonly text?: Text,
  ) {
    super(message)
  }

  messageIn(language: Language): string {
    if (this.text) return say(this.text.key, this.text.params, language)
    return this.messages?.[language] ?? this.message
  }
}

/**
 * The error to throw: its stable `code`, and what it says as a catalogue key with parameters
 * (server/domain/messages.ts). `throw fail(404, 'not_found', 'parcel.not_found', { id })`
 */
export function fail(
  status: ContentfulStatusCode,
  code: string,
  key: MessageKey,
  params: Params = {},
  details: ErrorDetail[] = [],
): ApiError {
  return new ApiError(status, code, say(key, params, 'en'), details, undefined, { key, params })
}

/**
 * Details in one language: a detail with a `reason` (an import row's, a check's) gets `reason` in `language`
 * and `reason_key` + `params` when the reason is one the catalogue knows; the English stays in `reason_en`.
 */
export function localizeDetails<D extends object>(details: readonly D[], language: Language): D[] {
  return details.map((detail) => {
    const reason = (detail as { reason?: unknown }).reason
    if (typeof reason !== 'string') return detail
    const text = reasonText(reason)
    return {
      ...detail,
      reason: reasonMessages(reason)[language],
      reason_en: reason,
      ...(text ? { reason_key: text.key, reason_params: text.params ?? {} } : {}),
    }
  })
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

export function errorBody(code: string, message: string, details: ErrorDetail[] = [], text?: Text) {
  return { error: { code, message, details, ...(text ? { key: text.key, params: text.params ?? {} } : {}) } }
}

/** 409 version_conflict: the record changed since the client read it; details carry the current record. */
export function versionConflict(current: unknown, sentVersion: number | undefined) {
  return fail(409, 'version_conflict', 'request.version_conflict', { version: sentVersion ?? '?' }, [
    { current },
  ])
}

/** The version a write is based on: `version` in the body, else an `If-Match` header ("3" or W/"3"). */
export function expectedVersion(bodyVersion: number | undefined, ifMatch: string | undefined): number {
  if (bodyVersion !== undefined) return bodyVersion
  const match = ifMatch ? /^(?:W\/)?"?(\d+)"?$/.exec(ifMatch.trim()) : null
  if (match?.[1]) return Number(match[1])
  throw fail(400, 'validation_failed', 'request.version_required', {}, [
    { path: 'version', message: 'required' },
  ])
}

/** The body of 404 `not_found` for a path no route serves, in the caller's language. */
export function noRouteBody(method: string, path: string, acceptLanguage: string | undefined) {
  const params = { method, path }
  return errorBody('not_found', say('request.no_route', params, preferredLanguage(acceptLanguage)), [], {
    key: 'request.no_route',
    params,
  })
}

/**
 * 400 `invalid_geometry` for a problem PostGIS found, said in every language ("geometry overlaps parcel A-1" →
 * 与地块 A-1 重叠; GEOS reasons such as Self-intersection → 自相交).
 */
export function geometryError(problem: string): ApiError {
  const text = reasonText(problem)
  return text
    ? new ApiError(400, 'invalid_geometry', problem, [], undefined, text)
    : new ApiError(400, 'invalid_geometry', problem, [], { 'zh-CN': problem, en: problem })
}
