import { describe, expect, it } from 'vitest'
import type { Dashboard } from '../../../../web/api/types'
import { dashboardKpis } from '../../../../web/features/dashboard/dashboard-kpis'
import { english, zh } from '../../../support/i18n'

function dashboard(efficiency: Partial<Dashboard['efficiency']>, lateCommitments: number): Dashboard {
  return {
    signed: { count: 47, investment_yi: 95.43, over_10yi: 2, over_1yi: 16 },
    expansion: { count: 26 },
    landing_rate: 0.5,
    conversion_rate: 0.25,
    late_milestones: 3,
    infrastructure: { avg_progress_pct: 61.25, late: 1 },
    late_commitments: lateCommitments,
    efficiency: { year: 2025, tax_wan_per_mu: 12.345, share_ab: 0.6875, revitalize_mu: 81.5, ...efficiency },
  } as unknown as Dashboard
}

const efficiencyOf = (kpis: ReturnType<typeof dashboardKpis>) =>
  kpis.filter((k) => ['taxPerMu', 'shareAb', 'revitalize', 'lateCommitments'].includes(k.key))

describe('dashboardKpis, the leaders’ 亩均 figures', () => {
  it('gives tax per mu, the share graded A or B, the land to put back to use and the breaches, in Chinese', () => {
    expect(efficiencyOf(dashboardKpis(dashboard({}, 8), zh))).toEqual([
      { key: 'taxPerMu', label: '亩均税收 2025', value: '12.35 万元/亩' },
      { key: 'shareAb', label: 'A、B类占比 2025', value: '68.8%' },
      { key: 'revitalize', label: '待盘活土地', value: '81.50 亩', alert: true },
      { key: 'lateCommitments', label: '标准地违约', value: '8 项', alert: true },
    ])
  })

  it('says none where a year has no figures, and raises no alert without land to put back or breaches', () => {
    const kpis = efficiencyOf(
      dashboardKpis(dashboard({ tax_wan_per_mu: null, share_ab: null, revitalize_mu: 0 }, 0), zh),
    )
    expect(kpis.map((k) => [k.key, k.value, k.alert ?? false])).toEqual([
      ['taxPerMu', zh('common.none'), false],
      ['shareAb', zh('common.none'), false],
      ['revitalize', '0.00 亩', false],
      ['lateCommitments', '0 项', false],
    ])
    expect(zh('common.none')).not.toBe('common.none')
  })

  it('has English second', () => {
    const labels = efficiencyOf(dashboardKpis(dashboard({}, 8), english)).map((k) => k.label)
    expect(labels.every((l) => !/[\u4e00-\u9fff]/.test(l))).toBe(true)
  })
})
