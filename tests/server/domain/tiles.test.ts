import { PbfWriter } from 'pbf'
import { describe, expect, it } from 'vitest'
import { mvtFeatureIds, TileCache } from '../../../server/domain/tile-cache'
import {
  overviewCellSize,
  parseTileAddress,
  type TileAddress,
  tileAt,
  tileBounds3857,
  tileJson,
  tileLayerName,
  WEB_MERCATOR_HALF,
} from '../../../server/domain/tiles'

describe('parseTileAddress', () => {
  it('reads whole numbers within the zoom', () => {
    expect(parseTileAddress('14', '13355', '7138')).toEqual({ ok: true, value: { z: 14, x: 13355, y: 7138 } })
    expect(parseTileAddress('0', '0', '0')).toEqual({ ok: true, value: { z: 0, x: 0, y: 0 } })
  })

  it('refuses z over 22, x or y outside 0…2^z−1, and anything not a whole number', () => {
    expect(parseTileAddress('23', '0', '0')).toMatchObject({
      ok: false,
      reason: 'z must be between 0 and 22',
    })
    expect(parseTileAddress('3', '8', '0')).toMatchObject({
      ok: false,
      reason: 'x must be between 0 and 7 at zoom 3',
    })
    expect(parseTileAddress('3', '1', '9')).toMatchObject({
      ok: false,
      reason: 'y must be between 0 and 7 at zoom 3',
    })
    for (const bad of ['-1', '1.5', 'a', '', '1e3', '999999999']) {
      expect(parseTileAddress(bad, '0', '0').ok).toBe(false)
    }
  })
})

describe('tileBounds3857', () => {
  it('gives the world at zoom 0 and quarters of it at zoom 1', () => {
    expect(tileBounds3857({ z: 0, x: 0, y: 0 })).toEqual([
      -WEB_MERCATOR_HALF,
      -WEB_MERCATOR_HALF,
      WEB_MERCATOR_HALF,
      WEB_MERCATOR_HALF,
    ])
    expect(tileBounds3857({ z: 1, x: 1, y: 0 })).toEqual([0, 0, WEB_MERCATOR_HALF, WEB_MERCATOR_HALF])
  })

  it('grows by the buffer in tile units', () => {
    const [minX] = tileBounds3857({ z: 1, x: 1, y: 0 }, 64)
    expect(minX).toBeCloseTo(-(WEB_MERCATOR_HALF * 64) / 4096, 6)
  })

  it('holds the point tileAt found it for', () => {
    const tile = tileAt(113.45, 22.55, 14)
    const [minX, minY, maxX, maxY] = tileBounds3857(tile)
    const x = (113.45 * WEB_MERCATOR_HALF) / 180
    const y = Math.log(Math.tan(((90 + 22.55) * Math.PI) / 360)) * (WEB_MERCATOR_HALF / Math.PI)
    expect(x).toBeGreaterThanOrEqual(minX)
    expect(x).toBeLessThan(maxX)
    expect(y).toBeGreaterThanOrEqual(minY)
    expect(y).toBeLessThan(maxY)
  })
})

describe('overview', () => {
  it('uses 32 cells per tile side below zoom 14 and parcels from zoom 14', () => {
    expect(overviewCellSize(13)).toBeCloseTo(152.8740565703525, 9)
    expect(tileLayerName('parcels', 13)).toBe('parcels_overview')
    expect(tileLayerName('parcels', 14)).toBe('parcels')
    expect(tileLayerName('projects', 3)).toBe('projects')
  })
})

describe('tileJson', () => {
  it('gives absolute tile URLs from the origin and the data bounds', () => {
    const json = tileJson('parcels', 'http://example.test:8787', [113.4, 22.5, 113.5, 22.6])
    expect(json.tilejson).toBe('3.0.0')
    expect(json.tiles).toEqual(['http://example.test:8787/tiles/parcels/{z}/{x}/{y}.mvt'])
    expect(json.bounds).toEqual([113.4, 22.5, 113.5, 22.6])
    expect(json.vector_layers.map((l) => l.id)).toEqual(['parcels', 'parcels_overview', 'parcel_labels'])
  })
})

