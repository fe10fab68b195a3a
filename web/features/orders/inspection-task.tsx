import { useQueryClient } from '@tanstack/react-query'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { invalidateResources } from '../../api/change-invalidation'
import type { Order } from '../../api/types'
import { InspectionDialog } from '../field/inspection-dialog'
import { type QueuedInspection, queuedInspections, syncInspections } from '../field/inspection-queue'
import { InspectionTimeline } from '../field/inspection-timeline'
import { useInspectionQueue } from '../field/use-inspection-queue'

/** The records of a 巡查任务 still waiting on this device (not yet on the server, so not yet counted there). */
export function waitingFor(orderId: number, items: readonly QueuedInspection[]): number {
  return items.filter((r) => r.subject_type === 'order' && r.subject_id === orderId && r.state === 'queued')
    .length
}

/**
 * Sends what waits on this device, then says how many records of the task still wait (0 when none, or when this
 * browser keeps no queue).
 */
export async function sendWaitingFor(orderId: number): Promise<number> {
  try {
    if (waitingFor(orderId, await queuedInspections()) === 0) return 0
    await syncInspections()
    return waitingFor(orderId, await queuedInspections())
  } catch {
    return 0
  }
}

/**
 * A 巡查任务's site work in its card: the rule (done only after an inspection, server/services/orders/
 * act-on-order.ts), 记录巡查 for the department — the inspection form with the task as its subject, saved on the
 * phone first and sent when there is a connection — the records already sent, and those still waiting here.
 */
export function InspectionTask({ order, canRecord }: { order: Order; canRecord: boolean }) {
  const { t } = useTranslation()
  const queryClient = useQueryClient()
  const queue = useInspectionQueue()
  const [recording, setRecording] = useState(false)
  const waiting = waitingFor(order.id, queue.items)
  const open = order.status === 'issued' || order.status === 'in_progress' || order.status === 'returned'

  const saved = () => {
    // the form has started sending; once it is through, the task's records (and the order) are read again
    void syncInspections()
      .then(({ sent }) =>
        sent > 0 ? invalidateResources(queryClient, ['inspections', 'orders']) : undefined,
      )
      .catch(() => undefined)
  }

  return (
    <section className="order-inspection" aria-label={t('orders.inspection.title')}>
      <div className="section-head">
        <h5>{t('orders.inspection.title')}</h5>
        {canRecord && open && (
          <button type="button" className="button-small button-accent" onClick={() => setRecording(true)}>
            {t('orders.inspection.record')}
          </button>
        )}
      </div>
      {open && <p className="panel-note">{t('orders.inspection.rule')}</p>}
      {waiting > 0 && (
        <p className="panel-note order-inspection-waiting" role="status">
          {t('orders.inspection.waiting', { count: waiting })}
          {!queue.online && ` · ${t('field.offline')}`}
        </p>
      )}
      <InspectionTimeline subject={{ type: 'order', id: order.id }} />
      {recording && (
        <InspectionDialog
          subject={{ type: 'order', id: order.id, label: order.title }}
          onSaved={saved}
          onClose={() => setRecording(false)}
        />
      )}
    </section>
  )
}
