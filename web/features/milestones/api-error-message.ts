import { isMessageKey, type Language, type Params, say } from '../../../server/domain/messages'
import { ApiError } from '../../api/client'

function interfaceLanguage(): Language {
  const lang = typeof document === 'undefined' ? '' : document.documentElement.lang
  return lang === 'en' ? 'en' : 'zh-CN'
}

/**
 * A catalogue message in the interface's language when the web knows its key (the server's catalogue,
 * server/domain/messages.ts), else the text the server sent.
 */
export function catalogueText(
  key: unknown,
  params: unknown,
  fallback: string,
  language = interfaceLanguage(),
) {
  return isMessageKey(key) ? say(key, (params ?? {}) as Params, language) : fallback
}

/** An API error as one line for a person: its message followed by the reasons in its details. */
export function apiErrorMessage(error: unknown, language: Language = interfaceLanguage()): string {
  if (!(error instanceof ApiError)) return error instanceof Error ? error.message : String(error)
  const message = catalogueText(error.key, error.params, error.message, language)
  const reasons = error.details
    .map((detail) => {
      if (typeof detail === 'string') return detail
      if (detail && typeof detail === 'object') {
        const record = detail as {
          message?: unknown
          reason?: unknown
          reason_key?: unknown
          reason_params?: unknown
          path?: unknown
        }
        const said = record.reason ?? record.message
        const text =
          typeof said === 'string'
            ? catalogueText(record.reason_key, record.reason_params, said, language)
            : said
        if (typeof text === 'string')
          return Array.isArray(record.path) ? `${record.path.join('.')}: ${text}` : text
      }
      return null
    })
    .filter((text): text is string => Boolean(text) && text !== error.message && text !== message)
  // the message of a field check already names the field and its reason
  const unique = [...new Set(reasons)].filter((text) => !message.includes(text))
  return unique.length > 0 ? `${message} (${unique.join('; ')})` : message
}

/** An API error's own message, without its details (for where the details are shown beside it). */
export function apiErrorHeadline(error: unknown, language: Language = interfaceLanguage()): string {
  if (!(error instanceof ApiError)) return error instanceof Error ? error.message : String(error)
  return catalogueText(error.key, error.params, error.message, language)
}
