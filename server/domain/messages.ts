/** The languages the app speaks; zh-CN first. */
export type Language = 'zh-CN' | 'en'

/** One message in every language the app speaks. */
export type Messages = Record<Language, string>
