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
