import { Hono } from 'hono'
import type { AppDeps } from '../../deps'
import {
  MatchQuery,
  ProjectCreate,
  ProjectPatch,
  ProjectQuery,
  ReserveRequest,
  StageChange,
  VersionQuery,
} from '../../domain/project'
import { IdParam } from '../../domain/query'
import { expectedVersion, preferredLanguage } from '../../errors'
import { parcelsForProject } from '../../services/matching/parcels-for-project'
import { changeStage } from '../../services/projects/change-stage'
import { createProject } from '../../services/projects/create-project'
import { listProjects, projectDetail, projectHistory } from '../../services/projects/queries'
import { releaseReservation } from '../../services/projects/release-reservation'
import { reserveParcel } from '../../services/projects/reserve-parcel'
import { updateProject } from '../../services/projects/update-project'
import type { AuthEnv } from '../middleware/authenticate'
import { validate } from '../validation'

/** /api/projects: the investment pipeline; blockers are in ./blockers. Writes: investment and admin (permissions). */
export function projectRoutes(deps: AppDeps) {
  return new Hono<AuthEnv>()
    .get('/', validate('query', ProjectQuery), async (c) => {
      return c.json(await listProjects(deps, c.req.valid('query')))
    })
    .post('/', validate('json', ProjectCreate), async (c) => {
      return c.json(await createProject(deps, c.get('principal'), c.req.valid('json')), 201)
    })
    .get('/:id', validate('param', IdParam), async (c) => {
      return c.json(await projectDetail(deps, c.req.valid('param').id))
    })
    .get('/:id/history', validate('param', IdParam), async (c) => {
      const language = preferredLanguage(c.req.header('accept-language'))
      return c.json(await projectHistory(deps, c.req.valid('param').id, language))
    })
    .patch('/:id', validate('param', IdParam), validate('json', ProjectPatch), async (c) => {
      const { version, ...input } = c.req.valid('json')
      const sent = expectedVersion(version, c.req.header('if-match'))
      const { id } = c.req.valid('param')
      return c.json(await updateProject(deps, c.get('principal'), id, { ...input, version: sent }))
    })
    .post('/:id/stage', validate('param', IdParam), validate('json', StageChange), async (c) => {
      const { version, ...input } = c.req.valid('json')
      const sent = expectedVersion(version, c.req.header('if-match'))
      const { id } = c.req.valid('param')
      return c.json(await changeStage(deps, c.get('principal'), id, { ...input, version: sent }))
    })
    .get('/:id/matches', validate('param', IdParam), validate('query', MatchQuery), async (c) => {
      const { id } = c.req.valid('param')
      return c.json(await parcelsForProject(deps, id, c.req.valid('query').limit))
    })
    .post('/:id/reserve', validate('param', IdParam), validate('json', ReserveRequest), async (c) => {
      const { version, ...input } = c.req.valid('json')
      const sent = expectedVersion(version, c.req.header('if-match'))
      const { id } = c.req.valid('param')
      const result = await reserveParcel(deps, c.get('principal'), id, { ...input, version: sent })
      return c.json(result.reservation, result.created ? 201 : 200)
    })
    .delete('/:id/reserve', validate('param', IdParam), validate('query', VersionQuery), async (c) => {
      const sent = expectedVersion(c.req.valid('query').version, c.req.header('if-match'))
      const released = await releaseReservation(deps, c.get('principal'), c.req.valid('param').id, sent)
      return c.json({ released })
    })
}
