import { useQuery } from '@tanstack/react-query'
import { useTranslation } from 'react-i18next'
import type { EscalationLevel } from '../../../server/domain/escalation'
import { meetingQueries } from '../meetings/meetings-api'

/** How many late items are at each level now (GET /api/late). */
export function countByLevel(items: readonly { level: EscalationLevel }[]): Record<EscalationLevel, number> {
  const counts: Record<EscalationLevel, number> = { normal: 0, yellow: 0, red: 0 }
  for (const item of items) counts[item.level]++
  return counts
}

/**
 * 红牌 and 黄牌 items (issue 16) as two KPI cards, inside the dashboard's list of KPIs. They are counted now, not
 * over the period: a card is about what is late today.
 */
export function EscalationKpis() {
  const { t } = useTranslation()
  const late = useQuery(meetingQueries.late())
  if (!late.data) return null
  const counts = countByLevel(late.data)
  return (
    <>
      {(['red', 'yellow'] as const).map((level) => (
        <div
          key={level}
          className={counts[level] > 0 ? 'kpi-card kpi-card-alert' : 'kpi-card'}
          data-kpi={level}
        >
          <dt>{t(`meetings.kpi.${level}`)}</dt>
          <dd>{t('leader.unit.items', { value: counts[level] })}</dd>
        </div>
      ))}
    </>
  )
}
