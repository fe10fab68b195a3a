import type { ContentfulStatusCode } from 'hono/utils/http-status'

export interface ErrorDetail {
  [key: string]: unknown
}

/** Thrown where a request cannot be served; app.onError turns it into the one error shape. */
export class ApiError extends Error {
  constructor(
    readonly status: ContentfulStatusCode,
    readonly code: string,
    message: string,
    readonly details: ErrorDetail[] = [],
  ) {
    super(message)
  }
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
