import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { serveStatic } from '@hono/node-server/serve-static'
import { Hono } from 'hono'
import { compress } from 'hono/compress'
import { HTTPException } from 'hono/http-exception'
import { requestId } from 'hono/request-id'
import { timeout } from 'hono/timeout'
import type { ContentfulStatusCode } from 'hono/utils/http-status'
import { ZodError } from 'zod'
import { isConnectionLost, isPgError } from './db/pool'
import { type AppDeps, authDatabase } from './deps'
import { type MessageKey, type Params, say } from './domain/messages'
import { reasonMessages, reasonText } from './domain/reasons'
import {
  ApiError,
  type ErrorDetail,
  errorBody,
  type Language,
  localizeDetails,
  noRouteBody,
  preferredLanguage,
} from './errors'
import { type AuthEnv, authenticate } from './http/middleware/authenticate'
import { readRouting } from './http/middleware/read-routing'
import { limitBody, securityHeaders } from './http/middleware/security'
import { accountRoutes, authRoutes } from './http/routes/auth'
import { blockerRoutes, projectBlockerRoutes } from './http/routes/blockers'
import { briefingRoutes } from './http/routes/briefing'
import { dashboardRoutes } from './http/routes/dashboard'
import { documentRoutes, inspectionRoutes, subjectFileRoutes } from './http/routes/documents'
import { eventRoutes } from './http/routes/events'
import { commitmentRoutes, evaluationRoutes, firmRoutes, revitalizeRoutes } from './http/routes/firms'
import { projectFollowUpRoutes } from './http/routes/follow-ups'
import { healthRoutes } from './http/routes/health'
import { infrastructureRoutes } from './http/routes/infrastructure'
import { parcelMatchRoutes } from './http/routes/matching'
import { meetingRoutes } from './http/routes/meetings'
import { milestoneRoutes } from './http/routes/milestones'
import { notificationRoutes } from './http/routes/notifications'
import { ogcRoutes } from './http/routes/ogc'
import { openApiRoutes } from './http/routes/openapi'
import { departmentRoutes, lateRoutes, orderRoutes } from './http/routes/orders'
import { parcelImportRoutes } from './http/routes/parcel-import'
import { parcelRoutes } from './http/routes/parcels'
import { projectRoutes } from './http/routes/projects'
import { searchRoutes } from './http/routes/search'
import { tileRoutes } from './http/routes/tiles'
import { userRoutes } from './http/routes/users'
import { zoneRoutes } from './http/routes/zone'
import { issueDetails } from './http/validation'

export const DEFAULT_REQUEST_TIMEOUT_MS = 30_000
const UNTIMED_PATHS = new Set([
  '/api/events',
  '/api/parcels/import',
  '/api/firms/indicators/import',
  '/api/parcels/export',
  '/api/admin/export',
  '/api/documents',
  '/api/inspections',
])

function apiRoutes(deps: AppDeps) {
  // registration order matters: health and login answer before the authenticate middleware runs
  return (
    new Hono<AuthEnv>()
      .route('/health', healthRoutes(deps))
      .route('/auth', authRoutes(deps))
      .use('*', authenticate(authDatabase(deps)))
      .route('/events', eventRoutes(deps.events, deps.stopping))
      .route('/auth', accountRoutes(deps))
      .route('/admin', userRoutes(deps))
      .route('/zone', zoneRoutes(deps))
      .route('/parcels', parcelImportRoutes(deps))
      .route('/parcels', parcelRoutes(deps))
      .route('/parcels', parcelMatchRoutes(deps))
      .route('/parcels', subjectFileRoutes(deps, 'parcel'))
      .route('/projects', projectRoutes(deps))
      .route('/projects', projectBlockerRoutes(deps))
      .route('/projects', projectFollowUpRoutes(deps))
      .route('/projects', subjectFileRoutes(deps, 'project'))
      .route('/documents', documentRoutes(deps))
      .route('/inspections', inspectionRoutes(deps))
      .route('/blockers', blockerRoutes(deps))
      .route('/infrastructure', infrastructureRoutes(deps))
      .route('/milestones', milestoneRoutes(deps))
      .route('/dashboard', dashboardRoutes(deps))
      .route('/firms', firmRoutes(deps))
      .route('/evaluation', evaluationRoutes(deps))
      .route('/commitments', commitmentRoutes(deps))
      .route('/revitalize', revitalizeRoutes(deps))
      .route('/briefing.pdf', briefingRoutes())
      // the map workspace (issue 14): the search box
      .route('/search', searchRoutes(deps))
      // 压实责任 (issue 16): departments, late items with their grades, supervision orders
      .route('/departments', departmentRoutes(deps))
      .route('/late', lateRoutes(deps))
      .route('/orders', orderRoutes(deps))
      .route('/orders', subjectFileRoutes(deps, 'order'))
      .route('/notifications', notificationRoutes(deps))
      .route('/meetings', meetingRoutes(deps))
  )
}

