import type { Context } from 'hono'
import { Hono } from 'hono'
import { bodyLimit } from 'hono/body-limit'
import { z } from 'zod'
import type { AppDeps } from '../../deps'
import {
  contentDisposition,
  DOCUMENT_MAX_BYTES,
  PHOTO_MAX_BYTES,
  PHOTOS_PER_INSPECTION,
} from '../../domain/files'
import { Bbox, IdParam } from '../../domain/query'
import { MilestoneKind } from '../../domain/vocabulary'
import { ApiError } from '../../errors'
import { attachDocument } from '../../services/documents/attach-document'
import {
  documentContent,
  documentDetail,
  inspectionDetail,
  inspectionPoints,
  listDocuments,
  listInspections,
  photoContent,
} from '../../services/documents/queries'
import { recordInspection } from '../../services/inspections/record-inspection'
import type { AuthEnv } from '../middleware/authenticate'
import { type MultipartForm, parseMultipart, readUpload } from '../multipart'
import { issueDetails, validate } from '../validation'

// a document and its form fields; an inspection's photos and fields
const MAX_DOCUMENT_BODY = DOCUMENT_MAX_BYTES + 64 * 1024
const MAX_INSPECTION_BODY = PHOTOS_PER_INSPECTION * PHOTO_MAX_BYTES + 64 * 1024

function tooLarge(limit: number): never {
  const mb = Math.round(limit / 1024 / 1024)
  throw new ApiError(413, 'payload_too_large', `The upload is larger than ${mb} MB`, [], {
    'zh-CN': `上传内容超过 ${mb} MB`,
    en: `The upload is larger than ${mb} MB`,
  })
}

async function readForm(c: Context, limit: number): Promise<MultipartForm> {
  if (!/^multipart\/form-data/i.test(c.req.header('content-type') ?? '')) {
    throw new ApiError(415, 'unsupported_media_type', 'Send the form as multipart/form-data', [], {
      'zh-CN': '请以 multipart/form-data 表单上传',
      en: 'Send the form as multipart/form-data',
    })
  }
  const raw = await readUpload(c.req.raw, limit)
  if (!raw) tooLarge(limit)
  const form = parseMultipart(raw, c.req.header('content-type') ?? '')
  if (!form) {
    throw new ApiError(400, 'validation_failed', 'The multipart body cannot be read', [], {
      'zh-CN': '无法读取上传的表单',
      en: 'The multipart body cannot be read',
    })
  }
  return form
}

/** The form's text fields checked like any JSON body: 400 validation_failed with every issue. */
function fieldsOf<T extends z.ZodType>(form: MultipartForm, schema: T): z.infer<T> {
  const parsed = schema.safeParse(form.fields)
  if (parsed.success) return parsed.data
  const details = issueDetails(parsed.error.issues)
  const first = details[0]
  throw new ApiError(
    400,
    'validation_failed',
    `form ${first?.path ?? ''}: ${first?.message ?? 'invalid'}`,
    details,
    {
      'zh-CN': `表单字段有误：${first?.path ?? ''}`,
      en: `form ${first?.path ?? ''}: ${first?.message ?? 'invalid'}`,
    },
  )
}

const Id = z.coerce
  .number()
  .int()
  .positive()
  .max(2 ** 53 - 1)

/** A milestone is named by its parcel (subject_id) and its kind. */
function milestoneRule(
  form: { subject_type: string; milestone_kind?: string | undefined },
  ctx: z.RefinementCtx,
) {
  if ((form.subject_type === 'milestone') !== (form.milestone_kind !== undefined)) {
    ctx.addIssue({
      code: 'custom',
      path: ['milestone_kind'],
      message:
        'milestone_kind is given exactly when subject_type is milestone (subject_id is then the parcel)',
    })
  }
}

const DocumentForm = z
  .object({
    subject_type: z.enum(['parcel', 'project', 'milestone', 'order']),
    subject_id: Id,
    milestone_kind: MilestoneKind.optional(),
  })
  .strict()
  .superRefine(milestoneRule)

const Longitude = z.coerce.number().min(-180).max(180)
const Latitude = z.coerce.number().min(-90).max(90)

const InspectionForm = z
  .object({
    client_id: z.uuid(),
    subject_type: z.enum(['parcel', 'project', 'milestone', 'blocker', 'order']),
    subject_id: Id,
    milestone_kind: MilestoneKind.optional(),
    finding: z.enum(['normal', 'problem']),
    note: z.string().max(4000).default(''),
    lon: Longitude.optional(),
    lat: Latitude.optional(),
    inspected_at: z.iso.datetime({ offset: true }).optional(),
  })
  .strict()
  .superRefine(milestoneRule)
  .superRefine((form, ctx) => {
    if ((form.lon === undefined) !== (form.lat === undefined)) {
      ctx.addIssue({ code: 'custom', path: ['lat'], message: 'lon and lat go together' })
    }
  })

const PointsQuery = z
  .object({ bbox: Bbox, limit: z.coerce.number().int().min(1).max(5000).default(1000) })
  .strict()
