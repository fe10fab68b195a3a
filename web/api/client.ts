import type {
  InfrastructureCollection,
  ParcelCollection,
  ParcelDetail,
  Project,
  Session,
  Zone,
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
  method: 'GET' | 'POST',
  path: string,
  body?: unknown,
  signal?: AbortSignal,
): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json' }
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
  parcel: (id: number, signal?: AbortSignal) =>
    request<ParcelDetail>('GET', `/api/parcels/${encodeURIComponent(id)}`, undefined, signal),
  projects: (signal?: AbortSignal) => request<Project[]>('GET', '/api/projects', undefined, signal),
  infrastructure: (signal?: AbortSignal) =>
    request<InfrastructureCollection>('GET', '/api/infrastructure', undefined, signal),
}
