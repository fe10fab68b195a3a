import { Hono } from 'hono'
import { findProjects } from '../db/projects'
import type { AppDeps } from '../deps'
import { ProjectQuery } from '../domain/project'
import type { AuthEnv } from '../middleware/authenticate'
import { validate } from '../validation'

export function projectRoutes(deps: AppDeps) {
  return new Hono<AuthEnv>().get('/', validate('query', ProjectQuery), async (c) => {
    return c.json(await findProjects(deps.pool, c.req.valid('query')))
  })
}
