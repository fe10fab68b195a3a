import { Hono } from 'hono'
import type { AppDeps } from '../../deps'
import { DashboardQuery } from '../../domain/dashboard'
import { createDashboardService } from '../../services/dashboard/dashboard-cache'
import type { AuthEnv } from '../middleware/authenticate'
import { validate } from '../validation'

/**
 * The leaders' dashboard, kept in this instance per access scope, period and zone day until the next change
 * (services/dashboard/dashboard-cache.ts): its sums are most of the database's work under load.
 */
export function dashboardRoutes(deps: AppDeps) {
  const { dashboard } = createDashboardService(deps)
  return new Hono<AuthEnv>().get('/', validate('query', DashboardQuery), async (c) =>
    c.json(await dashboard(c.get('principal').role, c.req.valid('query'))),
  )
}
