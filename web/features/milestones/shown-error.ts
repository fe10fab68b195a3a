import type { ParseKeys, TFunction } from 'i18next'
import { useCallback } from 'react'
import { useTranslation } from 'react-i18next'
import type { Language } from '../../../server/domain/messages'
import { apiErrorMessage } from './api-error-message'

/**
 * An error kept for the screen as what it is, not as words: an interface message (its key and parameters), the
 * API's refusal (its key and parameters travel in the ApiError), or both — the refusal then said as the message's
 * {{message}}. It is put into words when drawn, so a switch of language says an error already shown again in the
 * new language.
 */
export type ShownError = {
  key?: ParseKeys
  params?: Record<string, string | number>
  /** the API's refusal (an ApiError, or any thrown value) */
  failure?: unknown
}

/** A shown error in words, in `language`: e.g. `{ key: 'milestoneForm.failed', failure }` → "保存失败：…". */
export function shownErrorText(shown: ShownError, t: TFunction, language: Language): string {
  const message = 'failure' in shown ? apiErrorMessage(shown.failure, language) : undefined
  if (!shown.key) return message ?? ''
  return t(shown.key, { ...shown.params, ...(message === undefined ? {} : { message }) }) as string
}

/** Says shown errors in the interface's current language; a component using it re-renders on a switch. */
export function useShownError(): (shown: ShownError) => string {
  const { t, i18n } = useTranslation()
  const language: Language = i18n.resolvedLanguage === 'en' ? 'en' : 'zh-CN'
  return useCallback((shown: ShownError) => shownErrorText(shown, t, language), [t, language])
}
