import { useTranslation } from 'react-i18next'
import { ESCALATION_COLOURS } from '../../../server/domain/colours'
import type { EscalationLevel } from '../../../server/domain/escalation'
import './orders.css'

/**
 * 正常 / 黄牌 / 红牌 as a small badge in the colours the map's 督办 mode paints with, wherever a grade is shown (late
 * lists, orders, my tasks, the meeting's agenda); with `daysLate`, its title says how late.
 */
export function EscalationBadge({ level, daysLate }: { level: EscalationLevel; daysLate?: number }) {
  const { t } = useTranslation()
  const label = t(`orders.level.${level}`)
  return (
    <span
      className={`escalation-badge escalation-${level}`}
      data-level={level}
      style={{ background: ESCALATION_COLOURS[level] }}
      title={daysLate === undefined ? label : t('orders.levelTitle', { level: label, days: daysLate })}
    >
      {label}
    </span>
  )
}