function entry(tile: TileAddress, ids: number[] | null, size = 10) {
  return {
    layer: 'parcels' as const,
    tile,
    bytes: new Uint8Array(size),
    gzipped: new Uint8Array(0),
    etag: '"x"',
    truncated: false,
    ids: ids ? new Set(ids) : null,
  }
}

describe('TileCache', () => {
  const a = { z: 15, x: 26710, y: 14277 }
  const b = { z: 15, x: 100, y: 100 }
  const overview = { z: 10, x: 834, y: 446 }

  it('drops the least recently used tiles past its byte budget', () => {
    const cache = new TileCache(25)
    cache.set(entry(a, [1]), 0)
    cache.set(entry(b, [2]), 0)
    cache.get('parcels', a)
    cache.set(entry(overview, null), 0)
    expect(cache.get('parcels', a)).toBeDefined()
    expect(cache.get('parcels', b)).toBeUndefined()
    expect(cache.size).toBe(2)
  })

  it('drops the tiles that hold a changed feature, those its box meets and the summary tiles', () => {
    const cache = new TileCache(1000)
    cache.set(entry(a, [1, 2]), 0)
    cache.set(entry(b, [3]), 0)
    cache.set(entry(overview, null), 0)
    cache.dropFeatures('parcels', [2], [])
    expect(cache.get('parcels', a)).toBeUndefined()
    expect(cache.get('parcels', b)).toBeDefined()
    expect(cache.get('parcels', overview)).toBeUndefined()
    cache.dropFeatures('parcels', [], [tileBounds3857(b)])
    expect(cache.size).toBe(0)
  })

  it('does not keep a tile built while its layer changed', () => {
    const cache = new TileCache(1000)
    const epoch = cache.epoch('parcels')
    cache.advance('parcels')
    cache.set(entry(a, [1]), epoch)
    expect(cache.get('parcels', a)).toBeUndefined()
    cache.set(entry(a, [1]), cache.epoch('parcels'))
    expect(cache.get('parcels', a)).toBeDefined()
  })

  it('reads the ids of a tile built without them from its bytes when a change asks', () => {
    const cache = new TileCache(10_000)
    const bytes = mvt([
      ['parcels', [41, 300_000]],
      ['other', [7]],
    ])
    cache.set({ ...entry(a, null), bytes, ids: undefined }, 0)
    cache.set({ ...entry(b, null), bytes: mvt([['parcels', [5]]]), ids: undefined }, 0)
    cache.dropFeatures('parcels', [300_000], [])
    expect(cache.get('parcels', a)).toBeUndefined()
    expect(cache.get('parcels', b)).toBeDefined()
  })
})

/**
 * A Mapbox Vector Tile written field by field (vector_tile.proto: Tile.layers = 3; Layer.name = 1, features = 2,
 * version = 15, extent = 5; Feature.id = 1, type = 3, geometry = 4 packed): one point feature per id.
 */
function mvt(layers: [string, number[]][]): Uint8Array {
  const pbf = new PbfWriter()
  for (const [name, ids] of layers) {
    pbf.writeMessage(
      3,
      (layer: [string, number[]], w: PbfWriter) => {
        w.writeVarintField(15, 2)
        w.writeStringField(1, layer[0])
        for (const id of layer[1]) {
          w.writeMessage(
            2,
            (fid: number, f: PbfWriter) => {
              f.writeVarintField(1, fid)
              f.writeVarintField(3, 1)
              f.writePackedVarint(4, [9, 2, 2])
            },
            id,
          )
        }
        w.writeVarintField(5, 4096)
      },
      [name, ids],
    )
  }
  return pbf.finish()
}

describe('mvtFeatureIds', () => {
  it('finds the feature ids of every layer and nothing else', () => {
    expect(
      [
        ...mvtFeatureIds(
          mvt([
            ['parcels', [1, 2, 2 ** 40]],
            ['projects', [9]],
          ]),
        ),
      ].sort((x, y) => x - y),
    ).toEqual([1, 2, 9, 2 ** 40])
    expect(mvtFeatureIds(new Uint8Array()).size).toBe(0)
  })
})
