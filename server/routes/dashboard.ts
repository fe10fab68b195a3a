import { Hono } from 'hono'
import {
  findInfrastructureFigures,
  findLateByOwner,
  findRates,
  findScheduledParcels,
  findSignedBreakdown,
  findSignedFigures,
  findUnscheduledAreaByMonth,
} from '../db/dashboard'
import { findServicingFloors } from '../db/parcels'
import { findLandSettings } from '../db/zone'
import type { AppDeps } from '../deps'
import { availableMuByMonth, DashboardQuery, rate } from '../domain/dashboard'
import { forecastParcel } from '../domain/schedule'
import { round, wanToYi } from '../domain/units'
import type { AuthEnv } from '../middleware/authenticate'
import { validate } from '../validation'

export function dashboardRoutes(deps: AppDeps) {
  const { pool } = deps
  return new Hono<AuthEnv>().get('/', validate('query', DashboardQuery), async (c) => {
    const { from, to } = c.req.valid('query')
    const today = deps.today()
    const settings = await findLandSettings(pool)
    const signed = await findSignedFigures(pool, from, to)
    const rates = await findRates(pool, from, to)
    const breakdown = await findSignedBreakdown(pool, from, to)
    const infra = await findInfrastructureFigures(pool, today)
    const lateByOwner = await findLateByOwner(pool, today)
    const parcels = await findScheduledParcels(pool)
    const unscheduled = await findUnscheduledAreaByMonth(pool, from, to)
    const floors = await findServicingFloors(
      pool,
      parcels.map((p) => p.id),
      settings.serving_distance_m,
    )
    const forecasts = parcels.map((p) => ({
      area_m2: p.area_m2,
      available_on: forecastParcel(p.milestones, p.target_on, today, settings.at_risk_margin_days, {
        ...(floors.has(p.id) ? { servicing: floors.get(p.id) } : {}),
      }).available_on,
    }))
    return c.json({
      period: { from, to },
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
        available_mu_by_month: availableMuByMonth(
          [...forecasts, ...unscheduled.map((u) => ({ area_m2: u.area_m2, available_on: `${u.month}-01` }))],
          from,
          to,
        ),
      },
      late_milestones: lateByOwner.reduce((n, o) => n + o.milestones, 0),
      late_by_owner: lateByOwner,
      infrastructure: { avg_progress_pct: round(infra.avg ?? 0, 1), late: infra.late, count: infra.count },
    })
  })
}
