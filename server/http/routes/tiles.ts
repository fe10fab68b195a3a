import { createHash } from 'node:crypto'
import { promisify } from 'node:util'
import { gzip, gzipSync } from 'node:zlib'
import { Hono, type MiddlewareHandler } from 'hono'
import {
  findFeatureBounds,
  findLayerBounds,
  findProjectParcelIds,
  renderTile,
  type TileEncoder,
} from '../../db/tiles'
import type { AppDeps } from '../../deps'
import { type CachedTile, TileCache } from '../../domain/tile-cache'
import {
  type Bbox,
  parseTileAddress,
  TILE_FEATURE_CAP,
  type TileAddress,
  TileLayer,
  tileJson,
} from '../../domain/tiles'
import { ApiError, errorBody } from '../../errors'
import type { ChangeEvent } from '../../events'
import { type AuthEnv, authenticate } from '../middleware/authenticate'

const gzipAsync = promisify(gzip)

/**
 * Gzip at the fastest level (a cold tile waits for it, and MVT gains little from a higher one): in this thread
 * below 64 KB (a tenth of a millisecond, less than the hop to the thread pool), in the pool above.
 */
async function gzipTile(bytes: Uint8Array): Promise<Uint8Array> {
  return new Uint8Array(
    bytes.byteLength < 64 * 1024 ? gzipSync(bytes, { level: 1 }) : await gzipAsync(bytes, { level: 1 }),
  )
}

export interface TileOptions {
  /** default: ST_AsMVT on real PostgreSQL, Node on the embedded database (its PostGIS has no protobuf) */
  encoder?: TileEncoder
  /** bytes of tiles kept in memory (raw + gzipped) */
  cacheBytes?: number
  /** how long a checked session or token is trusted for tiles without asking the database again */
  authTtlMs?: number
}

// tiles change whenever an officer edits: browsers may reuse one for a short while, then must ask again
// (a 304 when it has not changed); `private` because tiles are only served to logged-in users
const CACHE_CONTROL = 'private, max-age=30, must-revalidate'

