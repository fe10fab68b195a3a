import { Hono } from 'hono'
import { z } from 'zod'
import type { AppDeps } from '../../deps'
import { MilestonePatch, ScheduleRequest } from '../../domain/milestones'
import {
  ParcelCreate,
  ParcelGeometry,
  ParcelMerge,
  ParcelPatch,
  ParcelQuery,
  ParcelReadinessQuery,
  ParcelSplit,
} from '../../domain/parcel'
import { IdParam } from '../../domain/query'
import { MilestoneKind } from '../../domain/vocabulary'
import { expectedVersion, fail, preferredLanguage } from '../../errors'
import { createParcel } from '../../services/parcels/create-parcel'
import { deleteParcel } from '../../services/parcels/delete-parcel'
import { mergeParcels } from '../../services/parcels/merge-parcels'
import { listParcels, parcelDetail, parcelHistory, parcelReadiness } from '../../services/parcels/queries'
import { scheduleParcel } from '../../services/parcels/schedule-parcel'
import { splitParcel } from '../../services/parcels/split-parcel'
import { updateMilestone } from '../../services/parcels/update-milestone'
import { updateParcel } from '../../services/parcels/update-parcel'
import type { AuthEnv } from '../middleware/authenticate'
import { assertMay } from '../permissions'
import { validate } from '../validation'

/** A geometry checked on its own, so that a bad shape answers 400 invalid_geometry rather than validation_failed. */
function checkedGeometry(value: unknown): ParcelGeometry {
  const parsed = ParcelGeometry.safeParse(value)
  if (parsed.success) return parsed.data
  const issue = parsed.error.issues[0]
  throw fail(
    400,
    'invalid_geometry',
    'parcel.geometry',
    { reason: issue?.message ?? 'not a GeoJSON Polygon or MultiPolygon' },
    [{ path: ['geometry', ...(issue?.path ?? [])].join('.'), message: issue?.message }],
  )
}

const KindParam = z.object({ id: IdParam.shape.id, kind: MilestoneKind }).strict()
const DeleteQuery = z.object({ version: z.coerce.number().int().positive().optional() }).strict()
const Schedule = ScheduleRequest.extend({ version: z.number().int().positive().optional() })

export function parcelRoutes(deps: AppDeps) {
  return new Hono<AuthEnv>()
    .get('/', validate('query', ParcelQuery), async (c) =>
      c.json(await listParcels(deps, c.req.valid('query'))),
    )
    .get('/readiness', validate('query', ParcelReadinessQuery), async (c) =>
      c.json(await parcelReadiness(deps, c.req.valid('query'))),
    )
    .post('/', validate('json', ParcelCreate), async (c) => {
      const body = c.req.valid('json')
      const input = { ...body, geometry: checkedGeometry(body.geometry) }
      const id = await createParcel(deps, c.get('principal'), input)
      return c.json(await parcelDetail(deps, id), 201)
    })
    .post('/merge', validate('json', ParcelMerge), async (c) => {
      const { ids, versions, ...rest } = c.req.valid('json')
      const parcels = ids.map((id) => ({ id, version: versions[String(id)] as number }))
      const id = await mergeParcels(deps, c.get('principal'), { parcels, ...rest })
      return c.json(await parcelDetail(deps, id), 201)
    })
    .get('/:id', validate('param', IdParam), async (c) =>
      c.json(await parcelDetail(deps, c.req.valid('param').id)),
    )
    .patch('/:id', validate('param', IdParam), validate('json', ParcelPatch), async (c) => {
      const { id } = c.req.valid('param')
      const { version, reason, geometry, ...fields } = c.req.valid('json')
      await updateParcel(deps, c.get('principal'), id, {
        version: expectedVersion(version, c.req.header('if-match')),
        fields,
        geometry: 'geometry' in c.req.valid('json') ? checkedGeometry(geometry) : undefined,
        reason,
      })
      return c.json(await parcelDetail(deps, id))
    })
    .delete('/:id', validate('param', IdParam), validate('query', DeleteQuery), async (c) => {
      const version = expectedVersion(c.req.valid('query').version, c.req.header('if-match'))
      await deleteParcel(deps, c.get('principal'), c.req.valid('param').id, version)
      return c.body(null, 204)
    })
    .post('/:id/split', validate('param', IdParam), validate('json', ParcelSplit), async (c) => {
      const { version, line, reason } = c.req.valid('json')
      const ids = await splitParcel(deps, c.get('principal'), c.req.valid('param').id, {
        version: expectedVersion(version, c.req.header('if-match')),
        line: line as GeoJSON.LineString,
        reason,
      })
      const features = await Promise.all(ids.map((id) => parcelDetail(deps, id)))
      return c.json({ type: 'FeatureCollection' as const, features }, 201)
    })
    .get('/:id/history', validate('param', IdParam), async (c) =>
      c.json(
        await parcelHistory(
          deps,
          c.req.valid('param').id,
          preferredLanguage(c.req.header('accept-language')),
        ),
      ),
    )
    .get('/:id/milestones', validate('param', IdParam), async (c) =>
      c.json((await parcelDetail(deps, c.req.valid('param').id)).milestones),
    )
    .patch(
      '/:id/milestones/:kind',
      validate('param', KindParam),
      validate('json', MilestonePatch),
      async (c) => {
        const { id, kind } = c.req.valid('param')
        const body = c.req.valid('json')
        const version = expectedVersion(body.version, c.req.header('if-match'))
        await updateMilestone(deps, c.get('principal'), id, kind, { ...body, version })
        return c.json(await parcelDetail(deps, id))
      },
    )
    .post('/:id/schedule', validate('param', IdParam), validate('json', Schedule), async (c) => {
      const body = c.req.valid('json')
      const principal = c.get('principal')
      // anyone may preview a backward schedule; saving it is a write, allowed by its own rule
      if (body.save) assertMay('POST /api/parcels/:id/schedule save', principal)
      const version = body.save ? expectedVersion(body.version, c.req.header('if-match')) : undefined
      return c.json(await scheduleParcel(deps, principal, c.req.valid('param').id, { ...body, version }))
    })
}
