import { useQuery } from '@tanstack/react-query'
import { type ReactNode, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { wanToYi } from '../../../server/domain/units'
import { formatTimestamp } from '../../i18n/formatters'
import { apiErrorMessage } from '../milestones/api-error-message'
import { EscalationBadge } from '../orders/escalation-badge'
import { orderTargetOf } from '../orders/late-lookup'
import { DecisionForm, type DecisionTarget } from './decision-form'
import { type AgendaLateItem, type AgendaOrder, meetingQueries, meetingsApi } from './meetings-api'
import { useDepartments } from './use-departments'

type MeetingAgendaProps = {
  meetingId: number
  /** leaders (and admins) record decisions; everyone else reads */
  canDecide: boolean
  today: string
  onSelectParcel?: (id: number) => void
}

/** Changes listed per kind before "n more not listed": the minutes carry the counts. */
const LISTED_CHANGES = 8

/**
 * A meeting's agenda, generated from the data (issue 16): what changed since the previous meeting, the late items by
 * department with their levels, the open blockers and orders, and this meeting's decisions. On any item a leader
 * records a decision, which becomes an order; the minutes download as DOCX and PDF. A past meeting's agenda is the one
 * frozen at the day's turn after it (all but its decisions, which show their progress now), and says so.
 */
export function MeetingAgenda({ meetingId, canDecide, today, onSelectParcel }: MeetingAgendaProps) {
  const { t } = useTranslation()
  const { nameOf } = useDepartments()
  const agenda = useQuery(meetingQueries.agenda(meetingId))
  // the item whose decision form is open, by its key in the agenda
  const [deciding, setDeciding] = useState<string | null>(null)
  const [saved, setSaved] = useState<AgendaOrder | null>(null)

  if (agenda.isPending) return <p className="panel-note">{t('meetings.loading')}</p>
  if (agenda.isError)
    return (
      <p className="panel-error" role="alert">
        {t('panel.failed', { message: apiErrorMessage(agenda.error) })}
      </p>
    )
  const { meeting, changes } = agenda.data

  /** The "record a decision" button of an item, and its form under it while open. */
  const decide = (key: string, target: DecisionTarget): ReactNode => {
    if (!canDecide) return null
    if (deciding !== key)
      return (
        <button
          type="button"
          className="button-small agenda-decide"
          onClick={() => {
            setSaved(null)
            setDeciding(key)
          }}
          aria-label={`${t('meetings.decide')}：${target.title}`}
        >
          {t('meetings.decide')}
        </button>
      )
    return (
      <DecisionForm
        meetingId={meetingId}
        target={target}
        today={today}
        onDone={(order) => {
          setDeciding(null)
          setSaved(order)
        }}
        onCancel={() => setDeciding(null)}
      />
    )
  }

  const lateTarget = (item: AgendaLateItem): DecisionTarget | null => {
    const target = orderTargetOf(item)
    if (target)
      return {
        item_type: target.type,
        item_id: target.id,
        title:
          item.item_type === 'blocker' || item.item_type === 'follow_up'
            ? item.title
            : `${item.title} ${lateWhat(item)}`,
        department_id: item.department_id,
      }
    if (item.item_type !== 'order') return null
    // a late order is decided on again as the item it is about
    const order = agenda.data.open_orders.find((o) => o.id === item.item_id)
    return order
      ? {
          item_type: order.item_type,
          item_id: order.item_id,
          title: order.title,
          department_id: order.department_id,
        }
      : null
  }

  const lateWhat = (item: AgendaLateItem) => {
    if (item.item_type === 'milestone' && item.kind)
      return t(`milestoneKind.${item.kind}` as 'milestoneKind.acquisition')
    if (item.item_type === 'infrastructure' && item.kind)
      return t(`infrastructureKind.${item.kind}` as 'infrastructureKind.road')
    return t(`meetings.itemType.${item.item_type}`)
  }

  return (
    <article className="meeting-agenda" aria-label={meeting.title}>
      <header className="meeting-agenda-header">
        <h3>{meeting.title}</h3>
        <p>
          <span className="mono">{meeting.held_on}</span> ·{' '}
          {meeting.attendees.length
            ? t('meetings.attendeesLine', { list: meeting.attendees.map(nameOf).join('、') })
            : t('meetings.noAttendees')}
        </p>
        <p className="secondary">
          {agenda.data.previous
            ? t('meetings.previous', {
                date: agenda.data.previous.held_on,
                title: agenda.data.previous.title,
              })
            : t('meetings.noPrevious')}{' '}
          · {t('meetings.asOf', { date: agenda.data.as_of })}
        </p>
        {agenda.data.frozen_at && (
          // frozen at the day's turn after the meeting: its zone day, without the hour (midnight or start-up)
          <p className="secondary meeting-frozen" data-frozen-at={agenda.data.frozen_at}>
            {t('meetings.frozen', { date: formatTimestamp(agenda.data.frozen_at).slice(0, 10) })}
          </p>
        )}
        <div className="meeting-minutes">
          <a className="button-small" href={meetingsApi.minutesUrl(meetingId, 'docx')} download>
            {t('meetings.minutes.docx')}
          </a>
          <a className="button-small" href={meetingsApi.minutesUrl(meetingId, 'pdf')} download>
            {t('meetings.minutes.pdf')}
          </a>
        </div>
      </header>

      {saved && (
        <p className="panel-note meeting-saved" role="status">
          {t('meetings.decision.saved', { id: saved.id })}
        </p>
      )}

      <section className="agenda-section" aria-label={t('meetings.sections.changes')}>
        <h4>{t('meetings.sections.changes')}</h4>
        <p>
          {t('meetings.changes.signed', {
            count: changes.signed.count,
            amount: wanToYi(Number(changes.signed.investment_wan)).toFixed(2),
          })}
        </p>
        <details className="agenda-changes">
          <summary className="agenda-subhead">
            {t('meetings.changes.stageMoves', { count: changes.stage_moves.length })}
          </summary>
          <ul className="agenda-items">
            {changes.stage_moves.slice(0, LISTED_CHANGES).map((move) => (
              <li key={`${move.project_id}:${move.stage}:${move.entered_on}`}>
                <div className="agenda-item">
                  <span className="mono">{move.entered_on}</span>
                  <span className="agenda-item-title">{move.name}</span>
                  <span>→ {t(`projectStage.${move.stage}` as 'projectStage.lead')}</span>
                </div>
                {decide(`stage:${move.project_id}:${move.entered_on}`, {
                  item_type: 'project',
                  item_id: move.project_id,
                  title: move.name,
                  department_id: null,
                })}
              </li>
            ))}
          </ul>
          <More count={changes.stage_moves.length - LISTED_CHANGES} />
        </details>
        <details className="agenda-changes">
          <summary className="agenda-subhead">
            {t('meetings.changes.milestonesDone', { count: changes.milestones_done.length })}
          </summary>
          <ul className="agenda-items">
            {changes.milestones_done.slice(0, LISTED_CHANGES).map((done) => (
              <li key={`${done.parcel_id}:${done.kind}`}>
                <div className="agenda-item">
                  <span className="mono">{done.actual_on}</span>
                  <ParcelCode code={done.code} id={done.parcel_id} onSelect={onSelectParcel} />
                  <span>{t(`milestoneKind.${done.kind}` as 'milestoneKind.acquisition')}</span>
                </div>
              </li>
            ))}
          </ul>
          <More count={changes.milestones_done.length - LISTED_CHANGES} />
        </details>
      </section>

      <section className="agenda-section" aria-label={t('meetings.sections.late')}>
        <h4>{t('meetings.sections.late')}</h4>
        {agenda.data.late_by_department.length === 0 && (
          <p className="panel-note">{t('meetings.late.none')}</p>
        )}
        {agenda.data.late_by_department.map((group) => (
          <details key={group.department} className="agenda-department" open>
            <summary>
              <strong>{nameOf(group.department)}</strong>{' '}
              <span className="secondary">
                {t('meetings.late.summary', { red: group.red, yellow: group.yellow, normal: group.normal })}
              </span>
            </summary>
            <ul className="agenda-items">
              {group.items.map((item) => {
                const key = `late:${item.item_type}:${item.item_id}`
                const target = lateTarget(item)
                return (
                  <li key={key} data-level={item.level} data-item={`${item.item_type}:${item.item_id}`}>
                    <div className="agenda-item">
                      <EscalationBadge level={item.level} daysLate={item.days_late} />
                      <span className="agenda-item-title">
                        {item.parcel_id !== null && item.item_type === 'milestone' ? (
                          <ParcelCode code={item.title} id={item.parcel_id} onSelect={onSelectParcel} />
                        ) : (
                          item.title
                        )}
                      </span>
                      <span>{lateWhat(item)}</span>
                      <span className="secondary">{t('meetings.late.due', { date: item.due_on })}</span>
                      <span className="agenda-days">
                        {t('meetings.late.daysLate', { count: item.days_late })}
                      </span>
                    </div>
                    {target && decide(key, target)}
                  </li>
                )
              })}
            </ul>
          </details>
        ))}
      </section>

      <section className="agenda-section" aria-label={t('meetings.sections.blockers')}>
        <h4>{t('meetings.sections.blockers')}</h4>
        {agenda.data.open_blockers.length === 0 && <p className="panel-note">{t('meetings.empty')}</p>}
        <ul className="agenda-items">
          {agenda.data.open_blockers.map((blocker) => (
            <li key={blocker.id}>
              <div className="agenda-item">
                <span className="agenda-item-title">
                  {blocker.project}：{blocker.title}
                </span>
                <span>{nameOf(blocker.department)}</span>
                <span className="secondary">
                  {blocker.due_on ? t('meetings.blockerDue', { date: blocker.due_on }) : t('meetings.noDue')}
                </span>
              </div>
              {decide(`blocker:${blocker.id}`, {
                item_type: 'blocker',
                item_id: blocker.id,
                title: blocker.title,
                department_id: null,
              })}
            </li>
          ))}
        </ul>
      </section>

      <section className="agenda-section" aria-label={t('meetings.sections.orders')}>
        <h4>{t('meetings.sections.orders')}</h4>
        {agenda.data.open_orders.length === 0 && <p className="panel-note">{t('meetings.empty')}</p>}
        <ul className="agenda-items">
          {agenda.data.open_orders.map((order) => (
            <li key={order.id}>
              <OrderLine order={order} department={nameOf(order.department)} />
              {decide(`order:${order.id}`, {
                item_type: order.item_type,
                item_id: order.item_id,
                title: order.title,
                department_id: order.department_id,
              })}
            </li>
          ))}
        </ul>
      </section>

      <section className="agenda-section" aria-label={t('meetings.sections.decisions')}>
        <h4>{t('meetings.sections.decisions')}</h4>
        {agenda.data.decisions.length === 0 && <p className="panel-note">{t('meetings.decisionsNone')}</p>}
        <ul className="agenda-items meeting-decisions">
          {agenda.data.decisions.map((order) => (
            <li key={order.id}>
              <OrderLine order={order} department={nameOf(order.department)} />
              <p className="agenda-instructions">{order.instructions}</p>
            </li>
          ))}
        </ul>
      </section>
    </article>
  )
}

function More({ count }: { count: number }) {
  const { t } = useTranslation()
  return count > 0 ? <p className="secondary">{t('meetings.changes.moreHidden', { count })}</p> : null
}

function ParcelCode({ code, id, onSelect }: { code: string; id: number; onSelect?: (id: number) => void }) {
  if (!onSelect) return <span>{code}</span>
  return (
    <button type="button" className="button-plain agenda-parcel" onClick={() => onSelect(id)}>
      {code}
    </button>
  )
}

function OrderLine({ order, department }: { order: AgendaOrder; department: string }) {
  const { t } = useTranslation()
  return (
    <div className="agenda-item">
      <EscalationBadge level={order.level} />
      <span className="agenda-item-title">{order.title}</span>
      <span className="secondary">
        {t('meetings.orderLine', { id: order.id, department, due: order.due_on })}
      </span>
      <span>{t(`meetings.orderStatus.${order.status}`)}</span>
    </div>
  )
}
