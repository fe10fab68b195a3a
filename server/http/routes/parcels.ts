import { Hono } from 'hono'
import { z } from 'zod'
import { findParcelHistory, insertHistory } from '../../db/history'
import { forecastParcels } from '../../db/parcel-forecasts'
import {
  copyMilestones,
  deleteParcel,
  findFilteredSchedules,
  findMilestones,
  findParcel,
  findParcelProject,
  findParcelSchedules,
  findParcels,
  findParcelsById,
  geometryProblem,
  insertParcel,
  lockParcel,
  mergeGeometry,
  type ParcelRow,
  splitGeometry,
  updateParcel,
  writeMilestone,
} from '../../db/parcels'
import { type Queryable, withTransaction } from '../../db/pool'
import { findLandSettings as landSettings } from '../../db/zone'
import type { AppDeps } from '../../deps'
import { diffChanges } from '../../domain/changes'
import {
  checkMilestoneDates,
  MilestonePatch,
  ScheduleRequest,
  scheduleBackwards,
} from '../../domain/milestones'
import {
  ParcelCreate,
  ParcelGeometry,
  ParcelMerge,
  ParcelPatch,
  ParcelQuery,
  type ParcelReadiness,
  ParcelReadinessQuery,
  ParcelSplit,
  parcelProperties,
} from '../../domain/parcel'
import { IdParam } from '../../domain/query'
import type { ParcelForecast } from '../../domain/schedule'
import { MilestoneKind } from '../../domain/vocabulary'
import { ApiError, expectedVersion, versionConflict } from '../../errors'
import { type AuthEnv, requireRole } from '../middleware/authenticate'
import { validate } from '../validation'

function toFeature(row: ParcelRow, forecast: ParcelForecast) {
  const properties = parcelProperties(row, forecast)
  return { feature: { type: 'Feature' as const, id: row.id, geometry: row.geometry, properties }, forecast }
}

/** Features with forecasts for rows. */
async function toFeatures(db: Queryable, rows: ParcelRow[], today: string) {
  const forecasts = await forecastParcels(db, rows, today)
  return rows.map((row, i) => toFeature(row, forecasts[i] as ParcelForecast))
}

/** One parcel with its forecast milestones and its project; 404 when it does not exist. */
async function parcelDetail(db: Queryable, id: number, today: string) {
  const row = await findParcel(db, id)
  if (!row) throw new ApiError(404, 'not_found', `No parcel ${id}`)
  const [{ feature, forecast }] = (await toFeatures(db, [row], today)) as [ReturnType<typeof toFeature>]
  const project = await findParcelProject(db, id)
  const milestones = forecast.milestones.map((m) => {
    const source = row.milestones.find((s) => s.kind === m.kind)
    return { ...m, owner: source?.owner ?? null, note: source?.note ?? null, version: source?.version ?? 0 }
  })
  return { ...feature, milestones, project }
}

function checkedGeometry(value: unknown): ParcelGeometry {
  const parsed = ParcelGeometry.safeParse(value)
  if (!parsed.success) {
    const issue = parsed.error.issues[0]
    throw new ApiError(
      400,
      'invalid_geometry',
      `geometry: ${issue?.message ?? 'not a GeoJSON Polygon or MultiPolygon'}`,
      [{ path: ['geometry', ...(issue?.path ?? [])].join('.'), message: issue?.message }],
    )
  }
  return parsed.data
}

async function assertGeometryAccepted(db: Queryable, geometry: GeoJSON.Geometry, ignoreIds: number[]) {
  const problem = await geometryProblem(db, geometry, ignoreIds)
  if (problem) throw new ApiError(400, 'invalid_geometry', problem)
}

/** A parcel held or built on by a project is not split, merged or deleted from under it. */
async function assertNotInUse(db: Queryable, ids: number[]) {
  const { rows } = await db.query<{ code: string }>(
    `select p.code from parcels p where p.id = any($1::bigint[]) and (
       exists (select 1 from projects pr where pr.parcel_id = p.id and pr.stage <> 'dropped')
       or exists (select 1 from reservations r where r.parcel_id = p.id and r.released_at is null))`,
    [ids],
  )
  if (rows.length > 0) {
    throw new ApiError(
      409,
      'parcel_in_use',
      `Parcel ${rows.map((r) => r.code).join(', ')} is held by a project`,
    )
  }
}

function snapshot(row: ParcelRow) {
  return {
    code: row.code,
    name: row.name,
    status: row.status,
    land_use: row.landUse,
    target_on: row.targetOn,
  }
}

const KindParam = z.object({ id: IdParam.shape.id, kind: MilestoneKind }).strict()
const DeleteQuery = z.object({ version: z.coerce.number().int().positive().optional() }).strict()

