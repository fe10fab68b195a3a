import { Hono } from 'hono'
import type { AppDeps } from '../../deps'
import { DashboardQuery } from '../../domain/dashboard'
import { readDashboard } from '../../services/dashboard/read-dashboard'
import type { AuthEnv } from '../middleware/authenticate'
import { validate } from '../validation'

export function dashboardRoutes(deps: AppDeps) {
  return new Hono<AuthEnv>().get('/', validate('query', DashboardQuery), async (c) =>
    c.json(await readDashboard(deps, c.req.valid('query'), deps.today())),
  )
}
