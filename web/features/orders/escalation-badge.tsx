import { useTranslation } from 'react-i18next'
import type { EscalationLevel } from '../../../server/domain/escalation'
import './orders.css'

/** 正常 / 黄牌 / 红牌 as a coloured badge; with `daysLate`, its title says how late. */
export function EscalationBadge({ level, daysLate }: { level: EscalationLevel; daysLate?: number }) {
  const { t } = useTranslation()
  const label = t(`orders.level.${level}`)
  return (
    <span
      className={`escalation-badge escalation-${level}`}
      data-level={level}
      title={daysLate === undefined ? label : t('orders.levelTitle', { level: label, days: daysLate })}
    >
      {label}
    </span>
  )
}
