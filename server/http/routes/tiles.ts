import { createHash } from 'node:crypto'
import { Hono, type MiddlewareHandler } from 'hono'
import { parseLsn } from '../../db/replicas'
import { type AppDeps, authDatabase } from '../../deps'
import { parseTileAddress, TileLayer, tileJson } from '../../domain/tiles'
import { ApiError, fail, noRouteBody } from '../../errors'
import { createTileService, type TileOptions } from '../../services/tiles/tile-service'
import { serveByteRanges } from '../byte-ranges'
import { type AuthEnv, authenticate } from '../middleware/authenticate'

// tiles change whenever an officer edits: browsers may reuse one for a short while, then must ask again
// (a 304 when it has not changed); `private` because tiles are only served to logged-in users
const CACHE_CONTROL = 'private, max-age=30, must-revalidate'

/**
 * How long nginx keeps a tile asked for under a data version (`?v=`, README "Deploying": the proxy cache), in
 * seconds: a change makes a new version, so a kept tile is never stale, only unused. Nginx reads X-Accel-Expires
 * (and does not pass it on); the browser keeps to Cache-Control. A tile without a version is not kept by nginx.
 */
export const VERSIONED_TILE_PROXY_SECONDS = 86_400

function parseLayer(name: string | undefined): TileLayer {
  const parsed = TileLayer.safeParse(name)
  if (!parsed.success) {
    throw fail(404, 'not_found', 'map.no_tile_layer', {
      name: String(name),
      layers: TileLayer.options.join(', '),
    })
  }
  return parsed.data
}

