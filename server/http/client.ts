import { getConnInfo } from '@hono/node-server/conninfo'
import type { Context } from 'hono'

/**
 * Who is calling and how, as the login needs it. Behind a reverse proxy (GUATU_TRUST_PROXY=1, e.g. the nginx
 * site in deploy/), the socket's peer is the proxy: the caller's address is the last one the proxy appended to
 * X-Forwarded-For, and X-Forwarded-Proto says whether the browser used HTTPS. Without it those headers are
 * ignored — anyone could send them.
 */
export function clientIp(c: Context, trustProxy: boolean): string | null {
  if (trustProxy) {
    const forwarded = c.req.header('x-forwarded-for')
    const last = forwarded?.split(',').at(-1)?.trim()
    if (last) return last
  }
  try {
    return getConnInfo(c).remote.address ?? null
  } catch {
    // app.request() in tests has no socket
    return null
  }
}

/** Whether the browser's connection is HTTPS, so the session cookie is marked Secure. */
export function requestIsHttps(c: Context, trustProxy: boolean): boolean {
  if (trustProxy) {
    const proto = c.req.header('x-forwarded-proto')?.split(',')[0]?.trim().toLowerCase()
    if (proto) return proto === 'https'
  }
  return new URL(c.req.url).protocol === 'https:'
}
