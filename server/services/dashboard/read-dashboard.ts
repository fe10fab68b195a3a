import {
  findAvailableAreaByMonth,
  findInfrastructureFigures,
  findLateByOwner,
  findLateItems,
  findRates,
  findSignedBreakdown,
  findSignedFigures,
} from '../../db/dashboard'
import { findCommitments } from '../../db/firms'
import type { Queryable } from '../../db/pool'
import { availableMuByMonth, type DashboardQuery, rate } from '../../domain/dashboard'
import { round, wanToYi } from '../../domain/units'
import { lateCommitments, withCommitmentItems, withLateCommitments } from '../firms/late-commitments'
import { evaluationSummary, lastFinishedYear } from '../firms/queries'

export type Dashboard = Awaited<ReturnType<typeof readDashboard>>

/**
 * The leaders' dashboard for a period on the zone's `today`: the project figures (of one sector when asked), land
 * coming available by month, what is late and whose, 亩均效益 of the last finished year and the infrastructure.
 */
export async function readDashboard(deps: { pool: Queryable }, query: DashboardQuery, today: string) {
  const { pool } = deps
  const { from, to, sector = null } = query
  const reading = { pool, today: () => today }
  // read once, used twice: the late commitments and the land to put back to use
  const breached = findCommitments(pool, today, { status: 'breached' })
  breached.catch(() => {}) // its failure reaches the caller through the reads below
  // independent reads, side by side on the pool's connections; land supply reads the stored forecasts
  const [signed, rates, breakdown, infra, lateByOwner, available, lateItems, lateSales, efficiency] =
    await Promise.all([
      findSignedFigures(pool, from, to, sector),
      findRates(pool, from, to, sector),
      findSignedBreakdown(pool, from, to, sector),
      findInfrastructureFigures(pool, today),
      findLateByOwner(pool, today),
      findAvailableAreaByMonth(pool, from, to),
      findLateItems(pool, today),
      lateCommitments(reading, breached),
      evaluationSummary(reading, lastFinishedYear(today), breached),
    ])
  return {
    period: { from, to },
    // the project figures (signed, expansion, rates, by month) of this sector only; null: all sectors
    sector,
    signed: {
      count: signed.count,
      investment_wan: signed.investmentWan,
      investment_yi: wanToYi(signed.investmentWan),
      over_10yi: signed.over10Yi,
      over_1yi: signed.over1Yi,
      by_month: breakdown.byMonth.map((m) => ({ ...m, investment_yi: wanToYi(m.investment_wan) })),
      by_sector: breakdown.bySector.map((s) => ({ ...s, investment_yi: wanToYi(s.investment_wan) })),
    },
    expansion: { count: signed.expansionLanded },
    landing_rate: rate(rates.landed, rates.signed),
    conversion_rate: rate(rates.converted, rates.leads),
    land: {
      available_mu_by_month: availableMuByMonth(available, from, to),
    },
    late_milestones: lateByOwner.reduce((n, o) => n + o.milestones, 0),
    // breached 标准地 commitments are late items too, owned by the department that monitors them
    late_commitments: lateSales.length,
    late_by_owner: withLateCommitments(lateByOwner, lateSales),
    // every late item (milestones, blockers, infrastructure, follow-ups' next actions, breached commitments),
    // longest late first
    late_items: withCommitmentItems(lateItems, lateSales),
    // 亩均效益 of the last finished year: tax per mu (万元/亩), share graded A or B, land to put back to use (亩)
    efficiency: {
      year: efficiency.year,
      tax_wan_per_mu: efficiency.tax_wan_per_mu,
      share_ab: efficiency.share_ab,
      counts: efficiency.counts,
      revitalize_mu: efficiency.revitalize_mu,
      revitalize_parcels: efficiency.revitalize.length,
    },
    infrastructure: { avg_progress_pct: round(infra.avg ?? 0, 1), late: infra.late, count: infra.count },
  }
}
