import i18n from 'i18next'
import { initReactI18next } from 'react-i18next'
import { en } from './en'
import { zhCN } from './zh-CN'

export const LANGUAGES = ['zh-CN', 'en'] as const
export type Language = (typeof LANGUAGES)[number]

const STORAGE_KEY = 'guatu.language'

declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'translation'
    resources: { translation: typeof zhCN }
  }
}

function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && (LANGUAGES as readonly string[]).includes(value)
}

function storedLanguage(): Language {
  try {
    const value = window.localStorage.getItem(STORAGE_KEY)
    if (isLanguage(value)) return value
  } catch {
    // storage can be unavailable (private mode, sandboxed frames): fall back to Chinese
  }
  return 'zh-CN'
}

const initial = storedLanguage()
document.documentElement.lang = initial

void i18n.use(initReactI18next).init({
  resources: { 'zh-CN': { translation: zhCN }, en: { translation: en } },
  lng: initial,
  fallbackLng: 'zh-CN',
  initAsync: false,
  interpolation: { escapeValue: false },
})

/** Switches the interface language and remembers the choice in localStorage. */
export function setLanguage(language: Language): void {
  try {
    window.localStorage.setItem(STORAGE_KEY, language)
  } catch {
    // not remembered, but the switch still applies to this page
  }
  document.documentElement.lang = language
  void i18n.changeLanguage(language)
}

export function currentLanguage(): Language {
  return isLanguage(i18n.resolvedLanguage) ? i18n.resolvedLanguage : 'zh-CN'
}

export { i18n }
