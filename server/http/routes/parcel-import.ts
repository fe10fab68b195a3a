import { Hono } from 'hono'
import { bodyLimit } from 'hono/body-limit'
import { z } from 'zod'
import { forecastParcels } from '../../db/parcel-forecasts'
import {
  checkImportGeometries,
  findParcelsByCode,
  findPreciseGeometries,
  type ImportWrite,
  insertImportedParcels,
  updateImportedParcels,
} from '../../db/parcel-import'
import { findParcels } from '../../db/parcels'
import { withTransaction } from '../../db/pool'
import type { AppDeps } from '../../deps'
import { parcelsToBoundaryTxt } from '../../domain/export/boundary-txt'
import { parcelsToCsv } from '../../domain/export/csv'
import { encodeGbk } from '../../domain/export/gbk'
import { IMPORT_CRSS, parseCrsName } from '../../domain/import/crs'
import { type ImportRejection, readParcelFile } from '../../domain/import/read-parcel-file'
import { areaFigures, ParcelQuery, parcelProperties } from '../../domain/parcel'
import type { ParcelForecast } from '../../domain/schedule'
import { type LandUse, LandUse as LandUseSchema } from '../../domain/vocabulary'
import { ApiError, errorBody } from '../../errors'
import { type AuthEnv, requireRole } from '../middleware/authenticate'
import { validate } from '../validation'

/** The largest import file accepted; the 4,241-parcel cadastre file is 2.3 MB. */
export const IMPORT_MAX_BYTES = 50 * 1024 * 1024

const Field = z.string().trim().max(64)
const ImportFields = z.object({
  crs: z
    .string()
    .trim()
    .max(100)
    .optional()
    .transform((value, ctx) => {
      if (!value || value === 'file') return undefined
      const crs = parseCrsName(value)
      if (!crs)
        ctx.addIssue({
          code: 'custom',
          message: `unknown CRS "${value}"; use one of ${IMPORT_CRSS.join(', ')}`,
        })
      return crs ?? undefined
    }),
  code_field: Field.optional(),
  name_field: Field.optional(),
  land_use_field: Field.optional(),
  default_land_use: z.union([z.literal(''), LandUseSchema]).optional(),
  dry_run: z.enum(['true', 'false', '1', '0', 'on', '']).optional(),
})

const ExportQuery = ParcelQuery.omit({ limit: true, offset: true })
  .extend({ format: z.enum(['geojson', 'csv', 'txt']).default('geojson') })
  .strict()

function textFields(body: Record<string, unknown>) {
  const out: Record<string, string> = {}
  for (const [key, value] of Object.entries(body)) if (typeof value === 'string') out[key] = value
  return out
}

function rejectionDetails(rejected: ImportRejection[]) {
  return rejected.map((r) => ({ index: r.index, code: r.code, reason: r.reason }))
}