function matchesEtag(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false
  return ifNoneMatch
    .split(',')
    .map((t) => t.trim().replace(/^W\//, ''))
    .some((t) => t === etag || t === '*')
}

function acceptsGzip(acceptEncoding: string | undefined): boolean {
  return (
    !!acceptEncoding && /(^|,)\s*gzip\s*(;\s*q=(?!0(\.0*)?\s*(,|$))[\d.]+)?\s*(,|$)/i.test(acceptEncoding)
  )
}

/**
 * The API's authentication, remembered for `ttlMs` per credential (the Authorization or Cookie header), for
 * read-only map requests: a map view asks for dozens of tiles at once, and a bearer token's check is a write
 * (last_used_at). `forget()` drops every remembered login: an admin's change to users or tokens (on any
 * instance) calls it, so a disabled user or a revoked token stops at once; a session ended by its own logout can
 * still read tiles for up to `ttlMs`.
 */
function rememberedAuthentication(
  check: MiddlewareHandler<AuthEnv>,
  ttlMs: number,
): { middleware: MiddlewareHandler<AuthEnv>; forget: () => void } {
  const known = new Map<string, { principal: AuthEnv['Variables']['principal']; until: number }>()
  const middleware: MiddlewareHandler<AuthEnv> = async (c, next) => {
    const credential = c.req.header('authorization') ?? c.req.header('cookie')
    const key = credential ? createHash('sha256').update(credential).digest('base64url') : null
    const hit = key ? known.get(key) : undefined
    if (hit && hit.until > Date.now()) {
      c.set('principal', hit.principal)
      return next()
    }
    return check(c, async () => {
      if (key) {
        if (known.size >= 10_000) known.clear()
        known.set(key, { principal: c.get('principal'), until: Date.now() + ttlMs })
      }
      await next()
    })
  }
  return { middleware, forget: () => known.clear() }
}

/**
 * Vector tiles (Mapbox Vector Tile 2.1) and TileJSON 3.0 for parcels, projects and infrastructure, behind the
 * same login as the API. Tiles are kept in an in-process cache that the change events of every instance
 * (PostgreSQL NOTIFY) invalidate for the tiles they touch.
 */
export function tileRoutes(deps: AppDeps, options: TileOptions & { authTtlMs?: number } = {}) {
  const { versionedTile, currentVersion, layerBounds } = createTileService(
    { ...deps, primary: deps.replicas?.primary },
    options,
  )
  const authentication = rememberedAuthentication(
    authenticate(authDatabase(deps)),
    options.authTtlMs ?? 10_000,
  )
  // an admin's change to users or tokens, on any instance: a disabled user or a revoked token stops at once
  deps.events.subscribe((event) => {
    if (event.resource === 'users' || event.resource === 'tokens') authentication.forget()
  })

  return (
    new Hono<AuthEnv>()
      .use('*', authentication.middleware)
      // nginx asks this before it answers a tile or an OGC request from its cache (auth_request): the caller's
      // access scope, which is part of its cache key, so no one gets an answer cached for another scope, and no one
      // logged out gets any
      .get('/scope', (c) => {
        c.header('X-Guatu-Scope', c.get('principal').role)
        c.header('Cache-Control', 'no-store')
        return c.body(null, 204)
      })
      // the intranet basemap (GUATU_BASEMAP_PMTILES): one archive the pmtiles protocol reads in byte ranges
      .get('/basemap.pmtiles', async (c) => {
        if (!deps.basemapPmtiles) {
          throw new ApiError(404, 'not_found', 'No basemap is configured (GUATU_BASEMAP_PMTILES)', [], {
            'zh-CN': '未配置本地底图（GUATU_BASEMAP_PMTILES）',
            en: 'No basemap is configured (GUATU_BASEMAP_PMTILES)',
          })
        }
        return serveByteRanges(c, deps.basemapPmtiles, 'application/vnd.pmtiles')
      })
      .get('/:file', async (c) => {
        const match = /^([a-z_]+)\.json$/.exec(c.req.param('file'))
        if (!match) throw fail(404, 'not_found', 'request.no_route', { method: 'GET', path: c.req.path })
        const layer = parseLayer(match[1])
        const origin = new URL(c.req.url).origin
        // the tile URLs carry the data version, so the TileJSON itself must be asked for again
        c.header('Cache-Control', 'private, no-cache')
        const json = tileJson(layer, origin, await layerBounds(layer))
        const v = encodeURIComponent(await currentVersion())
        return c.json({ ...json, tiles: json.tiles.map((url) => `${url}?v=${v}`) })
      })
      .get('/:layer/:z/:x/:file', async (c) => {
        const layer = parseLayer(c.req.param('layer'))
        const file = /^(.*)\.(mvt|pbf)$/.exec(c.req.param('file'))
        if (!file) throw fail(404, 'not_found', 'map.tile_path', { layer })
        const parsed = parseTileAddress(c.req.param('z'), c.req.param('x'), file[1] ?? '')
        if (!parsed.ok) {
          throw fail(400, 'validation_failed', 'map.tile_address', { reason: parsed.reason }, [
            { path: 'z/x/y', message: parsed.reason },
          ])
        }
        const v = c.req.query('v')
        const { entry, current } = await versionedTile(
          layer,
          parsed.value,
          deps.databaseKind === 'postgres' && v ? parseLsn(v) : null,
        )
        c.header('ETag', entry.etag)
        c.header('Cache-Control', CACHE_CONTROL)
        c.header('X-Accel-Expires', v && current ? String(VERSIONED_TILE_PROXY_SECONDS) : '0')
        c.header('Vary', 'Accept-Encoding')
        if (entry.truncated) c.header('Guatu-Tile-Truncated', 'true')
        if (matchesEtag(c.req.header('if-none-match'), entry.etag)) return c.body(null, 304)
        c.header('Content-Type', 'application/vnd.mapbox-vector-tile')
        // a tile's first answer goes out before it is gzipped (tile-service: cachedTile)
        if (entry.gzipped && entry.bytes.byteLength > 0 && acceptsGzip(c.req.header('accept-encoding'))) {
          c.header('Content-Encoding', 'gzip')
          return c.body(entry.gzipped as Uint8Array<ArrayBuffer>, 200)
        }
        return c.body(entry.bytes as Uint8Array<ArrayBuffer>, 200)
      })
      .all('*', (c) => c.json(noRouteBody(c.req.method, c.req.path, c.req.header('accept-language')), 404))
  )
}
