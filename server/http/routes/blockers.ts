import { Hono } from 'hono'
import type { AppDeps } from '../../deps'
import { BlockerCreate, BlockerPatch, BlockerQuery } from '../../domain/project'
import { IdParam } from '../../domain/query'
import { expectedVersion } from '../../errors'
import { addBlocker } from '../../services/projects/add-blocker'
import { blockersByOwner, projectBlockers } from '../../services/projects/queries'
import { updateBlocker } from '../../services/projects/update-blocker'
import type { AuthEnv } from '../middleware/authenticate'
import { validate } from '../validation'

const BlockerParam = IdParam.extend({ bid: IdParam.shape.id }).strict()

/** /api/projects/:id/blockers: a project's blockers (难点堵点), mounted beside the project routes. */
export function projectBlockerRoutes(deps: AppDeps) {
  return new Hono<AuthEnv>()
    .get('/:id/blockers', validate('param', IdParam), async (c) => {
      return c.json(await projectBlockers(deps, c.req.valid('param').id))
    })
    .post('/:id/blockers', validate('param', IdParam), validate('json', BlockerCreate), async (c) => {
      const { id } = c.req.valid('param')
      return c.json(await addBlocker(deps, c.get('principal'), id, c.req.valid('json')), 201)
    })
    .patch(
      '/:id/blockers/:bid',
      validate('param', BlockerParam),
      validate('json', BlockerPatch),
      async (c) => {
        const { id, bid } = c.req.valid('param')
        const { version, ...input } = c.req.valid('json')
        const sent = expectedVersion(version, c.req.header('if-match'))
        return c.json(await updateBlocker(deps, c.get('principal'), id, bid, { ...input, version: sent }))
      },
    )
}

/** GET /api/blockers: blockers across projects, per owner (the zone department); `overdue=true` keeps the late ones. */
export function blockerRoutes(deps: AppDeps) {
  return new Hono<AuthEnv>().get('/', validate('query', BlockerQuery), async (c) => {
    return c.json(await blockersByOwner(deps, c.req.valid('query')))
  })
}
