import { useQuery, useQueryClient } from '@tanstack/react-query'
import { useEffect, useId, useRef, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { invalidateResources } from '../../api/change-invalidation'
import { api } from '../../api/client'
import { queries } from '../../api/queries'
import type { AppNotification } from '../../api/types'
import { formatTimestamp } from '../../i18n/formatters'
import './notifications.css'

type NotificationBellProps = {
  /** a notification about an order was chosen: open it (in my tasks) */
  onOpenOrder: (orderId: number) => void
}

/**
 * 通知: the bell in the header with the unread count, live (a `notifications` change event refetches it), and the
 * latest notifications under it; one is marked read when opened or by its button, or all at once.
 */
export function NotificationBell({ onOpenOrder }: NotificationBellProps) {
  const { t } = useTranslation()
  const id = useId()
  const queryClient = useQueryClient()
  const inbox = useQuery(queries.notifications())
  const [open, setOpen] = useState(false)
  const root = useRef<HTMLDivElement>(null)
  const unread = inbox.data?.unread ?? 0

  useEffect(() => {
    if (!open) return
    const close = (event: Event) => {
      if (
        event instanceof KeyboardEvent
          ? event.key === 'Escape'
          : !root.current?.contains(event.target as Node)
      )
        setOpen(false)
    }
    document.addEventListener('pointerdown', close)
    document.addEventListener('keydown', close)
    return () => {
      document.removeEventListener('pointerdown', close)
      document.removeEventListener('keydown', close)
    }
  }, [open])

  const markRead = (body: { ids: number[] } | { all: true }) =>
    api
      .markNotificationsRead(body)
      .then(() => invalidateResources(queryClient, ['notifications']))
      .catch((failure: unknown) => console.warn('notifications not marked read', failure))

  const choose = (item: AppNotification) => {
    if (!item.read) void markRead({ ids: [item.id] })
    if (item.order_id !== null) {
      setOpen(false)
      onOpenOrder(item.order_id)
    }
  }

  return (
    <div ref={root} className="bell">
      <button
        type="button"
        className="button-quiet bell-button"
        aria-expanded={open}
        aria-controls={id}
        aria-label={
          unread > 0
            ? `${t('orders.bell.label')}：${t('orders.bell.unread', { count: unread })}`
            : t('orders.bell.label')
        }
        data-unread={unread}
        onClick={() => setOpen((current) => !current)}
      >
        <svg viewBox="0 0 24 24" width="18" height="18" aria-hidden="true" className="bell-icon">
          <path d="M12 22a2.5 2.5 0 0 0 2.45-2h-4.9A2.5 2.5 0 0 0 12 22Zm7-6V11a7 7 0 0 0-5.5-6.84V3a1.5 1.5 0 0 0-3 0v1.16A7 7 0 0 0 5 11v5l-2 2v1h18v-1Z" />
        </svg>
        {unread > 0 && (
          <span className="bell-count" data-testid="bell-count">
            {unread > 99 ? '99+' : unread}
          </span>
        )}
      </button>
      <section id={id} className="bell-list" hidden={!open} aria-label={t('orders.bell.title')}>
        <div className="bell-list-head">
          <strong>{t('orders.bell.title')}</strong>
          <button
            type="button"
            className="button-small"
            disabled={unread === 0}
            onClick={() => void markRead({ all: true })}
          >
            {t('orders.bell.markAll')}
          </button>
        </div>
        {inbox.isError && !inbox.data && (
          <p className="panel-error" role="alert">
            {t('orders.bell.failed', { message: inbox.error.message })}
          </p>
        )}
        {inbox.data && inbox.data.items.length === 0 && (
          <p className="panel-note">{t('orders.bell.empty')}</p>
        )}
        <ul>
          {(inbox.data?.items ?? []).map((item) => (
            <li
              key={item.id}
              className={item.read ? 'bell-item' : 'bell-item bell-item-unread'}
              data-notification-id={item.id}
            >
              <button type="button" className="bell-item-open" onClick={() => choose(item)}>
                <span className={`bell-kind bell-kind-${item.kind}`}>
                  {t(`orders.bell.kind.${item.kind}`)}
                </span>
                <span className="bell-title">{item.title}</span>
                <span className="bell-body secondary">{item.body}</span>
                <span className="bell-at secondary mono">{formatTimestamp(item.created_at)}</span>
              </button>
              {!item.read && (
                <button
                  type="button"
                  className="button-small bell-mark"
                  onClick={() => void markRead({ ids: [item.id] })}
                >
                  {t('orders.bell.markRead')}
                </button>
              )}
            </li>
          ))}
        </ul>
      </section>
    </div>
  )
}
