import { createHash } from 'node:crypto'
import { promisify } from 'node:util'
import { gzip, gzipSync } from 'node:zlib'
import type { DatabaseKind } from '../../db/connect'
import type { Pool, Queryable } from '../../db/pool'
import { formatLsn, parseLsn, readContext } from '../../db/replicas'
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
  deps: { pool: Pool; events: EventBus; databaseKind: DatabaseKind; primary?: Queryable },
  options: TileOptions = {},
) {
  const { pool } = deps
  const encoder = options.encoder ?? (deps.databaseKind === 'postgres' ? 'postgis' : 'node')
  const cache = new TileCache(options.cacheBytes ?? 128 * 1024 * 1024)
  // concurrent requests for one tile share one build (per epoch: a build from before a change is not joined)
  const building = new Map<string, Promise<CachedTile>>()
  const bounds = new Map<TileLayer, Promise<Bbox | null>>()
  // the tiles' data version (README "Deploying": the proxy cache): the version of the last change to any tile
  // layer this instance has heard of, or, before the first, the primary's WAL position when first asked
  let version: { text: string; lsn: bigint | null } | null = null

  function heard(event: ChangeEvent) {
    if (!event.version) return
    const lsn = parseLsn(event.version)
    if (version?.lsn != null && lsn != null && lsn <= version.lsn) return
    version = { text: event.version, lsn }
  }

  /** The version to put into tile URLs (`?v=`): the newest this instance knows. */
  async function currentVersion(): Promise<string> {
    if (!version) {
      const { rows } =
        deps.databaseKind === 'postgres'
          ? await (deps.primary ?? pool).query<{ lsn: string }>('select pg_current_wal_lsn()::text as lsn')
          : { rows: [] }
      const text = rows[0]?.lsn ?? `${Date.now().toString(36)}.0`
      version ??= { text, lsn: parseLsn(text) }
    }
    return version.text
  }

  /**
   * Runs a tile's reads on a database that has replayed `minLsn` (and the caller's own write): a replica that has,
   * else the primary. Without read replicas every read is on the primary anyway.
   */
  function readingAtLeast<T>(minLsn: bigint | null, read: () => Promise<T>): Promise<T> {
    const context = readContext.getStore()
    if (!context || minLsn === null) return read()
    const floor = context.minLsn !== null && context.minLsn > minLsn ? context.minLsn : minLsn
    return readContext.run({ ...context, minLsn: floor }, read)
  }

  // where the features were is known at once (the tiles holding them); where they are now needs a query
  async function dropFeatures(layer: TileLayer, ids: number[]) {
    cache.dropFeatures(layer, ids, [])
    cache.dropFeatures(layer, [], await findFeatureBounds(pool, layer, ids))
  }

  async function onChange(event: ChangeEvent) {
    const { resource, ids } = event
    if (resource === 'parcels' || resource === 'infrastructure' || resource === 'projects') heard(event)
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

  /** A tile built, not gzipped yet (`gzipped` null): the first answer sends its bytes as they are. */
  async function build(layer: TileLayer, tile: TileAddress, minLsn: bigint | null): Promise<CachedTile> {
    // after a change every build reads data that has it: a replica still behind it is skipped
    const encoded = await readingAtLeast(minLsn, () => renderTile(pool, layer, tile, encoder))
    const bytes = encoded.bytes
    return {
      layer,
      tile,
      bytes,
      gzipped: bytes.byteLength > 0 ? null : bytes,
      etag: `"${createHash('sha256').update(bytes).digest('base64url').slice(0, 32)}"`,
      truncated: encoded.featureCount >= TILE_FEATURE_CAP,
      // the ids of an ST_AsMVT tile are read from its bytes when a change first asks (TileCache)
      ids: encoded.content !== layer ? null : encoded.ids ? new Set(encoded.ids) : undefined,
    }
  }

  /**
   * The tile, at data version `wanted` or later (a `?v=` the map had from a change event) when it is a WAL
   * position. `current` is false when that version is one the primary has not reached (a made-up one): the
   * answer is then right now but must not be cached under it.
   */
  async function versionedTile(
    layer: TileLayer,
    tile: TileAddress,
    wanted: bigint | null,
  ): Promise<{ entry: CachedTile; current: boolean }> {
    if (wanted === null) return { entry: await cachedTile(layer, tile), current: true }
    await currentVersion()
    const known = version?.lsn ?? null
    if (known !== null && wanted <= known) return { entry: await cachedTile(layer, tile), current: true }
    // a version this instance has not heard of (its change event is on the way, or another instance started
    // later): if the primary has reached it, this instance adopts it and drops its tiles, which may be older;
    // a version the primary has not reached (made up) is answered as of now and must not be cached under it
    const { rows } = await (deps.primary ?? pool).query<{ lsn: string }>(
      'select pg_current_wal_lsn()::text as lsn',
    )
    const primaryLsn = parseLsn(rows[0]?.lsn ?? '')
    if (primaryLsn === null || wanted > primaryLsn) {
      return { entry: await build(layer, tile, primaryLsn), current: false }
    }
    if (version?.lsn == null || wanted > version.lsn) {
      version = { text: formatLsn(wanted), lsn: wanted }
      for (const each of TileLayer.options) cache.dropLayer(each)
    }
    return { entry: await cachedTile(layer, tile), current: true }
  }

  /**
   * The tile from the cache, or built. The request that builds it gets it as soon as it is built and sends it
   * as it is: gzip (1–2 ms for a 125 KB tile) then runs after that answer has gone, and the tile enters the
   * cache with both encodings; requests that come meanwhile share the build and wait for the gzip.
   */
  async function cachedTile(layer: TileLayer, tile: TileAddress): Promise<CachedTile> {
    const hit = cache.get(layer, tile)
    if (hit) return hit
    const epoch = cache.epoch(layer)
    const key = `${TileCache.key(layer, tile)}@${epoch}`
    const pending = building.get(key)
    if (pending) return pending
    const built = build(layer, tile, version?.lsn ?? null)
    const complete = built
      .then(async (entry) => {
        // after the builder's answer is written (its continuation runs before this turn of the loop ends)
        await new Promise((resolve) => setImmediate(resolve))
        const gzipped = entry.gzipped ?? (await gzipTile(entry.bytes))
        const kept = { ...entry, gzipped }
        cache.set(kept, epoch)
        return kept
      })
      .finally(() => building.delete(key))
    building.set(key, complete)
    // a failed build reaches its caller through `built`; those that joined it get it through `complete`
    complete.catch(() => {})
    return built
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

  return { cachedTile, versionedTile, currentVersion, layerBounds }
}