export function parcelImportRoutes(deps: AppDeps) {
  const { pool } = deps
  return new Hono<AuthEnv>()
    .post(
      '/import',
      requireRole('land_officer'),
      bodyLimit({
        maxSize: IMPORT_MAX_BYTES,
        onError: (c) =>
          c.json(
            errorBody('payload_too_large', `The file is larger than ${IMPORT_MAX_BYTES / 1024 / 1024} MB`),
            413,
          ),
      }),
      async (c) => {
        if (!/^multipart\/form-data/i.test(c.req.header('content-type') ?? '')) {
          throw new ApiError(
            415,
            'unsupported_media_type',
            'Send the file as multipart/form-data in field "file"',
          )
        }
        let body: Record<string, unknown>
        try {
          body = await c.req.parseBody()
        } catch {
          throw new ApiError(400, 'validation_failed', 'The multipart body cannot be read')
        }
        const file = body.file
        if (!(file instanceof File)) {
          throw new ApiError(400, 'validation_failed', 'Send the file in the multipart field "file"', [
            { path: 'file', message: 'required' },
          ])
        }
        const fields = ImportFields.parse(textFields(body))
        const dryRun = ['true', '1', 'on'].includes(fields.dry_run ?? '')
        // a preview writes nothing: open maps need not reload
        if (dryRun) c.set('unchanged', true)
        const defaultLandUse: LandUse | undefined = fields.default_land_use || undefined
        const read = await readParcelFile(new Uint8Array(await file.arrayBuffer()), {
          filename: file.name,
          crs: fields.crs,
          codeField: fields.code_field || undefined,
          nameField: fields.name_field || undefined,
          landUseField: fields.land_use_field || undefined,
        })
        if (!read.ok) {
          if (read.kind === 'unsupported') throw new ApiError(415, 'unsupported_media_type', read.reason)
          throw new ApiError(400, 'validation_failed', read.reason, [{ path: 'file', message: read.reason }])
        }
        const { rows, format, crs, crs_source } = read.value
        const total = rows.length + read.value.rejected.length
        const actor = c.get('principal').username
        const reason = `import ${file.name}`.slice(0, 500)

        const report = await withTransaction(pool, async (db) => {
          const existing = await findParcelsByCode(
            db,
            rows.map((r) => r.code),
          )
          const checks = new Map((await checkImportGeometries(db, rows)).map((check) => [check.index, check]))
          const rejected = [...read.value.rejected]
          // accepted, but the officer should look: the same land would be counted twice
          const overlaps: ImportRejection[] = []
          const creates: ImportWrite[] = []
          const updates: ImportWrite[] = []
          const preview: { index: number; code: string; action: 'create' | 'update'; area_m2: number }[] = []
          for (const row of rows) {
            const check = checks.get(row.index)
            if (!check || check.problem) {
              rejected.push({
                index: row.index,
                code: row.code,
                reason: check?.problem ?? 'geometry was not checked',
              })
              continue
            }
            const isUpdate = existing.has(row.code)
            const land_use = row.land_use ?? (isUpdate ? undefined : defaultLandUse)
            if (!isUpdate && !land_use) {
              rejected.push({
                index: row.index,
                code: row.code,
                reason: 'no land use for a new parcel: map a land-use field or choose a default land use',
              })
              continue
            }
            if (check.overlaps) overlaps.push({ index: row.index, code: row.code, reason: check.overlaps })
            const write = { code: row.code, name: row.name, land_use, geometry: row.geometry }
            ;(isUpdate ? updates : creates).push(write)
            preview.push({
              index: row.index,
              code: row.code,
              action: isUpdate ? 'update' : 'create',
              ...areaFigures(check.areaM2 ?? 0),
            })
          }
          rejected.sort((a, b) => a.index - b.index)
          if (dryRun)
            return { created: creates.length, updated: updates.length, rejected, overlaps, parcels: preview }
          if (rejected.length > 0) {
            throw new ApiError(
              422,
              'import_rejected',
              `${rejected.length} of ${total} features cannot be imported; nothing was written`,
              rejectionDetails(rejected),
            )
          }
          const updated = await updateImportedParcels(db, updates, actor, reason)
          const created = await insertImportedParcels(db, creates, actor, reason)
          return { created, updated, rejected, overlaps }
        })
        return c.json({
          ...report,
          rejected: rejectionDetails(report.rejected),
          overlaps: rejectionDetails(report.overlaps),
          crs,
          crs_source,
          format,
          dry_run: dryRun,
        })
      },
    )
    .get('/export', validate('query', ExportQuery), async (c) => {
      const { format, ...filters } = c.req.valid('query')
      const today = deps.today()
      const { rows } = await findParcels(pool, { ...filters, limit: 1_000_000, offset: 0 })
      const forecasts = await forecastParcels(pool, rows, today)
      const parcels = rows
        .map((row, i) => ({ row, properties: parcelProperties(row, forecasts[i] as ParcelForecast) }))
        // the forecast depends on today's date, so this filter runs after it
        .filter(
          ({ properties: p }) =>
            !filters.available_by || (p.available_on !== null && p.available_on <= filters.available_by),
        )
      const filename = `parcels-${today}.${format === 'geojson' ? 'geojson' : format}`
      const disposition = `attachment; filename="${filename}"`
      if (format === 'csv') {
        const csv = parcelsToCsv(
          parcels.map(({ row, properties }) => ({ ...properties, milestones: row.milestones })),
        )
        return c.body(csv, 200, {
          'content-type': 'text/csv; charset=utf-8',
          'content-disposition': disposition,
        })
      }
      if (format === 'txt') {
        const precise = await findPreciseGeometries(
          pool,
          parcels.map((p) => p.row.id),
        )
        const txt = parcelsToBoundaryTxt(
          parcels.map(({ row }) => ({
            code: row.code,
            name: row.name,
            land_use: row.landUse as LandUse,
            area_m2: row.areaM2,
            geometry: precise.get(row.id) ?? row.geometry,
          })),
          today,
        )
        return c.body(encodeGbk(txt), 200, {
          'content-type': 'text/plain; charset=GBK',
          'content-disposition': disposition,
        })
      }
      return c.body(
        JSON.stringify({
          type: 'FeatureCollection',
          features: parcels.map(({ row, properties }) => ({
            type: 'Feature',
            id: row.id,
            geometry: row.geometry,
            properties,
          })),
        }),
        200,
        { 'content-type': 'application/geo+json', 'content-disposition': disposition },
      )
    })
}
