import type { TFunction } from 'i18next'
import type { Dashboard } from '../../api/types'

/** A headline figure; `bySector` when a sector filter narrows it (the project figures), else it is zone-wide. */
export type Kpi = { key: string; label: string; value: string; alert?: boolean; bySector?: true }

const percent = (fraction: number) => (fraction * 100).toFixed(1)

/** The headline figures as label and formatted value (亿元 with 2 decimals, rates in %), for cards and briefings. */
export function dashboardKpis(data: Dashboard, t: TFunction): Kpi[] {
  return [
    {
      key: 'signed',
      bySector: true,
      label: t('leader.kpi.signed'),
      value: t('leader.unit.projects', { value: data.signed.count }),
    },
    {
      key: 'amount',
      bySector: true,
      label: t('leader.kpi.amount'),
      value: t('leader.unit.yi', { value: data.signed.investment_yi.toFixed(2) }),
    },
    {
      key: 'over10',
      bySector: true,
      label: t('leader.kpi.over10'),
      value: t('leader.unit.projects', { value: data.signed.over_10yi }),
    },
    {
      key: 'over1',
      bySector: true,
      label: t('leader.kpi.over1'),
      value: t('leader.unit.projects', { value: data.signed.over_1yi }),
    },
    {
      key: 'expansion',
      bySector: true,
      label: t('leader.kpi.expansion'),
      value: t('leader.unit.projects', { value: data.expansion.count }),
    },
    {
      key: 'landing',
      bySector: true,
      label: t('leader.kpi.landing'),
      value: t('leader.unit.percent', { value: percent(data.landing_rate) }),
    },
    {
      key: 'conversion',
      bySector: true,
      label: t('leader.kpi.conversion'),
      value: t('leader.unit.percent', { value: percent(data.conversion_rate) }),
    },
    {
      key: 'late',
      label: t('leader.kpi.late'),
      value: t('leader.unit.items', { value: data.late_milestones }),
      alert: data.late_milestones > 0,
    },
    ...efficiencyKpis(data, t),
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

/**
 * 亩均效益 of the last finished year (issue 18): the zone's tax per mu (万元/亩), the share of graded firms graded A or
 * B, the land to put back to use (盘活, 亩: D-grade firms' and breached commitments'), and the breached commitments
 * counted as late items.
 */
function efficiencyKpis(data: Dashboard, t: TFunction): Kpi[] {
  const e = data.efficiency
  const none = t('common.none')
  return [
    {
      key: 'taxPerMu',
      label: `${t('efficiency.kpi.taxPerMu')} ${e.year}`,
      value:
        e.tax_wan_per_mu === null
          ? none
          : `${e.tax_wan_per_mu.toFixed(2)} ${t('efficiency.kpi.taxPerMuUnit')}`,
    },
    {
      key: 'shareAb',
      label: `${t('efficiency.kpi.shareAb')} ${e.year}`,
      value: e.share_ab === null ? none : t('leader.unit.percent', { value: percent(e.share_ab) }),
    },
    {
      key: 'revitalize',
      label: t('efficiency.kpi.revitalize'),
      value: t('unit.mu', { value: e.revitalize_mu.toFixed(2) }),
      alert: e.revitalize_mu > 0,
    },
    {
      key: 'lateCommitments',
      label: t('efficiency.kpi.lateCommitments'),
      value: t('leader.unit.items', { value: data.late_commitments }),
      alert: data.late_commitments > 0,
    },
  ]
}
