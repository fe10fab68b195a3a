import { Hono } from 'hono'
import type { AppDeps } from '../../deps'
import { FollowUpCreate } from '../../domain/follow-up'
import { IdParam } from '../../domain/query'
import { addFollowUp, projectFollowUps } from '../../services/projects/follow-ups'
import type { AuthEnv } from '../middleware/authenticate'
import { validate } from '../validation'

/** /api/projects/:id/follow-ups: a project's visits and talks (走访 / 洽谈), mounted beside the project routes. */
export function projectFollowUpRoutes(deps: AppDeps) {
  return new Hono<AuthEnv>()
    .get('/:id/follow-ups', validate('param', IdParam), async (c) => {
      return c.json(await projectFollowUps(deps, c.req.valid('param').id))
    })
    .post('/:id/follow-ups', validate('param', IdParam), validate('json', FollowUpCreate), async (c) => {
      const { id } = c.req.valid('param')
      return c.json(await addFollowUp(deps, c.get('principal'), id, c.req.valid('json')), 201)
    })
}
