import type { TFunction } from 'i18next'
import type { Dashboard } from '../../api/types'

export type Kpi = { key: string; label: string; value: string; alert?: boolean }

const percent = (fraction: number) => (fraction * 100).toFixed(1)

/** The headline figures as label and formatted value (亿元 with 2 decimals, rates in %), for cards and briefings. */
export function dashboardKpis(data: Dashboard, t: TFunction): Kpi[] {
  return [
    {
      key: 'signed',
      label: t('leader.kpi.signed'),
      value: t('leader.unit.projects', { value: data.signed.count }),
    },
    {
      key: 'amount',
      label: t('leader.kpi.amount'),
      value: t('leader.unit.yi', { value: data.signed.investment_yi.toFixed(2) }),
    },
    {
      key: 'over10',
      label: t('leader.kpi.over10'),
      value: t('leader.unit.projects', { value: data.signed.over_10yi }),
    },
    {
      key: 'over1',
      label: t('leader.kpi.over1'),
      value: t('leader.unit.projects', { value: data.signed.over_1yi }),
    },
    {
      key: 'expansion',
      label: t('leader.kpi.expansion'),
      value: t('leader.unit.projects', { value: data.expansion.count }),
    },
    {
      key: 'landing',
      label: t('leader.kpi.landing'),
      value: t('leader.unit.percent', { value: percent(data.landing_rate) }),
    },
    {
      key: 'conversion',
      label: t('leader.kpi.conversion'),
      value: t('leader.unit.percent', { value: percent(data.conversion_rate) }),
    },
    {
      key: 'late',
      label: t('leader.kpi.late'),
      value: t('leader.unit.items', { value: data.late_milestones }),
      alert: data.late_milestones > 0,
    },
    {
      key: 'infraProgress',
      label: t('leader.kpi.infraProgress'),
      value: t('leader.unit.percent', { value: data.infrastructure.avg_progress_pct.toFixed(1) }),
    },
    {
      key: 'infraLate',
      label: t('leader.kpi.infraLate'),
      value: t('leader.unit.items', { value: data.infrastructure.late }),
      alert: data.infrastructure.late > 0,
    },
  ]
}