/** Maps anything thrown to the one error shape; internals never reach the client. */
function toErrorResponse(
  err: unknown,
  id: string,
  language: Language,
): { status: ContentfulStatusCode; body: ReturnType<typeof errorBody> } {
  const said = (code: string, key: MessageKey, params: Params = {}, details: ErrorDetail[] = []) =>
    errorBody(code, say(key, params, language), details, { key, params })
  if (err instanceof ApiError)
    return {
      status: err.status,
      body: errorBody(err.code, err.messageIn(language), localizeDetails(err.details, language), err.text),
    }
  if (err instanceof ZodError) {
    // an issue whose message is a sentence of the catalogue (e.g. an unknown CRS) is said in the caller's language
    const details = issueDetails(err.issues).map((detail) =>
      reasonText(detail.message)
        ? { ...detail, message: reasonMessages(detail.message)[language], message_en: detail.message }
        : detail,
    )
    return { status: 400, body: said('validation_failed', 'request.not_valid', {}, details) }
  }
  if (err instanceof HTTPException) {
    const status = err.status as ContentfulStatusCode
    if (status === 504) return { status, body: said('request_timeout', 'request.timeout') }
    const code =
      status === 413 ? 'payload_too_large' : status === 415 ? 'unsupported_media_type' : 'validation_failed'
    return {
      status,
      body:
        status < 500
          ? said(code, 'request.invalid', { reason: err.message || 'Bad request' })
          : said('internal', 'request.internal', { id }),
    }
  }
  if (isConnectionLost(err)) {
    return { status: 503, body: said('database_unavailable', 'request.database_unavailable') }
  }
  if (isPgError(err)) {
    if (err.code === '23505') return { status: 409, body: said('conflict', 'request.record_exists') }
    // a deadlock or serialization failure outside a service's retries: the caller may try again
    if (err.code === '40P01' || err.code === '40001')
      return { status: 409, body: said('write_conflict', 'request.write_conflict') }
    // statement_timeout (or a cancelled query): the same answer as the request timeout
    if (err.code === '57014') return { status: 504, body: said('request_timeout', 'request.timeout') }
  }
  console.error(`[${id}] unhandled error:`, err)
  return { status: 500, body: said('internal', 'request.internal', { id }) }
}

export function createApp(deps: AppDeps) {
  const app = new Hono()
  if (deps.replicas) app.use('*', readRouting())
  app.use(requestId())
  app.use(securityHeaders(deps.basemapStyleUrl))
  // JSON of the API and OGC (pages of features, exports) gzipped when the client accepts it; the event stream
  // and binary answers are left alone by compress's content-type filter, and tiles carry their own encoding
  const gzip = compress()
  app.use('*', async (c, next) => (/^\/(api|ogc)(\/|$)/.test(c.req.path) ? gzip(c, next) : next()))
  // imports carry whole survey files; everything else is small JSON
  app.use('/api/*', async (c, next) =>
    c.req.path === '/api/parcels/import' ||
    c.req.path === '/api/briefing.pdf' ||
    c.req.path === '/api/documents' ||
    c.req.path === '/api/inspections'
      ? next()
      : limitBody(2 * 1024 * 1024)(c, next),
  )
  // a request that outlives the limit answers 504 (its query runs on until statement_timeout); the event stream
  // stays open by design, and uploads and whole-database exports may take longer on a slow link
  const limitTime = timeout(
    deps.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS,
    () => new HTTPException(504, { message: 'The request took too long; try again' }),
  )
  app.use('*', async (c, next) => (UNTIMED_PATHS.has(c.req.path) ? next() : limitTime(c, next)))
  app.onError((err, c) => {
    const { status, body } = toErrorResponse(
      err,
      c.get('requestId'),
      preferredLanguage(c.req.header('accept-language')),
    )
    return c.json(body, status)
  })

  const routes = app.route('/api', apiRoutes(deps))
  // behind apiRoutes' authenticate middleware; reads the full route list on first request
  app.route('/api', openApiRoutes(app))
  app.all('/api/*', (c) =>
    c.json(noRouteBody(c.req.method, c.req.path, c.req.header('accept-language')), 404),
  )
  // maps for other tools (API.md): outside /api, behind the same login
  app.route('/tiles', tileRoutes(deps))
  app.route('/ogc', ogcRoutes(deps))

  const dir = deps.staticDir
  if (dir && existsSync(join(dir, 'index.html'))) {
    const index = readFileSync(join(dir, 'index.html'), 'utf8')
    app.use('/*', serveStatic({ root: dir }))
    // client-side routes fall back to the app shell
    app.get('*', (c) => c.html(index))
  }
  app.notFound((c) => c.json(noRouteBody(c.req.method, c.req.path, c.req.header('accept-language')), 404))
  return routes
}

export type AppType = ReturnType<typeof apiRoutes>
