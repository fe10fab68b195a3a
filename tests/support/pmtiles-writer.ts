import { geoJSONToTile } from '@maplibre/geojson-vt'
import { fromGeojsonVt } from '@maplibre/vt-pbf'
import type { FeatureCollection } from 'geojson'
import { zxyToTileId } from 'pmtiles'

/**
 * A PMTiles v3 archive written by hand (the spec's layout: a 127-byte header, the root directory, the JSON
 * metadata, then the tiles), uncompressed, one directory, for tests: the `pmtiles` package only reads archives.
 */
export type ArchiveTile = { z: number; x: number; y: number; bytes: Uint8Array }

function varint(value: number, out: number[]) {
  let n = value
  while (n >= 0x80) {
    out.push((n % 0x80) | 0x80)
    n = Math.floor(n / 0x80)
  }
  out.push(n)
}

function directory(entries: { tileId: number; offset: number; length: number }[]): Uint8Array {
  const out: number[] = []
  varint(entries.length, out)
  let last = 0
  for (const e of entries) {
    varint(e.tileId - last, out)
    last = e.tileId
  }
  for (const _ of entries) varint(1, out) // run lengths
  for (const e of entries) varint(e.length, out)
  entries.forEach((e, i) => {
    const previous = entries[i - 1]
    varint(previous && e.offset === previous.offset + previous.length ? 0 : e.offset + 1, out)
  })
  return Uint8Array.from(out)
}

export function writePmtiles(
  tiles: ArchiveTile[],
  options: { bounds: [number, number, number, number]; metadata: Record<string, unknown> },
): Uint8Array {
  const sorted = [...tiles].sort((a, b) => zxyToTileId(a.z, a.x, a.y) - zxyToTileId(b.z, b.x, b.y))
  let offset = 0
  const entries = sorted.map((t) => {
    const entry = { tileId: zxyToTileId(t.z, t.x, t.y), offset, length: t.bytes.byteLength }
    offset += t.bytes.byteLength
    return entry
  })
  const root = directory(entries)
  const metadata = new TextEncoder().encode(JSON.stringify(options.metadata))
  const dataLength = offset
  const header = new DataView(new ArrayBuffer(127))
  const bytes = new Uint8Array(header.buffer)
  bytes.set(new TextEncoder().encode('PMTiles'), 0)
  header.setUint8(7, 3)
  const u64 = (at: number, value: number) => header.setBigUint64(at, BigInt(value), true)
  const rootOffset = 127
  const metadataOffset = rootOffset + root.byteLength
  const leafOffset = metadataOffset + metadata.byteLength
  const dataOffset = leafOffset
  u64(8, rootOffset)
  u64(16, root.byteLength)
  u64(24, metadataOffset)
  u64(32, metadata.byteLength)
  u64(40, leafOffset)
  u64(48, 0)
  u64(56, dataOffset)
  u64(64, dataLength)
  u64(72, tiles.length) // addressed tiles
  u64(80, tiles.length) // tile entries
  u64(88, tiles.length) // tile contents
  header.setUint8(96, 1) // clustered
  header.setUint8(97, 1) // internal compression: none
  header.setUint8(98, 1) // tile compression: none
  header.setUint8(99, 1) // tile type: mvt
  const zooms = sorted.map((t) => t.z)
  header.setUint8(100, Math.min(...zooms))
  header.setUint8(101, Math.max(...zooms))
  const [w, s, e, n] = options.bounds
  const e7 = (v: number) => Math.round(v * 1e7)
  header.setInt32(102, e7(w), true)
  header.setInt32(106, e7(s), true)
  header.setInt32(110, e7(e), true)
  header.setInt32(114, e7(n), true)
  header.setUint8(118, Math.max(...zooms))
  header.setInt32(119, e7((w + e) / 2), true)
  header.setInt32(123, e7((s + n) / 2), true)

  const archive = new Uint8Array(dataOffset + dataLength)
  archive.set(bytes, 0)
  archive.set(root, rootOffset)
  archive.set(metadata, metadataOffset)
  for (const [i, t] of sorted.entries()) archive.set(t.bytes, dataOffset + (entries[i]?.offset ?? 0))
  return archive
}

/** One Mapbox Vector Tile (extent 4096) of `layers` (WGS84 GeoJSON) at z/x/y, made with geojson-vt and vt-pbf. */
export function vectorTile(
  layers: Record<string, FeatureCollection>,
  z: number,
  x: number,
  y: number,
): Uint8Array {
  const tiles = Object.fromEntries(
    Object.entries(layers).flatMap(([name, collection]) => {
      const tile = geoJSONToTile(collection, z, x, y, { extent: 4096, buffer: 64, clip: true, maxZoom: z })
      return tile ? [[name, tile]] : []
    }),
  )
  return fromGeojsonVt(tiles, { version: 2, extent: 4096 })
}

/**
 * A small OpenMapTiles-schema basemap of the demo district (113.45°E, 22.55°N): the z12 tile 3338/1784 with
 * water in its south, a primary road across it and a park. Layers `water`, `transportation`, `park`.
 */
export function demoBasemap(): { archive: Uint8Array; tile: Uint8Array; z: number; x: number; y: number } {
  const [z, x, y] = [12, 3338, 1784]
  // the tile spans 113.379–113.467°E and 22.513–22.594°N
  const tile = vectorTile(
    {
      water: {
        type: 'FeatureCollection',
        features: [
          {
            type: 'Feature',
            properties: { class: 'river' },
            geometry: {
              type: 'Polygon',
              coordinates: [
                [
                  [113.3, 22.5],
                  [113.5, 22.5],
                  [113.5, 22.53],
                  [113.3, 22.53],
                  [113.3, 22.5],
                ],
              ],
            },
          },
        ],
      },
      transportation: {
        type: 'FeatureCollection',
        features: [
          {
            type: 'Feature',
            properties: { class: 'primary' },
            geometry: {
              type: 'LineString',
              coordinates: [
                [113.3, 22.56],
                [113.5, 22.57],
              ],
            },
          },
        ],
      },
      park: {
        type: 'FeatureCollection',
        features: [
          {
            type: 'Feature',
            properties: { class: 'park' },
            geometry: {
              type: 'Polygon',
              coordinates: [
                [
                  [113.4, 22.575],
                  [113.42, 22.575],
                  [113.42, 22.585],
                  [113.4, 22.585],
                  [113.4, 22.575],
                ],
              ],
            },
          },
        ],
      },
    },
    z,
    x,
    y,
  )
  const archive = writePmtiles([{ z, x, y, bytes: tile }], {
    bounds: [113.379, 22.513, 113.467, 22.594],
    metadata: {
      name: 'Guatu test basemap',
      vector_layers: [
        { id: 'water', fields: { class: 'String' } },
        { id: 'transportation', fields: { class: 'String' } },
        { id: 'park', fields: { class: 'String' } },
      ],
    },
  })
  return { archive, tile, z, x, y }
}
