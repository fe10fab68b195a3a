import { Hono } from 'hono'
import { bodyLimit } from 'hono/body-limit'
import { z } from 'zod'
import type { AppDeps } from '../../deps'
import { COMMITMENT_STATUSES } from '../../domain/evaluation'
import { CommitmentCreate, CommitmentPatch, FirmCreate, FirmPatch } from '../../domain/firm'
import { IdParam } from '../../domain/query'
import { fail, localizeDetails, preferredLanguage } from '../../errors'
import { importFirmIndicators } from '../../services/firms/import-indicators'
import { listFirmsForTemplate } from '../../services/firms/indicator-template'
import { lateCommitments } from '../../services/firms/late-commitments'
import {
  evaluate,
  evaluationSummary,
  firmDetail,
  lastFinishedYear,
  listCommitments,
  listFirms,
  parcelEfficiency,
  revitalizeLand,
} from '../../services/firms/queries'
import { createCommitment, updateCommitment } from '../../services/firms/write-commitment'
import { createFirm, updateFirm } from '../../services/firms/write-firm'
import type { AuthEnv } from '../middleware/authenticate'
import { parseMultipart, readUpload } from '../multipart'
import { validate } from '../validation'

// an indicator file of a few thousand firms is well under 1 MB
const MAX_INDICATOR_BYTES = 10 * 1024 * 1024

const YearQuery = z.object({ year: z.coerce.number().int().min(2000).max(2100).optional() }).strict()
const CommitmentQuery = z.object({ status: z.enum(COMMITMENT_STATUSES).optional() }).strict()

function tooLarge(): never {
  throw fail(413, 'payload_too_large', 'import.indicator_too_large')
}

/** 亩均效益: firms, their annual indicators and the year's grading. */
export function firmRoutes(deps: AppDeps) {
  return new Hono<AuthEnv>()
    .post(
      '/indicators/import',
      bodyLimit({ maxSize: MAX_INDICATOR_BYTES, onError: () => tooLarge() }),
      async (c) => {
        if (!/^multipart\/form-data/i.test(c.req.header('content-type') ?? '')) {
          throw fail(415, 'unsupported_media_type', 'request.multipart_required')
        }
        const raw = await readUpload(c.req.raw, MAX_INDICATOR_BYTES)
        if (!raw) tooLarge()
        const form = parseMultipart(raw, c.req.header('content-type') ?? '')
        if (!form) throw fail(400, 'validation_failed', 'request.multipart_unreadable')
        const file = form.files.file
        if (!file) {
          throw fail(400, 'validation_failed', 'request.file_missing', {}, [
            { path: 'file', message: 'required' },
          ])
        }
        const dryRun = ['true', '1', 'on'].includes(form.fields.dry_run ?? '')
        const report = await importFirmIndicators(deps, c.get('principal'), {
          bytes: file.bytes,
          filename: file.filename,
          dryRun,
        })
        // a preview's refused rows say their reasons in the caller's language, as the 422 of a commit does
        const language = preferredLanguage(c.req.header('accept-language'))
        return c.json({ ...report, rejected: localizeDetails(report.rejected, language) })
      },
    )
    .get('/indicators/template', validate('query', YearQuery), async (c) => {
      const year = c.req.valid('query').year ?? lastFinishedYear(deps.today())
      const bytes = await listFirmsForTemplate(deps, year)
      return c.body(new Uint8Array(bytes), 200, {
        'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
        'content-disposition': `attachment; filename="indicators-${year}.xlsx"; filename*=UTF-8''${encodeURIComponent(`亩均效益填报-${year}.xlsx`)}`,
      })
    })
    .get('/', async (c) => c.json(await listFirms(deps)))
    .post('/', validate('json', FirmCreate), async (c) =>
      c.json(await createFirm(deps, c.get('principal'), c.req.valid('json')), 201),
    )
    .patch('/:id', validate('param', IdParam), validate('json', FirmPatch), async (c) =>
      c.json(await updateFirm(deps, c.get('principal'), c.req.valid('param').id, c.req.valid('json'))),
    )
    .get('/:id', validate('param', IdParam), async (c) =>
      c.json(await firmDetail(deps, c.req.valid('param').id)),
    )
}

/** The year's grading, its leaders' summary, and per parcel the grade and commitment status for the map. */
export function evaluationRoutes(deps: AppDeps) {
  return new Hono<AuthEnv>()
    .get('/', validate('query', YearQuery), async (c) => {
      const year = c.req.valid('query').year ?? lastFinishedYear(deps.today())
      const [evaluation, summary] = await Promise.all([evaluate(deps, year), evaluationSummary(deps, year)])
      return c.json({ ...evaluation, summary })
    })
    .get('/parcels', validate('query', YearQuery), async (c) =>
      c.json(await parcelEfficiency(deps, c.req.valid('query').year ?? lastFinishedYear(deps.today()))),
    )
}

export function commitmentRoutes(deps: AppDeps) {
  return new Hono<AuthEnv>()
    .get('/', validate('query', CommitmentQuery), async (c) =>
      c.json(await listCommitments(deps, c.req.valid('query').status)),
    )
    .get('/late', async (c) => c.json(await lateCommitments(deps)))
    .post('/', validate('json', CommitmentCreate), async (c) =>
      c.json(await createCommitment(deps, c.get('principal'), c.req.valid('json')), 201),
    )
    .patch('/:id', validate('param', IdParam), validate('json', CommitmentPatch), async (c) =>
      c.json(await updateCommitment(deps, c.get('principal'), c.req.valid('param').id, c.req.valid('json'))),
    )
}

/** The land to put back to use (盘活) of the last finished year: supply investment teams can match. */
export function revitalizeRoutes(deps: AppDeps) {
  return new Hono<AuthEnv>().get('/', validate('query', YearQuery), async (c) =>
    c.json(await revitalizeLand(deps, c.req.valid('query').year ?? lastFinishedYear(deps.today()))),
  )
}
