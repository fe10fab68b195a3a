import { Hono } from 'hono'
import { findInfrastructure } from '../db/infrastructure'
import type { AppDeps } from '../deps'
import { InfrastructureQuery, isInfrastructureLate } from '../domain/infrastructure'
import type { AuthEnv } from '../middleware/authenticate'
import { validate } from '../validation'

export function infrastructureRoutes(deps: AppDeps) {
  return new Hono<AuthEnv>().get('/', validate('query', InfrastructureQuery), async (c) => {
    const today = deps.today()
    const rows = await findInfrastructure(deps.pool, c.req.valid('query'))
    return c.json({
      type: 'FeatureCollection' as const,
      features: rows.map(({ geometry, ...props }) => ({
        type: 'Feature' as const,
        id: props.id,
        geometry,
        properties: { ...props, late: isInfrastructureLate(props, today) },
      })),
    })
  })
}
