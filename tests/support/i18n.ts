import i18next from 'i18next'
import { en } from '../../web/i18n/en'
import { zhCN } from '../../web/i18n/zh-CN'

// the app's own messages in both languages, without the browser's language detection
const i18n = i18next.createInstance()
void i18n.init({
  resources: { 'zh-CN': { translation: zhCN }, en: { translation: en } },
  lng: 'zh-CN',
  initAsync: false,
  interpolation: { escapeValue: false },
})
export const zh = i18n.getFixedT('zh-CN')
export const english = i18n.getFixedT('en')
