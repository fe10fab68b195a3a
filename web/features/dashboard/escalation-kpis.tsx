import { useQuery } from '@tanstack/react-query'
import { useTranslation } from 'react-i18next'
import type { EscalationLevel } from '../../../server/domain/escalation'
import { meetingQueries } from '../meetings/meetings-api'
import { ZoneWideTag } from './zone-wide-tag'

/** How many late items are at each level now (GET /api/late). */
export function countByLevel(items: readonly { level: EscalationLevel }[]): Record<EscalationLevel, number> {
  const counts: Record<EscalationLevel, number> = { normal: 0, yellow: 0, red: 0 }
  for (const item of items) counts[item.level]++
  return counts
}

/**
 * 红牌 and 黄牌 items (issue 16) as two KPI cards, inside the dashboard's list of KPIs. They are counted now, not
 * over the period: a card is about what is late today, in the whole zone (`zoneWide` says so under a sector filter).
 */
export function EscalationKpis({ zoneWide = false }: { zoneWide?: boolean }) {
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
          <dt>
            {t(`meetings.kpi.${level}`)}
            {zoneWide && <ZoneWideTag />}
          </dt>
          <dd>{t('leader.unit.items', { value: counts[level] })}</dd>
        </div>
      ))}
    </>
  )
}
