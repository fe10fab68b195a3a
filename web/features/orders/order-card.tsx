import { useQuery, useQueryClient } from '@tanstack/react-query'
import { useId, useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { OrderAction } from '../../../server/domain/orders'
import { invalidateResources } from '../../api/change-invalidation'
import { ApiError, api } from '../../api/client'
import { queries } from '../../api/queries'
import type { Order, OrderDetail, Session } from '../../api/types'
import { formatTimestamp } from '../../i18n/formatters'
import { currentLanguage } from '../../i18n/i18n'
import type { Selection } from '../../map/overlays'
import { DocumentsSection } from '../field/documents-section'
import { type ShownError, useShownError } from '../milestones/shown-error'
import { EscalationBadge } from './escalation-badge'
import { InspectionTask, sendWaitingFor } from './inspection-task'

type OrderCardProps = {
  order: Order
  session: Session
  /** opens the order's item on the map */
  onShowOnMap?: (selection: Selection) => void
  /** the order chosen in the notification bell: outlined */
  focused?: boolean
}

/** Where an order's item opens on the map: infrastructure itself, a blocker's or project's project, else its parcel. */
export function orderMapTarget(order: Pick<Order, 'item_type' | 'item_id' | 'parcel_id' | 'project_id'>) {
  if (order.item_type === 'infrastructure') return { kind: 'infrastructure', id: order.item_id } as const
  if (order.project_id !== null) return { kind: 'project', id: order.project_id } as const
  if (order.parcel_id !== null) return { kind: 'parcel', id: order.parcel_id } as const
  return null
}

/** What the signed-in user may do to an order now (server/domain/orders.ts decides again). */
function allowedActions(order: Order, session: Session): OrderAction[] {
  const open = order.status === 'issued' || order.status === 'in_progress' || order.status === 'returned'
  const department =
    session.role === 'admin' || (session.department !== null && session.department.id === order.department_id)
  const leader = session.role === 'admin' || session.role === 'leader' || session.username === order.issued_by
  return [
    ...(department && open ? (['respond', 'done'] as const) : []),
    ...(leader && order.status === 'done' ? (['accept', 'return'] as const) : []),
  ]
}

/** Who may attach papers to an order: its department, its issuer, leaders and admins (the order's parties). */
function mayAttach(order: Order, session: Session): boolean {
  return (
    session.role === 'admin' ||
    session.role === 'leader' ||
    session.username === order.issued_by ||
    (session.department !== null && session.department.id === order.department_id)
  )
}

/**
 * One order: what, to whom, due when, its grade while open, its thread of notes, and the steps the user may take
 * (报送进展 and 办结 for its department, 验收 and 退回 for leaders), each with a note. A step on a stale version
 * (409) shows the order as it is now and keeps the note typed. Below: a 巡查任务's inspections (记录巡查 for the
 * department), and the order's attachments (附件) with their versions.
 */
export function OrderCard({ order, session, onShowOnMap, focused = false }: OrderCardProps) {
  const { t } = useTranslation()
  const say = useShownError()
  const id = useId()
  const queryClient = useQueryClient()
  const detail = useQuery(queries.order(order.id))
  const shown: Order = detail.data ?? order
  const [note, setNote] = useState('')
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<ShownError | null>(null)
  const [conflict, setConflict] = useState<number | null>(null)
  const actions = allowedActions(shown, session)
  const target = orderMapTarget(shown)
  const english = currentLanguage() === 'en'

  const act = async (action: OrderAction) => {
    const text = note.trim()
    if (action === 'return' && !text) return setError({ key: 'orders.order.returnNeedsReason' })
    if (action === 'respond' && !text) return setError({ key: 'orders.order.respondNeedsNote' })
    setBusy(true)
    setError(null)
    // a 巡查任务 counts only the inspections the server has: send those still on this device first
    if (action === 'done' && shown.kind === 'inspection') {
      const waiting = await sendWaitingFor(shown.id)
      if (waiting > 0) {
        setBusy(false)
        return setError({ key: 'orders.inspection.notSent', params: { count: waiting } })
      }
    }
    return api
      .actOnOrder(shown.id, { action, version: shown.version, ...(text ? { note: text } : {}) })
      .then(
        (after) => {
          queryClient.setQueryData(queries.order(shown.id).queryKey, after)
          setNote('')
          setConflict(null)
          void invalidateResources(queryClient, ['orders', 'notifications'])
        },
        (failure: unknown) => {
          const current =
            failure instanceof ApiError && failure.code === 'version_conflict'
              ? (failure.details[0] as { current?: OrderDetail } | undefined)?.current
              : undefined
          if (current) {
            // the order as it is now; the note stays as typed, to be sent again on the new version
            queryClient.setQueryData(queries.order(shown.id).queryKey, current)
            setConflict(current.version)
            void invalidateResources(queryClient, ['orders'])
            return
          }
          setError({ key: 'orders.order.failed', failure })
        },
      )
      .finally(() => setBusy(false))
  }

  const open = shown.status === 'issued' || shown.status === 'in_progress' || shown.status === 'returned'
  return (
    <article
      className="order-card"
      data-order-id={shown.id}
      data-status={shown.status}
      data-focused={focused ? 'true' : undefined}
      aria-labelledby={`${id}-t`}
    >
      <header className="order-card-head">
        <h4 id={`${id}-t`}>
          <span className={`late-kind late-kind-${shown.item_type}`}>
            {t(`orders.itemType.${shown.item_type}`)}
          </span>{' '}
          {shown.kind === 'inspection' && (
            <span className="order-kind-inspection">{t('orders.inspection.kind')}</span>
          )}{' '}
          {shown.title}
        </h4>
        <span className={`order-status order-status-${shown.status}`}>
          {t(`orders.status.${shown.status}`)}
        </span>
        {open && <EscalationBadge level={shown.level} daysLate={shown.days_late} />}
      </header>
      <p className="order-meta secondary">
        {t('orders.order.to', {
          department: english && shown.department_en ? shown.department_en : shown.department,
        })}
        {' · '}
        <span className="mono">{t('orders.order.due', { date: shown.due_on })}</span>
        {shown.days_late > 0 && (
          <strong className="overdue-label"> {t('orders.order.daysLate', { days: shown.days_late })}</strong>
        )}
        {' · '}
        {t('orders.order.issuedBy', { who: shown.issued_by, date: shown.issued_on })}
      </p>
      <p className="order-instructions">{shown.instructions}</p>
      {detail.data && detail.data.notes.length > 1 && (
        <ol className="order-thread" aria-label={t('orders.order.thread')}>
          {detail.data.notes.slice(1).map((n) => (
            <li key={n.id} data-action={n.action}>
              <span className={`order-step order-step-${n.action}`}>
                {t(`orders.order.action.${n.action}`)}
              </span>{' '}
              <span className="secondary">
                {n.actor} · <span className="mono">{formatTimestamp(n.at)}</span>
              </span>
              {n.note && <p>{n.note}</p>}
            </li>
          ))}
        </ol>
      )}
      {conflict !== null && (
        <p className="panel-error" role="alert">
          {t('orders.order.conflict', { version: conflict })}
        </p>
      )}
      {actions.length > 0 && (
        <div className="order-act">
          <label htmlFor={`${id}-note`} className="visually-hidden">
            {t('orders.order.note')}
          </label>
          <textarea
            id={`${id}-note`}
            rows={2}
            maxLength={2000}
            placeholder={t('orders.order.notePlaceholder')}
            value={note}
            onChange={(e) => setNote(e.target.value)}
          />
          <div className="form-actions">
            {actions.map((action) => (
              <button
                key={action}
                type="button"
                className={
                  action === 'done' || action === 'accept' ? 'button-small button-accent' : 'button-small'
                }
                disabled={busy}
                onClick={() => void act(action)}
              >
                {t(`orders.order.${action}`)}
              </button>
            ))}
          </div>
        </div>
      )}
      {error && (
        <p className="form-error" role="alert">
          {say(error)}
        </p>
      )}
      {shown.kind === 'inspection' && <InspectionTask order={shown} canRecord={actions.includes('done')} />}
      <DocumentsSection
        subject={{ type: 'order', id: shown.id }}
        canWrite={mayAttach(shown, session)}
        title={t('orders.order.documents')}
        level="h5"
      />
      {target && onShowOnMap && (
        <button type="button" className="button-quiet order-map" onClick={() => onShowOnMap(target)}>
          {t('orders.order.showOnMap')}
        </button>
      )}
    </article>
  )
}
