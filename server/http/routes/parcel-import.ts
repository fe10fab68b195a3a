import { Hono } from 'hono'
import { bodyLimit } from 'hono/body-limit'
import { z } from 'zod'
import type { AppDeps } from '../../deps'
import { parcelsToBoundaryTxt } from '../../domain/export/boundary-txt'
import { parcelsToCsv } from '../../domain/export/csv'
import { encodeGbk } from '../../domain/export/gbk'
import { ImportFields } from '../../domain/import/import-fields'
import { type ImportRejection, readParcelFile } from '../../domain/import/read-parcel-file'
import { ParcelQuery } from '../../domain/parcel'
import type { LandUse } from '../../domain/vocabulary'
import { ApiError, errorBody } from '../../errors'
import { importParcels } from '../../services/parcels/import-parcels'
import { parcelsForExport } from '../../services/parcels/queries'
import type { AuthEnv } from '../middleware/authenticate'
import { validate } from '../validation'

/** The largest import file accepted; the 4,241-parcel cadastre file is 2.3 MB. */
export const IMPORT_MAX_BYTES = 50 * 1024 * 1024

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
  return new Hono<AuthEnv>()
    .post(
      '/import',
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
        const report = await importParcels(deps, c.get('principal'), {
          rows,
          rejected: read.value.rejected,
          defaultLandUse: fields.default_land_use || undefined,
          dryRun,
          reason: `import ${file.name}`.slice(0, 500),
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
      const parcels = await parcelsForExport(deps, filters, format === 'txt')
      const filename = `parcels-${deps.today()}.${format}`
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
        const txt = parcelsToBoundaryTxt(
          parcels.map(({ row, precise }) => ({
            code: row.code,
            name: row.name,
            land_use: row.landUse as LandUse,
            area_m2: row.areaM2,
            geometry: precise ?? row.geometry,
          })),
          deps.today(),
        )
        return c.body(encodeGbk(txt), 200, {
          'content-type': 'text/plain; charset=GBK',
          'content-disposition': disposition,
        })
      }
      const features = parcels.map(({ row, properties }) => ({
        type: 'Feature',
        id: row.id,
        geometry: row.geometry,
        properties,
      }))
      return c.body(JSON.stringify({ type: 'FeatureCollection', features }), 200, {
        'content-type': 'application/geo+json',
        'content-disposition': disposition,
      })
    })
}