const PhotoParam = IdParam.extend({ seq: z.coerce.number().int().min(1).max(PHOTOS_PER_INSPECTION) })
/** `size=thumb`: a thumbnail made on the server (at most 480 px, no EXIF), for timelines and lists */
const PhotoQuery = z.object({ size: z.enum(['full', 'thumb']).default('full') }).strict()

/** The bytes of a stored file: never sniffed, inline only for images and PDFs, cached by its content hash. */
function fileResponse(
  c: Context,
  file: {
    name: string
    content: { sha256: string; size: number; mediaType: string }
    stream: ReadableStream
  },
) {
  const etag = `"${file.content.sha256}"`
  if (c.req.header('if-none-match') === etag) {
    void file.stream.cancel()
    return c.body(null, 304, { etag })
  }
  return c.body(file.stream, 200, {
    'content-type': file.content.mediaType,
    'content-length': String(file.content.size),
    'content-disposition': contentDisposition(file.content.mediaType, file.name),
    'x-content-type-options': 'nosniff',
    'cache-control': 'private, max-age=31536000, immutable',
    etag,
  })
}

/** Documents attached to parcels, projects, milestones and orders (issue 17). */
export function documentRoutes(deps: AppDeps) {
  return new Hono<AuthEnv>()
    .post(
      '/',
      bodyLimit({ maxSize: MAX_DOCUMENT_BODY, onError: () => tooLarge(MAX_DOCUMENT_BODY) }),
      async (c) => {
        const form = await readForm(c, MAX_DOCUMENT_BODY)
        const fields = fieldsOf(form, DocumentForm)
        const file = form.files.file
        if (!file) {
          throw new ApiError(
            400,
            'validation_failed',
            'Send the file in the multipart field "file"',
            [{ path: 'file', message: 'required' }],
            { 'zh-CN': '请在表单字段 "file" 中上传文件', en: 'Send the file in the multipart field "file"' },
          )
        }
        const doc = await attachDocument(
          deps,
          c.get('principal'),
          { type: fields.subject_type, id: fields.subject_id, milestoneKind: fields.milestone_kind ?? null },
          file,
        )
        return c.json(doc, 201)
      },
    )
    .get('/:id', validate('param', IdParam), async (c) =>
      c.json(await documentDetail(deps, c.req.valid('param').id)),
    )
    .get('/:id/content', validate('param', IdParam), validate('query', PhotoQuery), async (c) =>
      fileResponse(c, await documentContent(deps, c.req.valid('param').id, c.req.valid('query').size)),
    )
}

/** Field inspections: recorded on site (often offline, sent later), shown on the map and per record. */
export function inspectionRoutes(deps: AppDeps) {
  return new Hono<AuthEnv>()
    .post(
      '/',
      bodyLimit({ maxSize: MAX_INSPECTION_BODY, onError: () => tooLarge(MAX_INSPECTION_BODY) }),
      async (c) => {
        const form = await readForm(c, MAX_INSPECTION_BODY)
        const fields = fieldsOf(form, InspectionForm)
        const { created, inspection } = await recordInspection(deps, c.get('principal'), {
          clientId: fields.client_id,
          subjectType: fields.subject_type,
          subjectId: fields.subject_id,
          milestoneKind: fields.milestone_kind ?? null,
          finding: fields.finding,
          note: fields.note,
          position:
            fields.lon !== undefined && fields.lat !== undefined
              ? { lon: fields.lon, lat: fields.lat }
              : null,
          inspectedAt: fields.inspected_at ?? null,
          photos: form.fileParts.filter((p) => p.name === 'photos'),
        })
        return c.json(inspection, created ? 201 : 200)
      },
    )
    .get('/', validate('query', PointsQuery), async (c) => {
      const { bbox, limit } = c.req.valid('query')
      return c.json(await inspectionPoints(deps, bbox, limit))
    })
    .get('/:id', validate('param', IdParam), async (c) =>
      c.json(await inspectionDetail(deps, c.req.valid('param').id)),
    )
    .get('/:id/photos/:seq', validate('param', PhotoParam), validate('query', PhotoQuery), async (c) => {
      const { id, seq } = c.req.valid('param')
      return fileResponse(c, await photoContent(deps, id, seq, c.req.valid('query').size))
    })
}

/**
 * A parcel's, a project's or an order's documents and inspections: GET /api/parcels/:id/documents … (an order's: the
 * papers its department attached, the inspections recorded on a 巡查任务 itself).
 */
export function subjectFileRoutes(deps: AppDeps, subject: 'parcel' | 'project' | 'order') {
  return new Hono<AuthEnv>()
    .get('/:id/documents', validate('param', IdParam), async (c) =>
      c.json(await listDocuments(deps, subject, c.req.valid('param').id)),
    )
    .get('/:id/inspections', validate('param', IdParam), async (c) =>
      c.json(await listInspections(deps, subject, c.req.valid('param').id)),
    )
}
