import { ApiError } from '../../api/client'

/** An API error as one line for a person: its message followed by the reasons in its details. */
export function apiErrorMessage(error: unknown): string {
  if (!(error instanceof ApiError)) return error instanceof Error ? error.message : String(error)
  const reasons = error.details
    .map((detail) => {
      if (typeof detail === 'string') return detail
      if (detail && typeof detail === 'object') {
        const record = detail as { message?: unknown; reason?: unknown; path?: unknown }
        const text = record.reason ?? record.message
        if (typeof text === 'string')
          return Array.isArray(record.path) ? `${record.path.join('.')}: ${text}` : text
      }
      return null
    })
    .filter((text): text is string => Boolean(text) && text !== error.message)
  return reasons.length > 0 ? `${error.message} (${reasons.join('; ')})` : error.message
}
