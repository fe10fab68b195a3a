import type { LineString } from 'geojson'
import { hc, parseResponse } from 'hono/client'
import type { AppType } from '../../server/app'

import type { LandSettingsPatch } from '../../server/domain/settings'
import type { MilestoneKind, ProjectStage, Role, Sector } from '../../server/domain/vocabulary'

import type {
  Blocker,
  BriefingBody,
  DepartmentChangeBody,
  FollowUpBody,
  MilestonePatchBody,
  NewDepartmentBody,
  NewUserBody,
  OrderCreateBody,
  OrderPatchBody,
  ParcelCreateBody,
  ParcelWriteBody,
  ProjectCreateBody,
  ProjectPatchBody,
  UserChangeBody,
} from './types'

/**
 * A non-2xx answer from the API, carrying the contract's `{"error":{"code","message","details"}}` and, when the
 * server said it from its catalogue (server/domain/messages.ts), the message's `key` and `params`.
 */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: unknown[] = [],
    readonly key?: string,
    readonly params?: Record<string, unknown>,
  ) {
    super(message)
    this.name = 'ApiError'
  }
}

/** The interface language (web/i18n keeps <html lang> in step), sent as Accept-Language so errors come in it. */
function pageLanguage(): string {
  return typeof document === 'undefined' ? 'zh-CN' : document.documentElement.lang || 'zh-CN'
}

type UnauthenticatedListener = () => void
const unauthenticatedListeners = new Set<UnauthenticatedListener>()

/** Called whenever a request answers 401, so the app can go back to the login page. */
export function onUnauthenticated(listener: UnauthenticatedListener): () => void {
  unauthenticatedListeners.add(listener)
  return () => unauthenticatedListeners.delete(listener)
}

/** The ApiError for a non-2xx response, from the error shape in its body when there is one. */
async function apiErrorOf(response: Response): Promise<ApiError> {
  const text = await response.text()
  const json: unknown = text ? safeParse(text) : null
  const error = (
    json as {
      error?: {
        code?: string
        message?: string
        details?: unknown[]
        key?: string
        params?: Record<string, unknown>
      }
    } | null
  )?.error
  return new ApiError(
    response.status,
    error?.code ?? 'http_error',
    error?.message ?? `${response.status} ${response.statusText}`,
    error?.details ?? [],
    error?.key,
    error?.params,
  )
}

function safeParse(text: string): unknown {
  try {
    return JSON.parse(text)
  } catch {
    return null
  }
}

/** fetch for the API: sends the session cookie, and throws an ApiError for every non-2xx answer. */
export async function apiFetch(input: RequestInfo | URL, init?: RequestInit): Promise<Response> {
  const headers = new Headers(init?.headers ?? (input instanceof Request ? input.headers : undefined))
  if (!headers.has('Accept-Language')) headers.set('Accept-Language', pageLanguage())
  const response = await fetch(input, { ...init, headers, credentials: 'same-origin' })
  if (response.ok) return response
  // a failed login is not a lost session
  if (response.status === 401 && String(input) !== '/api/auth/login') {
    for (const listener of unauthenticatedListeners) listener()
  }
  throw await apiErrorOf(response)
}

/** The typed client of the server's routes (`AppType`); errors arrive as ApiError from apiFetch. */
const client = hc<AppType>('/api', { fetch: apiFetch, headers: { Accept: 'application/json' } })
/** The same typed client, for features that keep their reads beside them (web/features/firms). */
export const apiClient = client

/** Per-request options: the AbortSignal of a query that may be cancelled. */
const abortable = (signal?: AbortSignal) => ({ init: { signal } })
/** a numeric id as the `:id` path parameter (path parameters travel as text) */
const id = (value: number) => ({ id: String(value) })

