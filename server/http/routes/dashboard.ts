import { Hono } from 'hono'
import {
  findAvailableAreaByMonth,
  findInfrastructureFigures,
  findLateByOwner,
  findLateItems,
  findRates,
  findSignedBreakdown,
  findSignedFigures,
} from '../../db/dashboard'
import type { AppDeps } from '../../deps'
import { availableMuByMonth, DashboardQuery, rate } from '../../domain/dashboard'
import { round, wanToYi } from '../../domain/units'
import type { AuthEnv } from '../middleware/authenticate'
import { validate } from '../validation'

export function dashboardRoutes(deps: AppDeps) {
  const { pool } = deps
  return new Hono<AuthEnv>().get('/', validate('query', DashboardQuery), async (c) => {
    const { from, to, sector = null } = c.req.valid('query')
    const today = deps.today()
    // independent reads, side by side on the pool's connections; land supply reads the stored forecasts
    const [signed, rates, breakdown, infra, lateByOwner, available, lateItems] = await Promise.all([
      findSignedFigures(pool, from, to, sector),
      findRates(pool, from, to, sector),
      findSignedBreakdown(pool, from, to, sector),
      findInfrastructureFigures(pool, today),
      findLateByOwner(pool, today),
      findAvailableAreaByMonth(pool, from, to),
      findLateItems(pool, today),
    ])
    return c.json({
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
      late_by_owner: lateByOwner,
      // every late item (milestones, blockers, infrastructure, follow-ups' next actions), longest late first
      late_items: lateItems,
      infrastructure: { avg_progress_pct: round(infra.avg ?? 0, 1), late: infra.late, count: infra.count },
    })
  })
}