function parseLayer(name: string | undefined): TileLayer {
  const parsed = TileLayer.safeParse(name)
  if (!parsed.success) {
    throw new ApiError(
      404,
      'not_found',
      `No tile layer "${name}"; layers are ${TileLayer.options.join(', ')}`,
    )
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
export function tileRoutes(deps: AppDeps, options: TileOptions = {}) {
  const { pool } = deps
  const encoder = options.encoder ?? (deps.databaseKind === 'postgres' ? 'postgis' : 'node')
  const cache = new TileCache(options.cacheBytes ?? 128 * 1024 * 1024)
  // concurrent requests for one tile share one build (per epoch: a build from before a change is not joined)
  const building = new Map<string, Promise<CachedTile>>()
  const bounds = new Map<TileLayer, Promise<Bbox | null>>()

  // where the features were is known at once (the tiles holding them); where they are now needs a query
  async function dropFeatures(layer: TileLayer, ids: number[]) {
    cache.dropFeatures(layer, ids, [])
    cache.dropFeatures(layer, [], await findFeatureBounds(pool, layer, ids))
  }

  async function onChange(event: ChangeEvent) {
    const { resource, ids } = event
    if (resource === 'parcels' || resource === 'infrastructure') {
      cache.advance(resource)
      bounds.delete(resource)
      if (ids.length === 0) return cache.dropLayer(resource)
      await dropFeatures(resource, ids)
    } else if (resource === 'projects') {
      cache.advance('projects')
      cache.advance('parcels')
      bounds.delete('projects')
      if (ids.length === 0) return cache.dropLayer('projects')
      // a stage change moves the status of the parcels the project holds or held
      const parcelIds = (await Promise.all(ids.map((id) => findProjectParcelIds(pool, id)))).flat()
      await dropFeatures('projects', ids)
      if (parcelIds.length > 0) await dropFeatures('parcels', parcelIds)
    }
  }
  const authentication = rememberedAuthentication(authenticate(pool), options.authTtlMs ?? 10_000)
  deps.events.subscribe((event) => {
    if (event.resource === 'users' || event.resource === 'tokens') authentication.forget()
    onChange(event).catch((err) => {
      // without the feature's box, drop everything that layer may show
      console.error('tile cache: could not locate a change, dropping the layer:', err)
      const layer = TileLayer.safeParse(event.resource)
      if (layer.success) cache.dropLayer(layer.data)
      if (event.resource === 'projects') cache.dropLayer('parcels')
    })
  })

  async function build(layer: TileLayer, tile: TileAddress): Promise<CachedTile> {
    const encoded = await renderTile(pool, layer, tile, encoder)
    const bytes = encoded.bytes
    return {
      layer,
      tile,
      bytes,
      gzipped: bytes.byteLength > 0 ? await gzipTile(bytes) : bytes,
      etag: `"${createHash('sha256').update(bytes).digest('base64url').slice(0, 32)}"`,
      truncated: encoded.featureCount >= TILE_FEATURE_CAP,
      ids: encoded.content === layer ? new Set(encoded.ids) : null,
    }
  }

  async function cachedTile(layer: TileLayer, tile: TileAddress): Promise<CachedTile> {
    const hit = cache.get(layer, tile)
    if (hit) return hit
    const epoch = cache.epoch(layer)
    const key = `${TileCache.key(layer, tile)}@${epoch}`
    let pending = building.get(key)
    if (!pending) {
      pending = build(layer, tile)
        .then((entry) => {
          cache.set(entry, epoch)
          return entry
        })
        .finally(() => building.delete(key))
      building.set(key, pending)
    }
    return pending
  }

  function layerBounds(layer: TileLayer): Promise<Bbox | null> {
    let pending = bounds.get(layer)
    if (!pending) {
      pending = findLayerBounds(pool, layer)
      pending.catch(() => bounds.delete(layer))
      bounds.set(layer, pending)
    }
    return pending
  }

  return new Hono<AuthEnv>()
    .use('*', authentication.middleware)
    .get('/:file', async (c) => {
      const match = /^([a-z_]+)\.json$/.exec(c.req.param('file'))
      if (!match) throw new ApiError(404, 'not_found', `No route GET ${c.req.path}`)
      const layer = parseLayer(match[1])
      const origin = new URL(c.req.url).origin
      c.header('Cache-Control', 'private, max-age=60')
      return c.json(tileJson(layer, origin, await layerBounds(layer)))
    })
    .get('/:layer/:z/:x/:file', async (c) => {
      const layer = parseLayer(c.req.param('layer'))
      const file = /^(.*)\.(mvt|pbf)$/.exec(c.req.param('file'))
      if (!file) throw new ApiError(404, 'not_found', `Tiles are at /tiles/${layer}/{z}/{x}/{y}.mvt`)
      const parsed = parseTileAddress(c.req.param('z'), c.req.param('x'), file[1] ?? '')
      if (!parsed.ok) {
        throw new ApiError(400, 'validation_failed', parsed.reason, [
          { path: 'z/x/y', message: parsed.reason },
        ])
      }
      const entry = await cachedTile(layer, parsed.value)
      c.header('ETag', entry.etag)
      c.header('Cache-Control', CACHE_CONTROL)
      c.header('Vary', 'Accept-Encoding')
      if (entry.truncated) c.header('Guatu-Tile-Truncated', 'true')
      if (matchesEtag(c.req.header('if-none-match'), entry.etag)) return c.body(null, 304)
      c.header('Content-Type', 'application/vnd.mapbox-vector-tile')
      if (entry.bytes.byteLength > 0 && acceptsGzip(c.req.header('accept-encoding'))) {
        c.header('Content-Encoding', 'gzip')
        return c.body(entry.gzipped as Uint8Array<ArrayBuffer>, 200)
      }
      return c.body(entry.bytes as Uint8Array<ArrayBuffer>, 200)
    })
    .all('*', (c) => c.json(errorBody('not_found', `No route ${c.req.method} ${c.req.path}`), 404))
}
