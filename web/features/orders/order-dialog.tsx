import { useQuery, useQueryClient } from '@tanstack/react-query'
import { type FormEvent, useEffect, useId, useRef, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { addDays } from '../../../server/domain/dates'
import type { OrderItemType } from '../../../server/domain/orders'
import { invalidateResources } from '../../api/change-invalidation'
import { api } from '../../api/client'
import { queries } from '../../api/queries'
import type { OrderDetail } from '../../api/types'
import { currentLanguage } from '../../i18n/i18n'
import { type ShownError, useShownError } from '../milestones/shown-error'
import { useZone } from '../zone/use-zone'

/** What an order is about: the item, its name as the list shows it, and the department that owns it (if any). */
export interface OrderSubject {
  type: OrderItemType
  id: number
  title: string
  departmentId: number | null
}

type OrderDialogProps = {
  subject: OrderSubject
  onIssued: (order: OrderDetail) => void
  onClose: () => void
}

/** A new order's default term: two weeks from the zone's today. */
const DEFAULT_TERM_DAYS = 14

/**
 * 下达督办: a leader orders an item done by a department (the item's owner by default), with instructions and a due
 * date in the zone's calendar (Asia/Shanghai; the zone's today is the earliest).
 */
export function OrderDialog({ subject, onIssued, onClose }: OrderDialogProps) {
  const { t } = useTranslation()
  const say = useShownError()
  const id = useId()
  const queryClient = useQueryClient()
  const dialogRef = useRef<HTMLDialogElement>(null)
  const today = useZone().data?.today
  const departments = useQuery(queries.departments())
  const [departmentId, setDepartmentId] = useState(subject.departmentId ? String(subject.departmentId) : '')
  const [instructions, setInstructions] = useState('')
  const [dueOn, setDueOn] = useState('')
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<ShownError | null>(null)

  useEffect(() => {
    const dialog = dialogRef.current
    if (dialog && !dialog.open) dialog.showModal()
  }, [])
  useEffect(() => {
    if (today) setDueOn((current) => current || addDays(today, DEFAULT_TERM_DAYS))
  }, [today])

  const english = currentLanguage() === 'en'
  const submit = (event: FormEvent) => {
    event.preventDefault()
    setBusy(true)
    setError(null)
    api
      .issueOrder({
        item_type: subject.type,
        item_id: subject.id,
        department_id: Number(departmentId),
        instructions: instructions.trim(),
        due_on: dueOn,
        // the name as the list shows it (the server's default names a milestone by its kind's key)
        title: subject.title.slice(0, 200),
      })
      .then(
        (order) => {
          void invalidateResources(queryClient, ['orders', 'notifications'])
          onIssued(order)
          dialogRef.current?.close()
        },
        (failure: unknown) => setError({ key: 'orders.dialog.failed', failure }),
      )
      .finally(() => setBusy(false))
  }

  return (
    <dialog ref={dialogRef} className="dialog order-dialog" aria-labelledby={`${id}-title`} onClose={onClose}>
      <form onSubmit={submit}>
        <h3 id={`${id}-title`}>{t('orders.dialog.title')}</h3>
        <p className="order-subject">
          <span className="secondary">{t('orders.dialog.item')}</span>{' '}
          <span className={`late-kind late-kind-${subject.type}`}>
            {t(`orders.itemType.${subject.type}`)}
          </span>{' '}
          <strong>{subject.title}</strong>
        </p>
        <div className="form-grid">
          <label htmlFor={`${id}-department`}>{t('orders.dialog.department')}</label>
          <select
            id={`${id}-department`}
            required
            value={departmentId}
            onChange={(e) => setDepartmentId(e.target.value)}
          >
            <option value="">{t('orders.dialog.chooseDepartment')}</option>
            {(departments.data ?? []).map((d) => (
              <option key={d.id} value={d.id}>
                {english && d.name_en ? d.name_en : d.name}
              </option>
            ))}
          </select>
          <label htmlFor={`${id}-instructions`}>{t('orders.dialog.instructions')}</label>
          <textarea
            id={`${id}-instructions`}
            required
            maxLength={2000}
            rows={4}
            placeholder={t('orders.dialog.instructionsHint')}
            value={instructions}
            onChange={(e) => setInstructions(e.target.value)}
          />
          <label htmlFor={`${id}-due`}>{t('orders.dialog.dueOn')}</label>
          <input
            id={`${id}-due`}
            type="date"
            required
            min={today}
            value={dueOn}
            onChange={(e) => setDueOn(e.target.value)}
          />
        </div>
        <p className="panel-note">{t('orders.dialog.dueHint')}</p>
        {departments.isError && (
          <p className="form-error" role="alert">
            {t('orders.dialog.noDepartments', { message: departments.error.message })}
          </p>
        )}
        {error && (
          <p className="form-error" role="alert">
            {say(error)}
          </p>
        )}
        <div className="form-actions">
          <button
            type="submit"
            className="button-small button-accent"
            disabled={busy || !instructions.trim()}
          >
            {t('orders.dialog.submit')}
          </button>
          <button
            type="button"
            className="button-small button-plain"
            onClick={() => dialogRef.current?.close()}
          >
            {t('orders.dialog.cancel')}
          </button>
        </div>
      </form>
    </dialog>
  )
}
