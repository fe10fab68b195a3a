import { type FormEvent, useId, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { ApiError } from '../../api/client'
import { LanguageSwitch } from '../shell/language-switch'

type LoginPageProps = {
  onLogin: (username: string, password: string) => Promise<void>
}

export function LoginPage({ onLogin }: LoginPageProps) {
  const { t } = useTranslation()
  const id = useId()
  const [username, setUsername] = useState('')
  const [password, setPassword] = useState('')
  const [submitting, setSubmitting] = useState(false)
  const [error, setError] = useState<string | null>(null)

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault()
    setSubmitting(true)
    setError(null)
    try {
      await onLogin(username.trim(), password)
    } catch (caught) {
      if (caught instanceof ApiError && caught.code === 'invalid_credentials') {
        setError(t('auth.invalidCredentials'))
      } else {
        setError(t('auth.failed', { message: caught instanceof Error ? caught.message : String(caught) }))
      }
      setSubmitting(false)
    }
  }

  return (
    <main className="login-page">
      <div className="login-language">
        <LanguageSwitch />
      </div>
      <form className="login-card" onSubmit={submit} aria-labelledby={`${id}-title`}>
        <div className="brand brand-large">
          <span className="brand-mark" aria-hidden="true">
            挂
          </span>
          <div>
            <p className="brand-name">
              {t('app.name')} <span className="brand-latin">{t('app.latinName')}</span>
            </p>
            <p className="brand-subtitle">{t('app.subtitle')}</p>
          </div>
        </div>
        <h1 id={`${id}-title`} className="login-title">
          {t('auth.title')}
        </h1>
        <p className="login-intro">{t('auth.intro')}</p>
        <label className="field" htmlFor={`${id}-username`}>
          <span>{t('auth.username')}</span>
          <input
            id={`${id}-username`}
            name="username"
            autoComplete="username"
            required
            value={username}
            onChange={(event) => setUsername(event.target.value)}
          />
        </label>
        <label className="field" htmlFor={`${id}-password`}>
          <span>{t('auth.password')}</span>
          <input
            id={`${id}-password`}
            name="password"
            type="password"
            autoComplete="current-password"
            required
            value={password}
            onChange={(event) => setPassword(event.target.value)}
          />
        </label>
        {error && (
          <p className="form-error" role="alert">
            {error}
          </p>
        )}
        <button className="button-primary" type="submit" disabled={submitting}>
          {submitting ? t('auth.submitting') : t('auth.submit')}
        </button>
      </form>
    </main>
  )
}
