import type { LineString } from 'geojson'
import type { MilestoneKind, Role } from '../../server/domain/vocabulary'
import type {
  AdminUser,
  ApiTokenInfo,
  Blocker,
  BriefingBody,
  Dashboard,
  HistoryEntry,
  InfrastructureCollection,
  InfrastructureDetail,
  IssuedToken,
  LateMilestone,
  MilestonePatchBody,
  NewUserBody,
  ParcelCollection,
  ParcelDetail,
  ParcelFeature,
  ParcelMatch,
  ParcelReadinessAnswer,
  ParcelWriteBody,
  Project,
  ProjectDetail,
  ProjectMatch,
  Reservation,
  ScheduleResult,
  Session,
  UserChangeBody,
  Zone,
  ZoneSettings,
} from './types'

/** A non-2xx answer from the API, carrying the contract's `{"error":{"code","message","details"}}`. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: unknown[] = [],
  ) {
    super(message)
    this.name = 'ApiError'
  }
}

type UnauthenticatedListener = () => void
const unauthenticatedListeners = new Set<UnauthenticatedListener>()

/** Called whenever a request answers 401, so the app can go back to the login page. */
export function onUnauthenticated(listener: UnauthenticatedListener): () => void {
  unauthenticatedListeners.add(listener)
  return () => unauthenticatedListeners.delete(listener)
}

async function request<T>(
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE',
  path: string,
  body?: unknown,
  signal?: AbortSignal,
  extraHeaders: Record<string, string> = {},
): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json', ...extraHeaders }
  if (body !== undefined) headers['Content-Type'] = 'application/json'
  const response = await fetch(path, {
    method,
    headers,
    credentials: 'same-origin',
    body: body === undefined ? undefined : JSON.stringify(body),
    signal,
  })
  const text = await response.text()
  const json: unknown = text ? safeParse(text) : null
  if (!response.ok) {
    const error = (json as { error?: { code?: string; message?: string; details?: unknown[] } } | null)?.error
    const apiError = new ApiError(
      response.status,
      error?.code ?? 'http_error',
      error?.message ?? `${response.status} ${response.statusText}`,
      error?.details ?? [],
    )
    // a failed login is not a lost session
    if (response.status === 401 && path !== '/api/auth/login') {
      for (const listener of unauthenticatedListeners) listener()
    }
    throw apiError
  }
  return json as T
}

function safeParse(text: string): unknown {
  try {
    return JSON.parse(text)
  } catch {
    return null
  }
}

