import { useQuery } from '@tanstack/react-query'
import { type ReactNode, useEffect, useId } from 'react'
import { useTranslation } from 'react-i18next'
import { queries } from '../../api/queries'
import type { Order, Session } from '../../api/types'
import { currentLanguage } from '../../i18n/i18n'
import type { Selection } from '../../map/overlays'
import { InspectionQueue } from '../field/field-section'
import { EscalationBadge } from './escalation-badge'
import { mapTargetOf } from './late-lookup'
import { OrderCard } from './order-card'
import { useLateItems } from './use-late-items'
import './orders.css'

type MyTasksProps = {
  session: Session
  /** opens an item on the map (my tasks closes) */
  onShowOnMap: (selection: Selection) => void
  onClose: () => void
  /** an order to bring into view (chosen in the notification bell); a new nonce each time */
  focus?: { orderId: number; nonce: number } | null
}

/**
 * 我的任务, for every role: the orders to my department (to answer and mark done), the orders I issued (to accept or
 * return), and the late items my department owns with their grades. Beside the map on a wide screen; the whole
 * screen on a phone. Escape closes it.
 */
export function MyTasks({ session, onShowOnMap, onClose, focus = null }: MyTasksProps) {
  const { t } = useTranslation()
  const id = useId()
  const assigned = useQuery({ ...queries.myOrders('assignee'), enabled: session.department !== null })
  const issued = useQuery(queries.myOrders('issuer'))
  const late = useLateItems()
  const department = session.department
  const myLate = department ? (late.data ?? []).filter((item) => item.department_id === department.id) : []
  const leads = session.role === 'leader' || session.role === 'admin'
  const english = currentLanguage() === 'en'

  useEffect(() => {
    const close = (event: KeyboardEvent) => {
      if (event.key === 'Escape' && !document.querySelector('dialog[open]')) onClose()
    }
    document.addEventListener('keydown', close)
    return () => document.removeEventListener('keydown', close)
  }, [onClose])

  const loaded = assigned.data !== undefined || issued.data !== undefined
  useEffect(() => {
    if (!focus || !loaded) return
    document.querySelector(`[data-order-id="${focus.orderId}"]`)?.scrollIntoView({ block: 'nearest' })
  }, [focus, loaded])

  const card = (order: Order) => (
    <li key={order.id}>
      <OrderCard
        order={order}
        session={session}
        onShowOnMap={onShowOnMap}
        focused={focus?.orderId === order.id}
      />
    </li>
  )

  return (
    <section className="tasks-sheet" aria-labelledby={`${id}-title`} data-testid="my-tasks">
      <header className="tasks-head">
        <h2 id={`${id}-title`}>{t('orders.tasks.title')}</h2>
        {department && (
          <span className="secondary">
            {t('orders.tasks.department', {
              name: english && department.name_en ? department.name_en : department.name,
            })}
          </span>
        )}
        <button type="button" className="button-quiet tasks-close" onClick={onClose}>
          {t('orders.tasks.close')}
        </button>
      </header>
      <div className="tasks-body">
        <InspectionQueue />
        <TaskSection title={t('orders.tasks.assigned')} count={assigned.data?.length} name="assigned">
          {!department ? (
            <p className="panel-note">{t('orders.tasks.noDepartment')}</p>
          ) : (
            <Listing query={assigned} empty={t('orders.tasks.assignedNone')} render={card} />
          )}
        </TaskSection>
        {(leads || (issued.data?.length ?? 0) > 0) && (
          <TaskSection title={t('orders.tasks.issued')} count={issued.data?.length} name="issued">
            <Listing query={issued} empty={t('orders.tasks.issuedNone')} render={card} />
          </TaskSection>
        )}
        {department && (
          <TaskSection
            title={t('orders.tasks.late')}
            count={late.data ? myLate.length : undefined}
            name="late"
          >
            {late.isError && !late.data ? (
              <p className="panel-error" role="alert">
                {t('orders.tasks.failed', { message: late.error.message })}
              </p>
            ) : myLate.length === 0 ? (
              <p className="panel-note">
                {late.isPending ? t('orders.tasks.loading') : t('orders.tasks.lateNone')}
              </p>
            ) : (
              <ul className="tasks-late">
                {myLate.map((item) => {
                  const target = mapTargetOf(item)
                  return (
                    <li key={`${item.item_type}:${item.item_id}`}>
                      <button
                        type="button"
                        className="late-item"
                        disabled={!target}
                        onClick={() => target && onShowOnMap(target)}
                      >
                        <span className={`late-kind late-kind-${item.item_type}`}>
                          {t(`orders.itemType.${item.item_type}`)}
                        </span>
                        <span className="late-what">
                          {item.title}
                          {item.item_type === 'milestone' && item.kind && (
                            <span className="late-name">
                              {t(`milestoneKind.${item.kind}` as 'milestoneKind.clearance', {
                                defaultValue: item.kind,
                              })}
                            </span>
                          )}
                        </span>
                        <span className="late-days mono">{item.due_on}</span>
                        <EscalationBadge level={item.level} daysLate={item.days_late} />
                      </button>
                    </li>
                  )
                })}
              </ul>
            )}
          </TaskSection>
        )}
      </div>
    </section>
  )
}

function TaskSection({
  title,
  count,
  name,
  children,
}: {
  title: string
  count: number | undefined
  name: string
  children: ReactNode
}) {
  const { t } = useTranslation()
  const id = useId()
  return (
    <section className="tasks-section" aria-labelledby={id} data-section={name}>
      <h3 id={id}>
        {title}{' '}
        {count !== undefined && <span className="late-count">{t('orders.tasks.count', { count })}</span>}
      </h3>
      {children}
    </section>
  )
}

function Listing({
  query,
  empty,
  render,
}: {
  query: { data?: Order[] | undefined; isPending: boolean; isError: boolean; error: Error | null }
  empty: string
  render: (order: Order) => ReactNode
}) {
  const { t } = useTranslation()
  if (query.isError && !query.data)
    return (
      <p className="panel-error" role="alert">
        {t('orders.tasks.failed', { message: query.error?.message ?? '' })}
      </p>
    )
  if (!query.data) return <p className="panel-note">{t('orders.tasks.loading')}</p>
  if (query.data.length === 0) return <p className="panel-note">{empty}</p>
  return <ol className="order-list">{query.data.map(render)}</ol>
}
