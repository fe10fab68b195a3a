import { Hono } from 'hono'
import type { AppDeps } from '../../deps'
import { LandSettingsPatch } from '../../domain/settings'
import { expectedVersion } from '../../errors'
import { zoneOverview, zoneSettings, zoneSettingsHistory } from '../../services/zone/queries'
import { updateZoneSettings } from '../../services/zone/update-settings'
import type { AuthEnv } from '../middleware/authenticate'
import { validate } from '../validation'

export function zoneRoutes(deps: AppDeps) {
  return (
    new Hono<AuthEnv>()
      .get('/', async (c) => c.json(await zoneOverview(deps)))
      .get('/settings', async (c) => c.json(await zoneSettings(deps.pool)))
      // the last 100 changes are all a settings screen shows; older ones stay in the audit export
      .get('/settings/history', async (c) => c.json(await zoneSettingsHistory(deps.pool, 100)))
      .patch('/settings', validate('json', LandSettingsPatch), async (c) => {
        const { version, ...change } = c.req.valid('json')
        const settings = await updateZoneSettings(deps, c.get('principal'), {
          version: expectedVersion(version, c.req.header('if-match')),
          change,
        })
        return c.json(settings)
      })
  )
}
