import { Hono } from 'hono'
import { bodyLimit } from 'hono/body-limit'
import { z } from 'zod'
import type { AppDeps } from '../../deps'
import { parcelsToBoundaryTxt } from '../../domain/export/boundary-txt'
import { parcelsToLabelledCsv, parcelsToXlsx } from '../../domain/export/csv'
import { encodeGb18030 } from '../../domain/export/gbk'
import { ImportFields } from '../../domain/import/import-fields'
import { limitMessages } from '../../domain/import/limit-messages'
import type { ImportRejection } from '../../domain/import/read-parcel-file'
import { groupRejections, type ReportedRow } from '../../domain/import/rejection-groups'
import type { Language } from '../../domain/messages'
import { ParcelQuery } from '../../domain/parcel'
import type { LandUse } from '../../domain/vocabulary'
import { ApiError, errorBody, fail, localizeDetails, preferredLanguage } from '../../errors'
import { importParcelFile } from '../../services/parcels/import-parcels'
import { parcelsForExport } from '../../services/parcels/queries'
import { DEFAULT_IMPORT_SETTINGS } from '../../services/parcels/read-import-file'
import type { AuthEnv } from '../middleware/authenticate'
import { parseMultipart, readUpload } from '../multipart'
import { validate } from '../validation'

const ExportQuery = ParcelQuery.omit({ limit: true, offset: true, geometry: true })
  .extend({
    format: z.enum(['geojson', 'csv', 'xlsx', 'txt']).default('geojson'),
    // CSV and XLSX: headers and codes in words (the default) or as codes; the words in lang, else Accept-Language
    labels: z.enum(['words', 'codes']).default('words'),
    lang: z.enum(['zh-CN', 'en']).optional(),
  })
  .strict()

/** The rows as the API lists them: each reason in `language`, its English and catalogue key beside it. */
function rejectionDetails(rejected: ImportRejection[], language: Language) {
  return localizeDetails(
    rejected.map((r) => ({ index: r.index, code: r.code, reason: r.reason })),
    language,
  ) as ReportedRow[]
}

export function parcelImportRoutes(deps: AppDeps) {
  // the 4,241-parcel cadastre file is 2.3 MB; the limits are in env.ts and the README
  const settings = deps.imports ?? DEFAULT_IMPORT_SETTINGS
  const uploadLimit = { limit: 'upload_bytes', max: settings.maxUploadBytes } as const
  return new Hono<AuthEnv>()
    .post(
      '/import',
      // counts the bytes as they arrive (whatever Content-Length says) and stops reading past the limit
      bodyLimit({
        maxSize: settings.maxUploadBytes,
        onError: (c) => {
          const messages = limitMessages(uploadLimit)
          return c.json(
            errorBody('payload_too_large', messages[preferredLanguage(c.req.header('accept-language'))], [
              { path: 'file', message: messages.en, ...uploadLimit },
            ]),
            413,
          )
        },
      }),
      async (c) => {
        if (!/^multipart\/form-data/i.test(c.req.header('content-type') ?? '')) {
          throw fail(415, 'unsupported_media_type', 'request.multipart_required')
        }
        // gathered as it arrives, then split natively: no JavaScript parse or copy of tens of MB at once
        const raw = await readUpload(c.req.raw, settings.maxUploadBytes)
        if (!raw) {
          const messages = limitMessages(uploadLimit)
          throw new ApiError(
            413,
            'payload_too_large',
            messages.en,
            [{ path: 'file', message: messages.en, ...uploadLimit }],
            messages,
          )
        }
        const form = parseMultipart(raw, c.req.header('content-type') ?? '')
        if (!form) throw fail(400, 'validation_failed', 'request.multipart_unreadable')
        const file = form.files.file
        if (!file) {
          throw fail(400, 'validation_failed', 'request.file_missing', {}, [
            { path: 'file', message: 'required' },
          ])
        }
        const fields = ImportFields.parse(form.fields)
        const dryRun = ['true', '1', 'on'].includes(fields.dry_run ?? '')
        const report = await importParcelFile(deps, c.get('principal'), settings, {
          // a view into the body's own buffer, which moves to the reading worker
          bytes: file.bytes,
          filename: file.filename,
          crs: fields.crs,
          codeField: fields.code_field || undefined,
          nameField: fields.name_field || undefined,
          landUseField: fields.land_use_field || undefined,
          defaultLandUse: fields.default_land_use || undefined,
          dryRun,
        })
        const language = preferredLanguage(c.req.header('accept-language'))
        const rejected = rejectionDetails(report.rejected, language)
        const overlaps = rejectionDetails(report.overlaps, language)
        return c.json({
          ...report,
          rejected,
          overlaps,
          // the same rows grouped by reason, with counts and the first rows
          rejected_groups: groupRejections(rejected, language),
          overlap_groups: groupRejections(overlaps, language),
          dry_run: dryRun,
        })
      },
    )
    .get('/export', validate('query', ExportQuery), async (c) => {
      const { format, labels, lang, ...filters } = c.req.valid('query')
      const exportLabels = { labels, language: lang ?? preferredLanguage(c.req.header('accept-language')) }
      const parcels = await parcelsForExport(deps, filters, format === 'txt')
      const filename = `parcels-${deps.today()}.${format}`
      const disposition = `attachment; filename="${filename}"`
      if (format === 'csv') {
        const csv = parcelsToLabelledCsv(
          parcels.map(({ row, properties }) => ({ ...properties, milestones: row.milestones })),
          exportLabels,
        )
        return c.body(csv, 200, {
          'content-type': 'text/csv; charset=utf-8',
          'content-disposition': disposition,
        })
      }
      if (format === 'xlsx') {
        const xlsx = await parcelsToXlsx(
          parcels.map(({ row, properties }) => ({ ...properties, milestones: row.milestones })),
          exportLabels,
        )
        return c.body(new Uint8Array(xlsx), 200, {
          'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
          'content-disposition': disposition,
        })
      }
      if (format === 'txt') {
        const made = parcelsToBoundaryTxt(
          parcels.map(({ row, precise }) => ({
            code: row.code,
            name: row.name,
            land_use: row.landUse as LandUse,
            area_m2: row.areaM2,
            geometry: precise ?? row.geometry,
          })),
          deps.today(),
        )
        if (!made.ok) {
          throw fail(
            422,
            'export_refused',
            'export.txt_refused',
            { refused: made.refused.length, total: parcels.length },
            made.refused.map((r) => ({ ...r })),
          )
        }
        return c.body(encodeGb18030(made.text), 200, {
          'content-type': 'text/plain; charset=GB18030',
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
