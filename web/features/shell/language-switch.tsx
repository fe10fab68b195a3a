import { useTranslation } from 'react-i18next'
import { currentLanguage, LANGUAGES, setLanguage } from '../../i18n/i18n'

/** 中文 / English buttons; the choice is remembered in localStorage. */
export function LanguageSwitch() {
  const { t, i18n } = useTranslation()
  const active = i18n.resolvedLanguage ? currentLanguage() : 'zh-CN'
  return (
    <fieldset className="language-switch">
      <legend className="visually-hidden">{t('header.language')}</legend>
      {LANGUAGES.map((language) => (
        <button
          key={language}
          type="button"
          lang={language}
          aria-pressed={active === language}
          onClick={() => setLanguage(language)}
        >
          {t(`language.${language}`)}
        </button>
      ))}
    </fieldset>
  )
}
