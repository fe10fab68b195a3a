import { Hono } from 'hono'
import { findParcel, findParcelProject, findParcels, type ParcelRow } from '../db/parcels'
import type { AppDeps } from '../deps'
import { areaFigures, type ParcelProperties, ParcelQuery } from '../domain/parcel'
import { IdParam } from '../domain/query'
import { forecastParcel } from '../domain/schedule'
import type { LandUse, ParcelStatus } from '../domain/vocabulary'
import { ApiError } from '../errors'
import type { AuthEnv } from '../middleware/authenticate'
import { validate } from '../validation'

function toFeature(row: ParcelRow, today: string) {
  const forecast = forecastParcel(row.milestones, row.targetOn, today)
  const properties: ParcelProperties = {
    id: row.id,
    code: row.code,
    name: row.name,
    status: row.status as ParcelStatus,
    land_use: row.landUse as LandUse,
    ...areaFigures(row.areaM2),
    target_on: row.targetOn,
    available_on: forecast.available_on,
    readiness: forecast.readiness,
    version: row.version,
  }
  return { feature: { type: 'Feature' as const, id: row.id, geometry: row.geometry, properties }, forecast }
}

export function parcelRoutes(deps: AppDeps) {
  return new Hono<AuthEnv>()
    .get('/', validate('query', ParcelQuery), async (c) => {
      const query = c.req.valid('query')
      const today = deps.today()
      const { rows, total } = await findParcels(deps.pool, query)
      let features = rows.map((row) => toFeature(row, today).feature)
      // the forecast depends on today's date, so this filter runs after it (issue: move into SQL at scale)
      if (query.available_by) {
        const by = query.available_by
        features = features.filter(
          (f) => f.properties.available_on !== null && f.properties.available_on <= by,
        )
      }
      return c.json({
        type: 'FeatureCollection' as const,
        numberMatched: query.available_by ? features.length : total,
        numberReturned: features.length,
        features,
      })
    })
    .get('/:id', validate('param', IdParam), async (c) => {
      const { id } = c.req.valid('param')
      const row = await findParcel(deps.pool, id)
      if (!row) throw new ApiError(404, 'not_found', `No parcel ${id}`)
      const { feature, forecast } = toFeature(row, deps.today())
      const project = await findParcelProject(deps.pool, id)
      const milestones = forecast.milestones.map((m) => {
        const source = row.milestones.find((s) => s.kind === m.kind)
        return { ...m, owner: source?.owner ?? null, note: source?.note ?? null }
      })
      return c.json({ ...feature, milestones, project })
    })
}
