import { expect } from 'vitest'
import { loginCookie, type TestApp } from './app'
import { makeParcel, squarePolygon } from './factories'

export interface Answer {
  status: number
  // biome-ignore lint/suspicious/noExplicitAny: JSON answers are read field by field in the tests
  body: any
}

/**
 * Parcel requests as one user against `app`: `send` answers a request's status and JSON body, `create` makes a
 * square parcel (its code starting with `prefix`, so the test file can remove what it made) and expects 201.
 */
export function parcelApi(app: TestApp, prefix: string, username = 'officer') {
  let cookie: string | null = null
  async function send(
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<Answer> {
    cookie ??= await loginCookie(app, username)
    const res = await app.request(path, {
      method,
      headers: { cookie, 'content-type': 'application/json', ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
    })
    const text = await res.text()
    return { status: res.status, body: text ? JSON.parse(text) : null }
  }
  /** A parcel square of `size`° with its south-west corner at (lon, lat). */
  async function create(lon: number, lat: number, size = 0.001, overrides: Record<string, unknown> = {}) {
    const res = await send('POST', '/api/parcels', parcelAt(prefix, lon, lat, size, overrides))
    expect(res.status).toBe(201)
    return res.body as { id: number; properties: { code: string; version: number; area_m2: number } }
  }
  return { send, create }
}

/** A POST /api/parcels body: a square of `size`° at (lon, lat) whose code starts with `prefix`. */
export function parcelAt(
  prefix: string,
  lon: number,
  lat: number,
  size = 0.001,
  overrides: Record<string, unknown> = {},
) {
  return makeParcel({
    code: `${prefix}${Math.random().toString(36).slice(2, 10)}`,
    geometry: squarePolygon(lon, lat, size),
    ...overrides,
  })
}
