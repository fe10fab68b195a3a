import { Hono } from 'hono'
import { insertHistory } from '../../db/history'
import { withTransaction } from '../../db/pool'
import {
  findParcelTotals,
  findSetting,
  findZoneExtent,
  findLandSettings as landSettings,
  upsertSetting,
} from '../../db/zone'
import type { AppDeps } from '../../deps'
import { LandSettings } from '../../domain/settings'
import { m2ToMu, round } from '../../domain/units'
import { type AuthEnv, requireRole } from '../middleware/authenticate'
import { validate } from '../validation'

export function zoneRoutes(deps: AppDeps) {
  return new Hono<AuthEnv>()
    .get('/', async (c) => {
      const [bbox, name, totals] = await Promise.all([
        findZoneExtent(deps.pool),
        findSetting<string>(deps.pool, 'zone_name'),
        findParcelTotals(deps.pool),
      ])
      return c.json({
        name: name ?? 'Guatu',
        bbox,
        today: deps.today(),
        time_zone: 'Asia/Shanghai',
        basemap_style_url: deps.basemapStyleUrl,
        parcels: { count: totals.count, available_mu: round(m2ToMu(totals.availableM2), 2) },
      })
    })
    .get('/settings', async (c) => c.json(await landSettings(deps.pool)))
    .patch('/settings', requireRole('admin'), validate('json', LandSettings.partial()), async (c) => {
      const body = c.req.valid('json')
      const actor = c.get('principal').username
      await withTransaction(deps.pool, async (db) => {
        const before = await landSettings(db)
        for (const [key, value] of Object.entries(body)) {
          // durations are partial: merge them into the current ones rather than forget the others
          const next =
            key === 'milestone_durations' ? { ...before.milestone_durations, ...(value as object) } : value
          await upsertSetting(db, key, next)
          await insertHistory(db, {
            entityType: 'setting',
            entityId: 0,
            action: 'update',
            actor,
            changes: { [key]: { from: before[key as keyof typeof before], to: next } },
          })
        }
      })
      return c.json(await landSettings(deps.pool))
    })
}
