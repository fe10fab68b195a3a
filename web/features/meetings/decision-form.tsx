import { useQueryClient } from '@tanstack/react-query'
import { type FormEvent, useId, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { addDays } from '../../../server/domain/dates'
import type { OrderItemType } from '../../../server/domain/orders'
import { invalidateResources } from '../../api/change-invalidation'
import { type ShownError, useShownError } from '../milestones/shown-error'
import { type AgendaOrder, meetingsApi } from './meetings-api'
import { useDepartments } from './use-departments'

/** What a decision is about: an agenda item as an order names it, its title as the agenda shows it, its department. */
export type DecisionTarget = {
  item_type: OrderItemType
  item_id: number
  title: string
  department_id: number | null
}

type DecisionFormProps = {
  meetingId: number
  target: DecisionTarget
  /** the zone's today: the due date may not be before it */
  today: string
  onDone: (order: AgendaOrder) => void
  onCancel: () => void
}

/** A decision of the meeting on one agenda item: to a department, with instructions and a due date → an order. */
export function DecisionForm({ meetingId, target, today, onDone, onCancel }: DecisionFormProps) {
  const { t } = useTranslation()
  const say = useShownError()
  const id = useId()
  const queryClient = useQueryClient()
  const { departments, nameOf } = useDepartments()
  const [department, setDepartment] = useState(target.department_id ? String(target.department_id) : '')
  const [instructions, setInstructions] = useState('')
  const [dueOn, setDueOn] = useState(addDays(today, 14))
  const [saving, setSaving] = useState(false)
  const [error, setError] = useState<ShownError | null>(null)

  const submit = async (event: FormEvent) => {
    event.preventDefault()
    setSaving(true)
    setError(null)
    try {
      const order = await meetingsApi.decide(meetingId, {
        item_type: target.item_type,
        item_id: target.item_id,
        department_id: Number(department),
        instructions,
        due_on: dueOn,
        // the order is named as the agenda names its item (the server's default name is the bare record's)
        title: target.title.slice(0, 200),
      })
      await invalidateResources(queryClient, ['meetings', 'orders'])
      onDone(order)
    } catch (caught) {
      setError({ failure: caught })
    } finally {
      setSaving(false)
    }
  }

  return (
    <form
      className="decision-form"
      onSubmit={submit}
      aria-label={t('meetings.decision.title', { item: target.title })}
    >
      <p className="decision-form-title">{t('meetings.decision.title', { item: target.title })}</p>
      <label htmlFor={`${id}-department`}>{t('meetings.decision.department')}</label>
      <select
        id={`${id}-department`}
        required
        value={department}
        onChange={(event) => setDepartment(event.target.value)}
      >
        <option value="">{t('meetings.decision.chooseDepartment')}</option>
        {departments?.map((d) => (
          <option key={d.id} value={d.id}>
            {nameOf(d.name)}
          </option>
        ))}
      </select>
      <label htmlFor={`${id}-instructions`}>{t('meetings.decision.instructions')}</label>
      <textarea
        id={`${id}-instructions`}
        required
        maxLength={2000}
        rows={3}
        value={instructions}
        onChange={(event) => setInstructions(event.target.value)}
      />
      <label htmlFor={`${id}-due`}>{t('meetings.decision.dueOn')}</label>
      <input
        id={`${id}-due`}
        type="date"
        required
        min={today}
        value={dueOn}
        onChange={(event) => setDueOn(event.target.value)}
      />
      {error && (
        <p className="panel-error" role="alert">
          {say(error)}
        </p>
      )}
      <div className="decision-form-actions">
        <button type="submit" disabled={saving}>
          {saving ? t('meetings.decision.saving') : t('meetings.decision.submit')}
        </button>
        <button type="button" className="button-quiet" onClick={onCancel}>
          {t('meetings.cancel')}
        </button>
      </div>
    </form>
  )
}
