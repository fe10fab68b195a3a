import { Hono } from 'hono'
import { insertHistory } from '../../db/history'
import {
  findInfrastructure,
  findInfrastructureItem,
  findProgress,
  findServedParcels,
  type InfrastructureRow,
  insertInfrastructure,
  insertProgress,
  lockInfrastructure,
  updateInfrastructure,
} from '../../db/infrastructure'
import { type Queryable, withTransaction } from '../../db/pool'
import { findLandSettings } from '../../db/zone'
import type { AppDeps } from '../../deps'
import { diffChanges } from '../../domain/changes'
import {
  InfrastructureCreate,
  InfrastructurePatch,
  InfrastructureQuery,
  isInfrastructureLate,
  ProgressReport,
  statusForProgress,
} from '../../domain/infrastructure'
import { IdParam } from '../../domain/query'
import { ApiError, expectedVersion, versionConflict } from '../../errors'
import { type AuthEnv, requireRole } from '../middleware/authenticate'
import { validate } from '../validation'

function toFeature({ geometry, ...props }: InfrastructureRow, today: string) {
  return {
    type: 'Feature' as const,
    id: props.id,
    geometry,
    properties: { ...props, late: isInfrastructureLate(props, today) },
  }
}

async function geometryProblem(db: Queryable, geometry: GeoJSON.Geometry): Promise<string | null> {
  const { rows } = await db.query<{ reason: string; valid: boolean }>(
    `select ST_IsValid(g) as valid, ST_IsValidReason(g) as reason from ST_SetSRID(ST_GeomFromGeoJSON($1), 4326) g`,
    [JSON.stringify(geometry)],
  )
  return rows[0]?.valid ? null : `geometry is not valid: ${rows[0]?.reason ?? 'unreadable'}`
}

async function itemDetail(db: Queryable, id: number, today: string) {
  const item = await findInfrastructureItem(db, id)
  if (!item) throw new ApiError(404, 'not_found', `No infrastructure item ${id}`)
  const settings = await findLandSettings(db)
  const [progress, serves] = [
    await findProgress(db, id),
    await findServedParcels(db, id, settings.serving_distance_m),
  ]
  return { ...toFeature(item, today), progress, serves }
}

export function infrastructureRoutes(deps: AppDeps) {
  const { pool } = deps
  const write = requireRole('land_officer')
  return new Hono<AuthEnv>()
    .get('/', validate('query', InfrastructureQuery), async (c) => {
      const today = deps.today()
      const rows = await findInfrastructure(pool, c.req.valid('query'))
      return c.json({
        type: 'FeatureCollection' as const,
        features: rows.map((row) => toFeature(row, today)),
      })
    })
    .post('/', write, validate('json', InfrastructureCreate), async (c) => {
      const body = c.req.valid('json')
      const actor = c.get('principal').username
      const id = await withTransaction(pool, async (db) => {
        const problem = await geometryProblem(db, body.geometry)
        if (problem) throw new ApiError(400, 'invalid_geometry', problem)
        const newId = await insertInfrastructure(db, body)
        await insertHistory(db, {
          entityType: 'infrastructure',
          entityId: newId,
          action: 'create',
          actor,
          changes: { ...body, geometry: undefined },
        })
        return newId
      })
      return c.json(await itemDetail(pool, id, deps.today()), 201)
    })
    .get('/:id', validate('param', IdParam), async (c) =>
      c.json(await itemDetail(pool, c.req.valid('param').id, deps.today())),
    )
    .patch('/:id', write, validate('param', IdParam), validate('json', InfrastructurePatch), async (c) => {
      const { id } = c.req.valid('param')
      const { version: sent, reason, ...fields } = c.req.valid('json')
      const version = expectedVersion(sent, c.req.header('if-match'))
      const actor = c.get('principal').username
      await withTransaction(pool, async (db) => {
        await lockInfrastructure(db, id)
        const before = await findInfrastructureItem(db, id)
        if (!before) throw new ApiError(404, 'not_found', `No infrastructure item ${id}`)
        if (before.version !== version) throw versionConflict(before, version)
        const next = { ...before, ...fields }
        if (next.planned_start && next.planned_finish && next.planned_start > next.planned_finish) {
          throw new ApiError(400, 'validation_failed', 'planned_start is after planned_finish', [
            { path: 'planned_start' },
          ])
        }
        if (fields.geometry) {
          const problem = await geometryProblem(db, fields.geometry)
          if (problem) throw new ApiError(400, 'invalid_geometry', problem)
        }
        await updateInfrastructure(db, id, next)
        const { geometry: _g, ...scalar } = fields
        await insertHistory(db, {
          entityType: 'infrastructure',
          entityId: id,
          action: 'update',
          actor,
          changes: diffChanges({ ...before }, { ...before, ...scalar }),
          reason,
        })
      })
      return c.json(await itemDetail(pool, id, deps.today()))
    })
    .get('/:id/progress', validate('param', IdParam), async (c) =>
      c.json(await findProgress(pool, c.req.valid('param').id)),
    )
    .post('/:id/progress', write, validate('param', IdParam), validate('json', ProgressReport), async (c) => {
      const { id } = c.req.valid('param')
      const report = c.req.valid('json')
      const today = deps.today()
      if (report.on > today) {
        throw new ApiError(400, 'validation_failed', `on ${report.on} is in the future (today is ${today})`, [
          { path: 'on' },
        ])
      }
      const actor = c.get('principal').username
      await withTransaction(pool, async (db) => {
        await lockInfrastructure(db, id)
        const before = await findInfrastructureItem(db, id)
        if (!before) throw new ApiError(404, 'not_found', `No infrastructure item ${id}`)
        const status = statusForProgress(report.progress_pct)
        await insertProgress(db, id, { ...report, actor, status })
        await insertHistory(db, {
          entityType: 'infrastructure',
          entityId: id,
          action: 'progress',
          actor,
          changes: {
            progress_pct: { from: before.progress_pct, to: report.progress_pct },
            status: { from: before.status, to: status },
          },
          reason: report.note ?? null,
        })
      })
      return c.json(await itemDetail(pool, id, today), 201)
    })
}
