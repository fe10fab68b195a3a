import { type FormEvent, useId, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { api } from '../../api/client'
import type { InfrastructureDetail } from '../../api/types'
import { type ShownError, useShownError } from '../milestones/shown-error'

type ProgressFormProps = {
  itemId: number
  today: string
  current: number
  /** the item's version the form was shown at: a report on a stale item is refused (409) */
  version: number
  onReported: (detail: InfrastructureDetail) => void
}

/** Land officers and admins report progress: a date up to today and a percentage 0–100; the server has the last word. */
export function ProgressForm({ itemId, today, current, version, onReported }: ProgressFormProps) {
  const { t } = useTranslation()
  const say = useShownError()
  const id = useId()
  const [on, setOn] = useState(today)
  const [pct, setPct] = useState(String(current))
  const [note, setNote] = useState('')
  const [error, setError] = useState<ShownError | null>(null)
  const [busy, setBusy] = useState(false)

  const submit = async (event: FormEvent) => {
    event.preventDefault()
    setError(null)
    const value = Number(pct)
    if (!on || on > today) return setError({ key: 'leader.infra.dateAfterToday', params: { today } })
    if (pct.trim() === '' || !Number.isFinite(value) || value < 0 || value > 100)
      return setError({ key: 'leader.infra.pctRange' })
    setBusy(true)
    try {
      const detail = await api.reportProgress(itemId, {
        on,
        progress_pct: value,
        version,
        ...(note.trim() ? { note: note.trim() } : {}),
      })
      setNote('')
      onReported(detail)
    } catch (failure) {
      setError({ failure })
    } finally {
      setBusy(false)
    }
  }

  return (
    <form className="progress-form" onSubmit={submit} aria-labelledby={`${id}-title`} noValidate>
      <h3 id={`${id}-title`}>{t('leader.infra.report')}</h3>
      <div className="form-row">
        <label htmlFor={`${id}-on`}>{t('leader.infra.on')}</label>
        <input
          id={`${id}-on`}
          type="date"
          max={today}
          value={on}
          onChange={(e) => setOn(e.target.value)}
          required
        />
      </div>
      <div className="form-row">
        <label htmlFor={`${id}-pct`}>{t('leader.infra.pct')}</label>
        <input
          id={`${id}-pct`}
          type="number"
          min={0}
          max={100}
          step={1}
          value={pct}
          onChange={(e) => setPct(e.target.value)}
          required
        />
      </div>
      <div className="form-row">
        <label htmlFor={`${id}-note`}>{t('leader.infra.note')}</label>
        <input
          id={`${id}-note`}
          type="text"
          value={note}
          maxLength={500}
          onChange={(e) => setNote(e.target.value)}
        />
      </div>
      {error && (
        <p className="panel-error" role="alert">
          {say(error)}
        </p>
      )}
      <button type="submit" className="button-primary" disabled={busy}>
        {busy ? t('leader.infra.saving') : t('leader.infra.save')}
      </button>
    </form>
  )
}