export const api = {
  login: (username: string, password: string) =>
    request<Session>('POST', '/api/auth/login', { username, password }),
  logout: () => request<unknown>('POST', '/api/auth/logout'),
  me: (signal?: AbortSignal) => request<Session>('GET', '/api/auth/me', undefined, signal),
  zone: (signal?: AbortSignal) => request<Zone>('GET', '/api/zone', undefined, signal),
  parcels: (signal?: AbortSignal) =>
    request<ParcelCollection>('GET', '/api/parcels?limit=10000', undefined, signal),
  /** the forecast of the parcels meeting `bbox` (minLon, minLat, maxLon, maxLat), for the map's tiles */
  parcelReadiness: (bbox: readonly [number, number, number, number], signal?: AbortSignal) =>
    request<ParcelReadinessAnswer>(
      'GET',
      `/api/parcels/readiness?bbox=${bbox.map((v) => v.toFixed(6)).join(',')}`,
      undefined,
      signal,
    ),
  parcel: (id: number, signal?: AbortSignal) =>
    request<ParcelDetail>('GET', `/api/parcels/${encodeURIComponent(id)}`, undefined, signal),
  projects: (signal?: AbortSignal) => request<Project[]>('GET', '/api/projects', undefined, signal),
  infrastructure: (signal?: AbortSignal) =>
    request<InfrastructureCollection>('GET', '/api/infrastructure', undefined, signal),
  // land officers (issue 3)
  parcelsAvailableBy: (date: string, signal?: AbortSignal) =>
    request<ParcelCollection>('GET', `/api/parcels?limit=10000&available_by=${date}`, undefined, signal),
  patchMilestone: (id: number, kind: MilestoneKind, body: MilestonePatchBody) =>
    request<ParcelDetail>('PATCH', `/api/parcels/${id}/milestones/${kind}`, body),
  scheduleParcel: (
    id: number,
    body: { target_on: string; durations_days?: Partial<Record<MilestoneKind, number>>; save: boolean },
  ) => request<ScheduleResult>('POST', `/api/parcels/${id}/schedule`, body),
  zoneSettings: (signal?: AbortSignal) =>
    request<ZoneSettings>('GET', '/api/zone/settings', undefined, signal),
  parcelHistory: (id: number, signal?: AbortSignal) =>
    request<HistoryEntry[]>('GET', `/api/parcels/${id}/history`, undefined, signal),
  lateMilestones: (signal?: AbortSignal) =>
    request<LateMilestone[]>('GET', '/api/milestones/late', undefined, signal),
  createParcel: (body: ParcelWriteBody) => request<ParcelFeature>('POST', '/api/parcels', body),
  patchParcel: (id: number, body: ParcelWriteBody & { version: number }) =>
    request<ParcelFeature>('PATCH', `/api/parcels/${id}`, body),
  deleteParcel: (id: number, version: number) =>
    request<null>('DELETE', `/api/parcels/${id}`, undefined, undefined, { 'If-Match': `"${version}"` }),
  splitParcel: (id: number, line: LineString, version: number) =>
    request<{ features: ParcelFeature[] }>('POST', `/api/parcels/${id}/split`, { line, version }),
  mergeParcels: (ids: number[], versions: Record<number, number>, code?: string) =>
    request<ParcelFeature>('POST', '/api/parcels/merge', { ids, versions, code }),
  // investment teams (issue 4)
  project: (id: number, signal?: AbortSignal) =>
    request<ProjectDetail>('GET', `/api/projects/${id}`, undefined, signal),
  changeStage: (id: number, body: { stage: string; on?: string; note?: string; version: number }) =>
    request<ProjectDetail>('POST', `/api/projects/${id}/stage`, body),
  addBlocker: (id: number, body: { title: string; owner: string; due_on?: string | null }) =>
    request<Blocker>('POST', `/api/projects/${id}/blockers`, body),
  patchBlocker: (id: number, blockerId: number, body: Partial<Blocker> & { version: number }) =>
    request<Blocker>('PATCH', `/api/projects/${id}/blockers/${blockerId}`, body),
  projectMatches: (id: number, signal?: AbortSignal) =>
    request<ParcelMatch[]>('GET', `/api/projects/${id}/matches?limit=10`, undefined, signal),
  parcelMatches: (id: number, signal?: AbortSignal) =>
    request<ProjectMatch[]>('GET', `/api/parcels/${id}/matches?limit=10`, undefined, signal),
  reserve: (id: number, parcelId: number, until: string) =>
    request<Reservation>('POST', `/api/projects/${id}/reserve`, { parcel_id: parcelId, until }),
  releaseReservation: (id: number) => request<unknown>('DELETE', `/api/projects/${id}/reserve`),
  // leaders (issue 5)
  dashboard: (from: string, to: string, signal?: AbortSignal) =>
    request<Dashboard>('GET', `/api/dashboard?from=${from}&to=${to}`, undefined, signal),
  infrastructureItem: (id: number, signal?: AbortSignal) =>
    request<InfrastructureDetail>('GET', `/api/infrastructure/${id}`, undefined, signal),
  reportProgress: (id: number, body: { on: string; progress_pct: number; note?: string }) =>
    request<InfrastructureDetail>('POST', `/api/infrastructure/${id}/progress`, body),
  // administration (issue 7): accounts and API tokens, admin only
  users: (signal?: AbortSignal) => request<AdminUser[]>('GET', '/api/admin/users', undefined, signal),
  createUser: (body: NewUserBody) => request<AdminUser>('POST', '/api/admin/users', body),
  patchUser: (id: number, body: UserChangeBody) =>
    request<AdminUser>('PATCH', `/api/admin/users/${id}`, body),
  apiTokens: (signal?: AbortSignal) => request<ApiTokenInfo[]>('GET', '/api/admin/tokens', undefined, signal),
  issueToken: (name: string, role: Role) => request<IssuedToken>('POST', '/api/auth/tokens', { name, role }),
  revokeToken: (id: number) => request<null>('DELETE', `/api/admin/tokens/${id}`),
  briefingPdf: async (body: BriefingBody): Promise<Blob> => {
    const response = await fetch('/api/briefing.pdf', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Accept: 'application/pdf' },
      credentials: 'same-origin',
      body: JSON.stringify(body),
    })
    if (!response.ok) {
      const json = safeParse(await response.text()) as { error?: { code?: string; message?: string } } | null
      throw new ApiError(
        response.status,
        json?.error?.code ?? 'http_error',
        json?.error?.message ?? `${response.status} ${response.statusText}`,
      )
    }
    return response.blob()
  },
}
