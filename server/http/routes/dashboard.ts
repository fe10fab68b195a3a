import { Hono } from 'hono'
import {
  findInfrastructureFigures,
  findLateByOwner,
  findOpenServicingParcelIds,
  findRates,
  findScheduledParcels,
  findSignedBreakdown,
  findSignedFigures,
  findUnscheduledAreaByMonth,
} from '../../db/dashboard'
import { findServicingFloors } from '../../db/parcels'
import { findLandSettings } from '../../db/zone'
import type { AppDeps } from '../../deps'
import { availableMuByMonth, DashboardQuery, rate } from '../../domain/dashboard'
import { forecastParcel } from '../../domain/schedule'
import { round, wanToYi } from '../../domain/units'
import type { AuthEnv } from '../middleware/authenticate'
import { validate } from '../validation'

export function dashboardRoutes(deps: AppDeps) {
  const { pool } = deps
  return new Hono<AuthEnv>().get('/', validate('query', DashboardQuery), async (c) => {
    const { from, to } = c.req.valid('query')
    const today = deps.today()
    // independent reads, side by side on the pool's connections; the servicing floors (the slowest) need only
    // the parcels whose servicing is still to come, not the whole schedule
    const landSettings = findLandSettings(pool)
    const servicingFloors = Promise.all([landSettings, findOpenServicingParcelIds(pool)]).then(([s, ids]) =>
      findServicingFloors(pool, ids, s.serving_distance_m),
    )
    const [signed, rates, breakdown, infra, lateByOwner, parcels, unscheduled, settings, floors] =
      await Promise.all([
        findSignedFigures(pool, from, to),
        findRates(pool, from, to),
        findSignedBreakdown(pool, from, to),
        findInfrastructureFigures(pool, today),
        findLateByOwner(pool, today),
        findScheduledParcels(pool),
        findUnscheduledAreaByMonth(pool, from, to),
        landSettings,
        servicingFloors,
      ])
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
