import { useQueryClient } from '@tanstack/react-query'
import { type FormEvent, useId, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { invalidateResources } from '../../api/change-invalidation'
import { type ShownError, useShownError } from '../milestones/shown-error'
import { meetingsApi } from './meetings-api'
import { useDepartments } from './use-departments'

type MeetingFormProps = {
  today: string
  onCreated: (id: number) => void
  onCancel: () => void
}

/** 区领导 and the like, typed in: split on Chinese and Latin commas and enumeration marks. */
function splitNames(text: string): string[] {
  return text
    .split(/[,，、;；\n]/)
    .map((name) => name.trim())
    .filter(Boolean)
}

/** A new meeting: its title, its day, the departments attending (ticked) and anyone else (typed). */
export function MeetingForm({ today, onCreated, onCancel }: MeetingFormProps) {
  const { t } = useTranslation()
  const say = useShownError()
  const id = useId()
  const queryClient = useQueryClient()
  const { departments, nameOf } = useDepartments()
  const [title, setTitle] = useState(() => t('meetings.defaultTitle'))
  const [heldOn, setHeldOn] = useState(today)
  const [attending, setAttending] = useState<string[]>([])
  const [others, setOthers] = useState('')
  const [saving, setSaving] = useState(false)
  const [error, setError] = useState<ShownError | null>(null)

  const toggle = (name: string, on: boolean) =>
    setAttending((current) => (on ? [...current, name] : current.filter((n) => n !== name)))

  const submit = async (event: FormEvent) => {
    event.preventDefault()
    setSaving(true)
    setError(null)
    try {
      const attendees = [...new Set([...splitNames(others), ...attending])]
      const meeting = await meetingsApi.create({ title, held_on: heldOn, attendees })
      await invalidateResources(queryClient, ['meetings'])
      if (meeting) onCreated(meeting.id)
    } catch (caught) {
      setError({ failure: caught })
    } finally {
      setSaving(false)
    }
  }

  return (
    <form className="meeting-form" onSubmit={submit} aria-label={t('meetings.new')}>
      <h3>{t('meetings.new')}</h3>
      <label htmlFor={`${id}-title`}>{t('meetings.fields.title')}</label>
      <input
        id={`${id}-title`}
        required
        maxLength={200}
        value={title}
        onChange={(event) => setTitle(event.target.value)}
      />
      <label htmlFor={`${id}-day`}>{t('meetings.fields.heldOn')}</label>
      <input
        id={`${id}-day`}
        type="date"
        required
        value={heldOn}
        onChange={(event) => setHeldOn(event.target.value)}
      />
      <fieldset className="meeting-attendees">
        <legend>{t('meetings.fields.attendees')}</legend>
        {departments?.map((d) => (
          <label key={d.id} className="chip-check">
            <input
              type="checkbox"
              checked={attending.includes(d.name)}
              onChange={(event) => toggle(d.name, event.target.checked)}
            />
            <span>{nameOf(d.name)}</span>
          </label>
        ))}
      </fieldset>
      <label htmlFor={`${id}-others`}>{t('meetings.fields.others')}</label>
      <input
        id={`${id}-others`}
        value={others}
        placeholder={t('meetings.fields.othersHint')}
        onChange={(event) => setOthers(event.target.value)}
      />
      {error && (
        <p className="panel-error" role="alert">
          {say(error)}
        </p>
      )}
      <div className="decision-form-actions">
        <button type="submit" disabled={saving}>
          {t('meetings.create')}
        </button>
        <button type="button" className="button-quiet" onClick={onCancel}>
          {t('meetings.cancel')}
        </button>
      </div>
    </form>
  )
}
