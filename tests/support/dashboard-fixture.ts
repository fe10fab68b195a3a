import type { Dashboard } from '../../web/api/types'

export { english, zh } from './i18n'

// only what the charts and KPI cards read; the figures are made up, written out here
export const dashboardFixture = {
  signed: {
    count: 47,
    investment_wan: 954_300,
    investment_yi: 95.43,
    over_10yi: 2,
    over_1yi: 16,
    by_month: [
      { month: '2026-01', investment_wan: 200_000, investment_yi: 20 },
      { month: '2026-02', investment_wan: 754_300, investment_yi: 75.43 },
    ],
    by_sector: [
      { sector: 'automotive', count: 4, investment_wan: 50_500, investment_yi: 5.05 },
      { sector: 'biomedicine', count: 9, investment_wan: 903_800, investment_yi: 90.38 },
    ],
  },
  expansion: { count: 26 },
  landing_rate: 0.5,
  conversion_rate: 0.25,
  late_milestones: 3,
  late_commitments: 0,
  efficiency: { year: 2025, tax_wan_per_mu: null, share_ab: null, revitalize_mu: 0 },
  infrastructure: { avg_progress_pct: 40, late: 1 },
  land: {
    available_mu_by_month: [
      { month: '2026-01', mu: 10 },
      { month: '2026-02', mu: 0 },
    ],
  },
  late_by_owner: [
    { owner: '规划局', milestones: 0, blockers: 2, infrastructure: 0, follow_ups: 0, commitments: 0 },
    { owner: '建设局', milestones: 3, blockers: 1, infrastructure: 1, follow_ups: 1, commitments: 1 },
  ],
} as unknown as Dashboard
