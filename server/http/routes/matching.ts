import { Hono } from 'hono'
import type { AppDeps } from '../../deps'
import { MatchQuery } from '../../domain/project'
import { IdParam } from '../../domain/query'
import { projectsForParcel } from '../../services/matching/projects-for-parcel'
import type { AuthEnv } from '../middleware/authenticate'
import { validate } from '../validation'

/** GET /api/parcels/:id/matches, mounted beside the parcel routes: the projects the parcel fits, best first. */
export function parcelMatchRoutes(deps: AppDeps) {
  return new Hono<AuthEnv>().get(
    '/:id/matches',
    validate('param', IdParam),
    validate('query', MatchQuery),
    async (c) => {
      const { id } = c.req.valid('param')
      return c.json(await projectsForParcel(deps, id, c.req.valid('query').limit))
    },
  )
}
