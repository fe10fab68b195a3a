import { Hono } from 'hono'
import { findSetting, findZoneExtent } from '../db/zone'
import type { AppDeps } from '../deps'
import type { AuthEnv } from '../middleware/authenticate'

export function zoneRoutes(deps: AppDeps) {
  return new Hono<AuthEnv>().get('/', async (c) => {
    const [bbox, name] = await Promise.all([
      findZoneExtent(deps.pool),
      findSetting<string>(deps.pool, 'zone_name'),
    ])
    return c.json({
      name: name ?? 'Guatu',
      bbox,
      today: deps.today(),
      time_zone: 'Asia/Shanghai',
      basemap_style_url: deps.basemapStyleUrl,
    })
  })
}
