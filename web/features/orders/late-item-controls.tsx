import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { GradedLateItem } from '../../api/types'
import { EscalationBadge } from './escalation-badge'
import { type LateRef, orderTargetOf } from './late-lookup'
import { OrderDialog, type OrderSubject } from './order-dialog'
import { useCanIssueOrders } from './use-can-issue-orders'
import { useLateItem } from './use-late-items'

type LateItemControlsProps = {
  /** the row's item */
  item: LateRef
  /** its name as the row shows it (the dialog repeats it) */
  title: string
}

/**
 * Beside a late item wherever it is listed: its grade (正常/黄牌/红牌) and, for leaders and admins, 下达督办. Nothing
 * when the item is not late (GET /api/late does not list it).
 */
export function LateItemControls({ item, title }: LateItemControlsProps) {
  const late = useLateItem(item)
  if (!late) return null
  return (
    <span className="late-controls">
      <EscalationBadge level={late.level} daysLate={late.days_late} />
      <IssueOrderButton late={late} title={title} />
    </span>
  )
}

/** 下达督办 on a graded late item (leaders and admins only); says so once the order is issued. */
export function IssueOrderButton({ late, title }: { late: GradedLateItem; title: string }) {
  const { t } = useTranslation()
  const canIssue = useCanIssueOrders()
  const [subject, setSubject] = useState<OrderSubject | null>(null)
  const [issued, setIssued] = useState<string | null>(null)
  const target = orderTargetOf(late)
  if (!canIssue || !target) return null
  return (
    <>
      <button
        type="button"
        className="button-small order-issue"
        aria-label={t('orders.issueFor', { title })}
        onClick={() =>
          setSubject({
            ...target,
            title,
            departmentId: late.department_id,
          })
        }
      >
        {t('orders.issue')}
      </button>
      {issued && (
        <span className="order-issued" role="status">
          {issued}
        </span>
      )}
      {subject && (
        <OrderDialog
          subject={subject}
          onIssued={(order) => setIssued(t('orders.dialog.issued', { department: order.department }))}
          onClose={() => setSubject(null)}
        />
      )}
    </>
  )
}