export const api = {
  login: (username: string, password: string) =>
    parseResponse(client.auth.login.$post({ json: { username, password } })),
  logout: () => parseResponse(client.auth.logout.$post()),
  me: (signal?: AbortSignal) => parseResponse(client.auth.me.$get(undefined, abortable(signal))),
  zone: (signal?: AbortSignal) => parseResponse(client.zone.$get(undefined, abortable(signal))),
  /** the forecast of the parcels meeting `bbox` (minLon, minLat, maxLon, maxLat), for the map's tiles */
  parcelReadiness: (bbox: readonly [number, number, number, number], signal?: AbortSignal) =>
    parseResponse(
      client.parcels.readiness.$get(
        { query: { bbox: bbox.map((v) => v.toFixed(6)).join(',') } },
        abortable(signal),
      ),
    ),
  parcel: (parcelId: number, signal?: AbortSignal) =>
    parseResponse(client.parcels[':id'].$get({ param: id(parcelId) }, abortable(signal))),
  projects: (signal?: AbortSignal) => parseResponse(client.projects.$get({ query: {} }, abortable(signal))),
  infrastructure: (signal?: AbortSignal) =>
    parseResponse(client.infrastructure.$get({ query: {} }, abortable(signal))),
  // land officers (issue 3)
  patchMilestone: (parcelId: number, kind: MilestoneKind, body: MilestonePatchBody) =>
    parseResponse(
      client.parcels[':id'].milestones[':kind'].$patch({ param: { ...id(parcelId), kind }, json: body }),
    ),
  /** `version` is the parcel's, as shown when the schedule was opened */
  scheduleParcel: (
    parcelId: number,
    body: {
      target_on: string
      durations_days?: Partial<Record<MilestoneKind, number>>
      save: boolean
      version: number
    },
  ) => parseResponse(client.parcels[':id'].schedule.$post({ param: id(parcelId), json: body })),
  zoneSettings: (signal?: AbortSignal) =>
    parseResponse(client.zone.settings.$get(undefined, abortable(signal))),
  /** admins: some settings, at the version they were read at (409 version_conflict when stale) */
  patchZoneSettings: (body: LandSettingsPatch) => parseResponse(client.zone.settings.$patch({ json: body })),
  zoneSettingsHistory: (signal?: AbortSignal) =>
    parseResponse(client.zone.settings.history.$get(undefined, abortable(signal))),
  parcelHistory: (parcelId: number, signal?: AbortSignal) =>
    parseResponse(client.parcels[':id'].history.$get({ param: id(parcelId) }, abortable(signal))),
  lateMilestones: (signal?: AbortSignal) =>
    parseResponse(client.milestones.late.$get(undefined, abortable(signal))),
  /** the map's search box (issue 14): parcels, projects and companies holding `q` */
  search: (q: string, limit: number, signal?: AbortSignal) =>
    parseResponse(client.search.$get({ query: { q, limit: String(limit) } }, abortable(signal))),
  createParcel: (body: ParcelCreateBody) => parseResponse(client.parcels.$post({ json: body })),
  patchParcel: (parcelId: number, body: ParcelWriteBody & { version: number }) =>
    parseResponse(client.parcels[':id'].$patch({ param: id(parcelId), json: body })),
  splitParcel: (parcelId: number, line: LineString, version: number) =>
    parseResponse(client.parcels[':id'].split.$post({ param: id(parcelId), json: { line, version } })),
  mergeParcels: (ids: number[], versions: Record<number, number>, code?: string) =>
    parseResponse(client.parcels.merge.$post({ json: { ids, versions, code } })),
  // investment teams (issue 4)
  project: (projectId: number, signal?: AbortSignal) =>
    parseResponse(client.projects[':id'].$get({ param: id(projectId) }, abortable(signal))),
  changeStage: (
    projectId: number,
    body: { stage: ProjectStage; on?: string; note?: string; version: number },
  ) => parseResponse(client.projects[':id'].stage.$post({ param: id(projectId), json: body })),
  addBlocker: (projectId: number, body: { title: string; owner: string; due_on?: string | null }) =>
    parseResponse(client.projects[':id'].blockers.$post({ param: id(projectId), json: body })),
  patchBlocker: (projectId: number, blockerId: number, body: Partial<Blocker> & { version: number }) =>
    parseResponse(
      client.projects[':id'].blockers[':bid'].$patch({
        param: { ...id(projectId), bid: String(blockerId) },
        json: body,
      }),
    ),
  /** the parcels whose code or name contains `q` (a site typed by its code) */
  findParcels: (q: string) => parseResponse(client.parcels.$get({ query: { q, limit: '20' } })),
  /** POST /api/projects: a new lead (issue 15) */
  createProject: (body: ProjectCreateBody) => parseResponse(client.projects.$post({ json: body })),
  /** PATCH /api/projects/:id, based on the version the form was opened with */
  patchProject: (projectId: number, body: ProjectPatchBody) =>
    parseResponse(client.projects[':id'].$patch({ param: id(projectId), json: body })),
  followUps: (projectId: number, signal?: AbortSignal) =>
    parseResponse(client.projects[':id']['follow-ups'].$get({ param: id(projectId) }, abortable(signal))),
  addFollowUp: (projectId: number, body: FollowUpBody) =>
    parseResponse(client.projects[':id']['follow-ups'].$post({ param: id(projectId), json: body })),
  projectMatches: (projectId: number, signal?: AbortSignal) =>
    parseResponse(
      client.projects[':id'].matches.$get(
        { param: id(projectId), query: { limit: '10' } },
        abortable(signal),
      ),
    ),
  parcelMatches: (parcelId: number, signal?: AbortSignal) =>
    parseResponse(
      client.parcels[':id'].matches.$get({ param: id(parcelId), query: { limit: '10' } }, abortable(signal)),
    ),
  reserve: (projectId: number, parcelId: number, until: string, version: number) =>
    parseResponse(
      client.projects[':id'].reserve.$post({
        param: id(projectId),
        json: { parcel_id: parcelId, until, version },
      }),
    ),
  releaseReservation: (projectId: number, version: number) =>
    parseResponse(
      client.projects[':id'].reserve.$delete({ param: id(projectId), query: { version: String(version) } }),
    ),
  // leaders (issue 5)
  dashboard: (from: string, to: string, signal?: AbortSignal, sector?: Sector) =>
    parseResponse(
      client.dashboard.$get({ query: sector ? { from, to, sector } : { from, to } }, abortable(signal)),
    ),
  infrastructureItem: (itemId: number, signal?: AbortSignal) =>
    parseResponse(client.infrastructure[':id'].$get({ param: id(itemId) }, abortable(signal))),
  reportProgress: (
    itemId: number,
    body: { on: string; progress_pct: number; note?: string; version: number },
  ) => parseResponse(client.infrastructure[':id'].progress.$post({ param: id(itemId), json: body })),
  // 压实责任 (issue 16): departments, graded late items, supervision orders (督办) and the notification centre
  departments: (signal?: AbortSignal) => parseResponse(client.departments.$get(undefined, abortable(signal))),
  createDepartment: (body: NewDepartmentBody) => parseResponse(client.departments.$post({ json: body })),
  /** a department's English name or group robot at the version it was read (admins) */
  patchDepartment: (departmentId: number, body: DepartmentChangeBody) =>
    parseResponse(client.departments[':id'].$patch({ param: id(departmentId), json: body })),
  late: (signal?: AbortSignal) => parseResponse(client.late.$get({ query: {} }, abortable(signal))),
  orders: (query: { assignee?: 'me'; issuer?: 'me' }, signal?: AbortSignal) =>
    parseResponse(client.orders.$get({ query }, abortable(signal))),
  order: (orderId: number, signal?: AbortSignal) =>
    parseResponse(client.orders[':id'].$get({ param: id(orderId) }, abortable(signal))),
  issueOrder: (body: OrderCreateBody) => parseResponse(client.orders.$post({ json: body })),
  /** one step of an order at the version it was read (409 version_conflict when stale) */
  actOnOrder: (orderId: number, body: OrderPatchBody) =>
    parseResponse(client.orders[':id'].$patch({ param: id(orderId), json: body })),
  notifications: (signal?: AbortSignal) =>
    parseResponse(client.notifications.$get({ query: {} }, abortable(signal))),
  markNotificationsRead: (body: { ids: number[] } | { all: true }) =>
    parseResponse(client.notifications.read.$post({ json: body })),
  // administration (issue 7): accounts and API tokens, admin only
  users: (signal?: AbortSignal) => parseResponse(client.admin.users.$get(undefined, abortable(signal))),
  createUser: (body: NewUserBody) => parseResponse(client.admin.users.$post({ json: body })),
  patchUser: (userId: number, body: UserChangeBody) =>
    parseResponse(client.admin.users[':id'].$patch({ param: id(userId), json: body })),
  audit: (signal?: AbortSignal) => parseResponse(client.admin.audit.$get({ query: {} }, abortable(signal))),
  apiTokens: (signal?: AbortSignal) => parseResponse(client.admin.tokens.$get(undefined, abortable(signal))),
  issueToken: (name: string, role: Role) => parseResponse(client.auth.tokens.$post({ json: { name, role } })),
  revokeToken: (tokenId: number) => parseResponse(client.admin.tokens[':id'].$delete({ param: id(tokenId) })),
  /** the PDF as a Blob: hc's parseResponse reads only JSON and text, so this one answer is read by hand */
  briefingPdf: async (body: BriefingBody): Promise<Blob> => {
    const response = await client['briefing.pdf'].$post(
      { json: body },
      { headers: { Accept: 'application/pdf' } },
    )
    return response.blob()
  },
}
