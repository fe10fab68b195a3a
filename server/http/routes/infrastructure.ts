import { Hono } from 'hono'
import type { AppDeps } from '../../deps'
import {
  InfrastructureCreate,
  InfrastructurePatch,
  InfrastructureQuery,
  ProgressReport,
} from '../../domain/infrastructure'
import { IdParam } from '../../domain/query'
import { expectedVersion } from '../../errors'
import { createInfrastructure } from '../../services/infrastructure/create'
import {
  infrastructureDetail,
  infrastructureProgress,
  listInfrastructure,
} from '../../services/infrastructure/queries'
import { reportProgress } from '../../services/infrastructure/report-progress'
import { updateInfrastructure } from '../../services/infrastructure/update'
import type { AuthEnv } from '../middleware/authenticate'
import { validate } from '../validation'

export function infrastructureRoutes(deps: AppDeps) {
  const { pool } = deps
  return new Hono<AuthEnv>()
    .get('/', validate('query', InfrastructureQuery), async (c) =>
      c.json(await listInfrastructure(pool, c.req.valid('query'), deps.today())),
    )
    .post('/', validate('json', InfrastructureCreate), async (c) =>
      c.json(await createInfrastructure(deps, c.get('principal'), c.req.valid('json')), 201),
    )
    .get('/:id', validate('param', IdParam), async (c) =>
      c.json(await infrastructureDetail(pool, c.req.valid('param').id, deps.today())),
    )
    .patch('/:id', validate('param', IdParam), validate('json', InfrastructurePatch), async (c) => {
      const { version, reason, ...fields } = c.req.valid('json')
      const item = await updateInfrastructure(deps, c.get('principal'), {
        id: c.req.valid('param').id,
        version: expectedVersion(version, c.req.header('if-match')),
        reason,
        fields,
      })
      return c.json(item)
    })
    .get('/:id/progress', validate('param', IdParam), async (c) =>
      c.json(await infrastructureProgress(pool, c.req.valid('param').id)),
    )
    .post('/:id/progress', validate('param', IdParam), validate('json', ProgressReport), async (c) => {
      const { version, ...report } = c.req.valid('json')
      const item = await reportProgress(deps, c.get('principal'), {
        ...report,
        id: c.req.valid('param').id,
        version: expectedVersion(version, c.req.header('if-match')),
      })
      return c.json(item, 201)
    })
}
