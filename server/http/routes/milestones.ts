import { Hono } from 'hono'
import { findLateMilestones } from '../../db/parcels'
import type { AppDeps } from '../../deps'
import type { AuthEnv } from '../middleware/authenticate'

export function milestoneRoutes(deps: AppDeps) {
  return new Hono<AuthEnv>().get('/late', async (c) => {
    const today = deps.today()
    const late = await findLateMilestones(deps.pool, today)
    // a late milestone cannot finish before today; its forecast is today at the earliest
    return c.json(late.map((m) => ({ ...m, forecast_on: today })))
  })
}
