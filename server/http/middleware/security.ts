import type { MiddlewareHandler } from 'hono'
import { bodyLimit } from 'hono/body-limit'
import { secureHeaders } from 'hono/secure-headers'
import { fail } from '../../errors'

/**
 * Secure headers and a Content Security Policy the app works under: MapLibre runs its worker from a blob or
 * our origin, paints images from data:/blob: URLs and sets inline styles; an optional basemap style adds
 * its own origin for styles, tiles, glyphs and sprites. Nothing may frame the app, except that a stored file served
 * inline — only ever an image or a PDF (server/domain/files.ts) — may be framed by the app itself, for its preview.
 */
export function securityHeaders(basemapStyleUrl: string | null): MiddlewareHandler {
  const headers = secureHeadersFor(basemapStyleUrl)
  return async (c, next) => {
    await headers(c, next)
    const csp = c.res.headers.get('content-security-policy')
    if (csp && c.res.headers.get('content-disposition')?.startsWith('inline')) {
      c.res.headers.set(
        'content-security-policy',
        csp.replace("frame-ancestors 'none'", "frame-ancestors 'self'"),
      )
    }
  }
}

function secureHeadersFor(basemapStyleUrl: string | null): MiddlewareHandler {
  const basemap = basemapStyleUrl ? [new URL(basemapStyleUrl).origin] : []
  return secureHeaders({
    contentSecurityPolicy: {
      defaultSrc: ["'self'"],
      scriptSrc: ["'self'"],
      workerSrc: ["'self'", 'blob:'],
      childSrc: ["'self'", 'blob:'],
      imgSrc: ["'self'", 'data:', 'blob:', ...basemap],
      styleSrc: ["'self'", "'unsafe-inline'", ...basemap],
      fontSrc: ["'self'", 'data:', ...basemap],
      connectSrc: ["'self'", ...basemap],
      objectSrc: ["'none'"],
      baseUri: ["'self'"],
      frameAncestors: ["'none'"],
      formAction: ["'self'"],
    },
    crossOriginEmbedderPolicy: false,
  })
}

/** Request bodies over `maxBytes` answer 413 payload_too_large in the error shape, before they are read. */
export function limitBody(maxBytes: number): MiddlewareHandler {
  return bodyLimit({
    maxSize: maxBytes,
    onError: () => {
      throw fail(413, 'payload_too_large', 'request.body_too_large', {
        mb: Math.round(maxBytes / 1024 / 1024),
      })
    },
  })
}