export function parcelRoutes(deps: AppDeps) {
  const { pool } = deps
  const write = requireRole('land_officer')
  return new Hono<AuthEnv>()
    .get('/', validate('query', ParcelQuery), async (c) => {
      const query = c.req.valid('query')
      const today = deps.today()
      let page: { rows: ParcelRow[]; total: number }
      if (query.available_by) {
        // the forecast depends on today's date: forecast every parcel the other filters select, keep those
        // available by then, and page through those (numberMatched counts them all)
        const by = query.available_by
        const schedules = await findFilteredSchedules(pool, query)
        const forecasts = await forecastParcels(pool, schedules, today)
        const matched = schedules.filter((_, i) => {
          const on = forecasts[i]?.available_on
          return on != null && on <= by
        })
        const ids = matched.slice(query.offset, query.offset + query.limit).map((row) => row.id)
        page = { rows: await findParcelsById(pool, ids), total: matched.length }
      } else {
        page = await findParcels(pool, query)
      }
      const features = (await toFeatures(pool, page.rows, today)).map((f) => f.feature)
      return c.json({
        type: 'FeatureCollection' as const,
        numberMatched: page.total,
        numberReturned: features.length,
        features,
      })
    })
    .get('/readiness', validate('query', ParcelReadinessQuery), async (c) => {
      const query = c.req.valid('query')
      const asOf = query.as_of ?? deps.today()
      const { rows, truncated } = await findParcelSchedules(pool, query.bbox ?? null, query.limit)
      const forecasts = await forecastParcels(pool, rows, asOf)
      const parcels: ParcelReadiness[] = rows.map((row, i) => ({
        id: row.id,
        readiness: forecasts[i]?.readiness ?? null,
        available_on: forecasts[i]?.available_on ?? null,
      }))
      return c.json({ as_of: asOf, truncated, parcels })
    })
    .post('/', write, validate('json', ParcelCreate), async (c) => {
      const body = c.req.valid('json')
      const geometry = checkedGeometry(body.geometry)
      const actor = c.get('principal').username
      const id = await withTransaction(pool, async (db) => {
        await assertGeometryAccepted(db, geometry, [])
        const exists = await db.query('select 1 from parcels where code = $1', [body.code])
        if (exists.rows.length > 0)
          throw new ApiError(409, 'conflict', `A parcel with code ${body.code} exists`)
        const newId = await insertParcel(db, { ...body, geometry })
        await insertHistory(db, {
          entityType: 'parcel',
          entityId: newId,
          action: 'create',
          actor,
          changes: { ...body, geometry: undefined },
        })
        return newId
      })
      return c.json(await parcelDetail(pool, id, deps.today()), 201)
    })
    .post('/merge', write, validate('json', ParcelMerge), async (c) => {
      const body = c.req.valid('json')
      const actor = c.get('principal').username
      const id = await withTransaction(pool, async (db) => {
        const rows: ParcelRow[] = []
        for (const parcelId of body.ids) {
          await lockParcel(db, parcelId)
          const row = await findParcel(db, parcelId)
          if (!row) throw new ApiError(404, 'not_found', `No parcel ${parcelId}`)
          const sent = body.versions?.[String(parcelId)]
          if (sent !== undefined && sent !== row.version) throw versionConflict(snapshot(row), sent)
          rows.push(row)
        }
        await assertNotInUse(db, body.ids)
        const geometry = await mergeGeometry(db, body.ids)
        if (!geometry)
          throw new ApiError(400, 'invalid_geometry', 'These parcels do not form one connected area')
        const first = rows[0] as ParcelRow
        for (const row of rows) {
          await db.query('delete from parcels where id = $1', [row.id])
          await insertHistory(db, {
            entityType: 'parcel',
            entityId: row.id,
            action: 'delete',
            actor,
            changes: snapshot(row),
            reason: body.reason ?? 'merged',
          })
        }
        const code = body.code ?? first.code
        const newId = await insertParcel(db, {
          code,
          name: body.name ?? first.name,
          land_use: first.landUse,
          status: first.status,
          target_on: first.targetOn,
          geometry,
        })
        await db.query(
          `insert into parcel_milestones (parcel_id, kind, planned_on, actual_on, owner, note)
           select $1, x.kind, x.planned_on, x.actual_on, x.owner, x.note
           from jsonb_to_recordset($2::jsonb) as x(kind text, planned_on date, actual_on date, owner text, note text)`,
          [newId, JSON.stringify(first.milestones)],
        )
        await insertHistory(db, {
          entityType: 'parcel',
          entityId: newId,
          action: 'create',
          actor,
          changes: { code, merged_from: rows.map((r) => r.code) },
          reason: body.reason ?? null,
        })
        return newId
      })
      return c.json(await parcelDetail(pool, id, deps.today()), 201)
    })
    .get('/:id', validate('param', IdParam), async (c) => {
      return c.json(await parcelDetail(pool, c.req.valid('param').id, deps.today()))
    })
    .patch('/:id', write, validate('param', IdParam), validate('json', ParcelPatch), async (c) => {
      const { id } = c.req.valid('param')
      const body = c.req.valid('json')
      const version = expectedVersion(body.version, c.req.header('if-match'))
      const geometry = 'geometry' in body ? checkedGeometry(body.geometry) : undefined
      const actor = c.get('principal').username
      await withTransaction(pool, async (db) => {
        await lockParcel(db, id)
        const before = await findParcel(db, id)
        if (!before) throw new ApiError(404, 'not_found', `No parcel ${id}`)
        if (before.version !== version)
          throw versionConflict({ ...snapshot(before), version: before.version }, version)
        if (geometry) await assertGeometryAccepted(db, geometry, [id])
        const { version: _v, reason, geometry: _g, ...fields } = body
        await updateParcel(db, id, version, { ...fields, ...(geometry ? { geometry } : {}) })
        const changes = diffChanges(snapshot(before), { ...snapshot(before), ...fields })
        if (geometry) changes.geometry = { from: before.geometry, to: geometry }
        await insertHistory(db, {
          entityType: 'parcel',
          entityId: id,
          action: 'update',
          actor,
          changes,
          reason,
        })
      })
      return c.json(await parcelDetail(pool, id, deps.today()))
    })
    .delete('/:id', write, validate('param', IdParam), validate('query', DeleteQuery), async (c) => {
      const { id } = c.req.valid('param')
      const version = expectedVersion(c.req.valid('query').version, c.req.header('if-match'))
      const actor = c.get('principal').username
      await withTransaction(pool, async (db) => {
        await lockParcel(db, id)
        const before = await findParcel(db, id)
        if (!before) throw new ApiError(404, 'not_found', `No parcel ${id}`)
        if (before.version !== version)
          throw versionConflict({ ...snapshot(before), version: before.version }, version)
        await assertNotInUse(db, [id])
        await deleteParcel(db, id, version)
        await insertHistory(db, {
          entityType: 'parcel',
          entityId: id,
          action: 'delete',
          actor,
          changes: snapshot(before),
        })
      })
      return c.body(null, 204)
    })
    .post('/:id/split', write, validate('param', IdParam), validate('json', ParcelSplit), async (c) => {
      const { id } = c.req.valid('param')
      const body = c.req.valid('json')
      const actor = c.get('principal').username
      const ids = await withTransaction(pool, async (db) => {
        await lockParcel(db, id)
        const before = await findParcel(db, id)
        if (!before) throw new ApiError(404, 'not_found', `No parcel ${id}`)
        if (body.version !== undefined && before.version !== body.version) {
          throw versionConflict({ ...snapshot(before), version: before.version }, body.version)
        }
        await assertNotInUse(db, [id])
        const pieces = await splitGeometry(db, id, body.line as GeoJSON.LineString)
        if (pieces.length < 2)
          throw new ApiError(400, 'invalid_geometry', 'The line does not cut the parcel in two')
        const codes = pieces.map((_, i) => `${before.code}-${String.fromCharCode(65 + i)}`)
        const taken = await db.query<{ code: string }>('select code from parcels where code = any($1)', [
          codes,
        ])
        if (taken.rows.length > 0)
          throw new ApiError(409, 'conflict', `Parcel code ${taken.rows[0]?.code} exists`)
        const newIds: number[] = []
        for (const [i, geometry] of pieces.entries()) {
          const newId = await insertParcel(db, {
            code: codes[i] as string,
            name: before.name,
            land_use: before.landUse,
            status: before.status,
            target_on: before.targetOn,
            geometry,
          })
          await copyMilestones(db, id, newId)
          await insertHistory(db, {
            entityType: 'parcel',
            entityId: newId,
            action: 'create',
            actor,
            changes: { code: codes[i], split_from: before.code },
            reason: body.reason ?? null,
          })
          newIds.push(newId)
        }
        await db.query('delete from parcels where id = $1', [id])
        await insertHistory(db, {
          entityType: 'parcel',
          entityId: id,
          action: 'delete',
          actor,
          changes: snapshot(before),
          reason: body.reason ?? `split into ${codes.join(', ')}`,
        })
        return newIds
      })
      const today = deps.today()
      return c.json(
        {
          type: 'FeatureCollection' as const,
          features: await Promise.all(ids.map((newId) => parcelDetail(pool, newId, today))),
        },
        201,
      )
    })
    .get('/:id/history', validate('param', IdParam), async (c) => {
      const { id } = c.req.valid('param')
      return c.json(await findParcelHistory(pool, id))
    })
    .get('/:id/milestones', validate('param', IdParam), async (c) => {
      return c.json((await parcelDetail(pool, c.req.valid('param').id, deps.today())).milestones)
    })
    .patch(
      '/:id/milestones/:kind',
      write,
      validate('param', KindParam),
      validate('json', MilestonePatch),
      async (c) => {
        const { id, kind } = c.req.valid('param')
        const body = c.req.valid('json')
        const version = expectedVersion(body.version, c.req.header('if-match'))
        const actor = c.get('principal').username
        const today = deps.today()
        await withTransaction(pool, async (db) => {
          await lockParcel(db, id)
          const exists = await db.query('select 1 from parcels where id = $1', [id])
          if (exists.rows.length === 0) throw new ApiError(404, 'not_found', `No parcel ${id}`)
          const all = await findMilestones(db, id)
          const current = all.find((m) => m.kind === kind)
          const currentVersion = current?.version ?? 0
          if (currentVersion !== version) throw versionConflict(current ?? { kind, version: 0 }, version)
          const before = current ?? {
            kind,
            planned_on: null,
            actual_on: null,
            owner: null,
            note: null,
            version: 0,
          }
          const next = {
            planned_on: body.planned_on !== undefined ? body.planned_on : before.planned_on,
            actual_on: body.actual_on !== undefined ? body.actual_on : before.actual_on,
            owner: body.owner !== undefined ? body.owner : before.owner,
            note: body.note !== undefined ? body.note : before.note,
          }
          // only the dates this change sets are checked: an old inconsistency must not block an unrelated fix
          const changed = { actual_on: body.actual_on ?? null, planned_on: body.planned_on ?? null }
          const check = checkMilestoneDates(kind, changed, all, today)
          if (!check.ok)
            throw new ApiError(400, 'validation_failed', check.reason, [
              { path: kind, message: check.reason },
            ])
          await writeMilestone(db, id, kind, version, next)
          const { version: _v, ...beforeFields } = before
          await insertHistory(db, {
            entityType: 'milestone',
            entityId: id,
            action: version === 0 ? 'create' : 'update',
            actor,
            changes: { kind, ...diffChanges(beforeFields, { kind, ...next }) },
            reason: body.reason ?? null,
          })
        })
        return c.json(await parcelDetail(pool, id, today))
      },
    )
    .post(
      '/:id/schedule',
      validate('param', IdParam),
      validate('json', ScheduleRequest.extend({ version: z.number().int().positive().optional() })),
      async (c) => {
        const { id } = c.req.valid('param')
        const body = c.req.valid('json')
        const principal = c.get('principal')
        const settings = await landSettings(pool)
        const durations = { ...settings.milestone_durations, ...body.durations_days }
        const milestones = scheduleBackwards(body.target_on, durations)
        if (!body.save) {
          if (!(await findParcel(pool, id))) throw new ApiError(404, 'not_found', `No parcel ${id}`)
          return c.json({ target_on: body.target_on, milestones, saved: false })
        }
        if (principal.role !== 'admin' && principal.role !== 'land_officer') {
          throw new ApiError(403, 'forbidden', `The ${principal.role} role may not save a schedule`)
        }
        await withTransaction(pool, async (db) => {
          await lockParcel(db, id)
          const before = await findParcel(db, id)
          if (!before) throw new ApiError(404, 'not_found', `No parcel ${id}`)
          if (body.version !== undefined && before.version !== body.version) {
            throw versionConflict({ ...snapshot(before), version: before.version }, body.version)
          }
          await db.query(
            'update parcels set target_on = $2, version = version + 1, updated_at = now() where id = $1',
            [id, body.target_on],
          )
          await db.query(
            `insert into parcel_milestones (parcel_id, kind, planned_on)
           select $1, x.kind, x.planned_on from jsonb_to_recordset($2::jsonb) as x(kind text, planned_on date)
           on conflict (parcel_id, kind) do update set planned_on = excluded.planned_on,
             version = parcel_milestones.version + 1, updated_at = now()`,
            [id, JSON.stringify(milestones)],
          )
          await insertHistory(db, {
            entityType: 'parcel',
            entityId: id,
            action: 'update',
            actor: principal.username,
            changes: {
              target_on: { from: before.targetOn, to: body.target_on },
              schedule: Object.fromEntries(milestones.map((m) => [m.kind, m.planned_on])),
            },
            reason: 'backward schedule (倒排)',
          })
        })
        return c.json({ target_on: body.target_on, milestones, saved: true })
      },
    )
}
