import { createHash } from 'node:crypto'
import { promisify } from 'node:util'
import { gzip, gzipSync } from 'node:zlib'
import type { DatabaseKind } from '../../db/connect'
import type { Pool } from '../../db/pool'
import {
  findFeatureBounds,
  findLayerBounds,
  findProjectParcelIds,
  renderTile,
  type TileEncoder,
} from '../../db/tiles'
import { type CachedTile, TileCache } from '../../domain/tile-cache'
import { type Bbox, TILE_FEATURE_CAP, type TileAddress, TileLayer } from '../../domain/tiles'
import type { ChangeEvent, EventBus } from '../../events'

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
}

/**
 * Vector tiles kept in an in-process cache (a cache only: any instance can build any tile) that the change events
 * of every instance (PostgreSQL NOTIFY) invalidate for the tiles they touch. Concurrent requests for one tile
 * share one build.
 */
export function createTileService(
  deps: { pool: Pool; events: EventBus; databaseKind: DatabaseKind },
  options: TileOptions = {},
) {
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
  deps.events.subscribe((event) => {
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

  return { cachedTile, layerBounds }
}
