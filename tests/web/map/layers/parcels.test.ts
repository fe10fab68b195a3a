import type { ResourceType } from 'maplibre-gl'
import { describe, expect, it } from 'vitest'
import { parcelTileRequest, tilesCovering } from '../../../../web/map/layers/parcels'

// the inverse of the tile scheme (XYZ, Web Mercator): a tile's west and north edges
const westOf = (x: number, z: number) => (x / 2 ** z) * 360 - 180
const northOf = (y: number, z: number) =>
  (Math.atan(Math.sinh(Math.PI * (1 - (2 * y) / 2 ** z))) * 180) / Math.PI

/** True when the point lies in the tile, by the tile's edges. */
function holds(tile: { x: number; y: number; z: number }, lon: number, lat: number): boolean {
  const { x, y, z } = tile
  return westOf(x, z) <= lon && lon < westOf(x + 1, z) && northOf(y + 1, z) <= lat && lat < northOf(y, z)
}

describe('tilesCovering', () => {
  it('answers, at each zoom, the one tile holding a point', () => {
    const tiles = tilesCovering([[113.45, 22.55, 113.45, 22.55]], 11, 16)
    expect(tiles?.map((tile) => tile.z)).toEqual([11, 12, 13, 14, 15, 16])
    for (const tile of tiles ?? []) expect(holds(tile, 113.45, 22.55)).toBe(true)
  })

  it('answers the block of tiles a box spans, corner to corner', () => {
    // at zoom 1 the world is 2 × 2 tiles: a box around (0°, 0°) meets all four
    expect(tilesCovering([[-1, -1, 1, 1]], 1, 1)).toEqual([
      { x: 0, y: 0, z: 1 },
      { x: 0, y: 1, z: 1 },
      { x: 1, y: 0, z: 1 },
      { x: 1, y: 1, z: 1 },
    ])
  })

  it('lists a tile two boxes share once', () => {
    const tiles = tilesCovering(
      [
        [113.45, 22.55, 113.45, 22.55],
        [113.4501, 22.5501, 113.4501, 22.5501],
      ],
      14,
      14,
    )
    expect(tiles).toHaveLength(1)
  })

  it('answers null when a box spans more tiles than are worth refreshing one by one', () => {
    // 1° × 1° at zoom 16 is about 180 × 200 tiles
    expect(tilesCovering([[113, 22, 114, 23]], 11, 16)).toBeNull()
  })
})

// MapLibre's resource types (an enum in its typings)
const TILE = 'Tile' as ResourceType
const SOURCE = 'Source' as ResourceType

describe('parcelTileRequest', () => {
  it('asks for parcel tiles under the data version of the last change, replacing the TileJSON’s', () => {
    expect(
      parcelTileRequest(
        'https://guatu.example.cn/tiles/parcels/15/26714/14280.mvt?v=0/16B3A10',
        TILE,
        '0/16C0F28',
      ),
    ).toEqual({ url: 'https://guatu.example.cn/tiles/parcels/15/26714/14280.mvt?v=0%2F16C0F28' })
    expect(parcelTileRequest('/tiles/parcels/15/26714/14280.mvt', TILE, '0/16C0F28')).toEqual({
      url: '/tiles/parcels/15/26714/14280.mvt?v=0%2F16C0F28',
    })
  })

  it('leaves the URL alone without a version, and every other request', () => {
    expect(
      parcelTileRequest('https://guatu.example.cn/tiles/parcels/15/1/2.mvt?v=0/1', TILE, null),
    ).toBeUndefined()
    expect(parcelTileRequest('https://guatu.example.cn/tiles/parcels.json', SOURCE, '0/2')).toBeUndefined()
    expect(
      parcelTileRequest('https://guatu.example.cn/tiles/projects/15/1/2.mvt', TILE, '0/2'),
    ).toBeUndefined()
  })
})
