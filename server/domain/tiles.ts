import { z } from 'zod'

/** The layers served as vector tiles (and as OGC API – Features collections). */
export const TileLayer = z.enum(['parcels', 'projects', 'infrastructure'])
export type TileLayer = z.infer<typeof TileLayer>

/** Deepest zoom served; MapLibre overzooms beyond a source's maxzoom, so clients rarely ask past 16. */
export const MAX_TILE_ZOOM = 22
/** Tile coordinates are 0…4095 inside a tile, as ST_AsMVT and MapLibre use by default. */
export const TILE_EXTENT = 4096
/** Geometry kept outside the tile edge (tile units), so outlines and labels do not break at tile seams. */
export const TILE_BUFFER = 64
/**
 * Parcels are drawn one by one from this zoom on. Below it a tile of a 1M-parcel city would hold 8,000–130,000
 * parcels (1–4 MB), so it carries the `parcels_overview` layer instead: square cells of OVERVIEW_CELL tile units
 * (at most 32 × 32 = 1,024 per tile, whatever the city's size) with the count, area and most common status of
 * the parcels whose box centre lies in each cell, kept up to date by triggers (migration 0008).
 */
export const PARCEL_DETAIL_MINZOOM = 14
/**
 * Between this zoom and PARCEL_DETAIL_MINZOOM a tile whose cells count at most SPARSE_TILE_PARCELS parcels carries
 * them one by one all the same (layer `parcels`): a district of a few hundred parcels, or a city's outskirts, is
 * drawn parcel by parcel when it fits the screen at zoom 12–13, and only dense tiles fall back to the cells.
 */
export const SPARSE_DETAIL_MINZOOM = 11
export const SPARSE_TILE_PARCELS = 3000
export const OVERVIEW_CELL = 128
/**
 * The zoom whose cells data/migrations/0008 keeps per parcel (152.87 m in EPSG:3857); coarser zooms add them up.
 * Its triggers hard-code that size: change both together.
 */
export const OVERVIEW_BASE_ZOOM = PARCEL_DETAIL_MINZOOM - 1
/**
 * At most this many features in one tile (a dense core at z14 holds ~2,000 parcels of ~55 bytes); past it the
 * largest are kept and the tile says `Guatu-Tile-Truncated: true`, so no tile grows past ~500 KB.
 */
export const TILE_FEATURE_CAP = 8000
/** The zoom TileJSON advertises as maxzoom: parcels are exact to 0.15 m there; MapLibre overzooms past it. */
export const TILEJSON_MAXZOOM = 16
/**
 * From this zoom a parcels tile also carries PARCEL_LABELS_LAYER: one point per parcel (ST_PointOnSurface), in the
 * one tile that holds the point and in no other. A label placed on the polygon instead is placed once per tile the
 * polygon's clipped pieces reach, so a parcel across a tile edge read its code twice.
 */
export const PARCEL_LABEL_MINZOOM = 16
export const PARCEL_LABELS_LAYER = 'parcel_labels'

/** Whether a tile of `layer` holding `content` carries the parcels' label points. */
export function carriesParcelLabels(layer: TileLayer, z: number, content: string): boolean {
  return layer === 'parcels' && content === 'parcels' && z >= PARCEL_LABEL_MINZOOM
}

/** Web Mercator (EPSG:3857) half-circumference in metres: the world spans ±this on both axes. */
export const WEB_MERCATOR_HALF = 20037508.342789244

export interface TileAddress {
  z: number
  x: number
  y: number
}

/** [minX, minY, maxX, maxY] */
export type Bbox = [number, number, number, number]

/**
 * Reads z/x/y as they come in a tile URL ("14", "13570", "7102.mvt" without its suffix): whole numbers,
 * z in 0…22, x and y in 0…2^z − 1 (XYZ scheme, y down from the north as in MapLibre).
 * `parseTileAddress('3', '1', '9')` → { ok: false, reason: 'y must be between 0 and 7 at zoom 3' }
 */
export function parseTileAddress(
  z: string,
  x: string,
  y: string,
): { ok: true; value: TileAddress } | { ok: false; reason: string } {
  for (const [name, value] of [
    ['z', z],
    ['x', x],
    ['y', y],
  ] as const) {
    if (!/^\d{1,8}$/.test(value))
      return { ok: false, reason: `${name} must be a whole number, got "${value}"` }
  }
  const zoom = Number(z)
  if (zoom > MAX_TILE_ZOOM) return { ok: false, reason: `z must be between 0 and ${MAX_TILE_ZOOM}` }
  const max = 2 ** zoom - 1
  for (const [name, value] of [
    ['x', Number(x)],
    ['y', Number(y)],
  ] as const) {
    if (value > max) return { ok: false, reason: `${name} must be between 0 and ${max} at zoom ${zoom}` }
  }
  return { ok: true, value: { z: zoom, x: Number(x), y: Number(y) } }
}

/**
 * The tile's square in EPSG:3857 metres, grown on every side by `buffer` tile units.
 * `tileBounds3857({ z: 0, x: 0, y: 0 })` → [-20037508.34, -20037508.34, 20037508.34, 20037508.34]
 */
export function tileBounds3857({ z, x, y }: TileAddress, buffer = 0): Bbox {
  const size = (2 * WEB_MERCATOR_HALF) / 2 ** z
  const pad = (size * buffer) / TILE_EXTENT
  const minX = -WEB_MERCATOR_HALF + x * size
  const maxY = WEB_MERCATOR_HALF - y * size
  return [minX - pad, maxY - size - pad, minX + size + pad, maxY + pad]
}

/** Side of one overview cell in EPSG:3857 metres at zoom z (OVERVIEW_CELL tile units). */
export function overviewCellSize(z: number): number {
  return (2 * WEB_MERCATOR_HALF * OVERVIEW_CELL) / (2 ** z * TILE_EXTENT)
}

export function bboxesIntersect(a: Bbox, b: Bbox): boolean {
  return a[0] <= b[2] && b[0] <= a[2] && a[1] <= b[3] && b[1] <= a[3]
}

/**
 * The smallest box around both boxes (same CRS, [minX, minY, maxX, maxY]); either may be null (no box).
 * `bboxUnion([0, 0, 1, 1], [2, 0, 3, 1])` → [0, 0, 3, 1]
 */
export function bboxUnion(a: Bbox | null, b: Bbox | null): Bbox | null {
  if (!a || !b) return a ?? b
  return [Math.min(a[0], b[0]), Math.min(a[1], b[1]), Math.max(a[2], b[2]), Math.max(a[3], b[3])]
}

/**
 * The name of the layer inside a tile by its zoom alone: `parcels_overview` below PARCEL_DETAIL_MINZOOM, else the
 * layer itself. Between SPARSE_DETAIL_MINZOOM and PARCEL_DETAIL_MINZOOM a sparse parcels tile holds `parcels`
 * instead (server/db/tiles.ts `tileContent` decides from the overview cells).
 */
export function tileLayerName(layer: TileLayer, z: number): string {
  return layer === 'parcels' && z < PARCEL_DETAIL_MINZOOM ? 'parcels_overview' : layer
}

/** What each layer's features carry (TileJSON `vector_layers`): only what the map draws, filters and labels. */
export const VECTOR_LAYERS: Record<
  TileLayer,
  { id: string; description: string; fields: Record<string, string>; minzoom: number; maxzoom: number }[]
> = {
  parcels: [
    {
      id: 'parcels',
      description: `Parcels (地块); the feature id is the parcel id. From zoom ${PARCEL_DETAIL_MINZOOM} in every tile, from zoom ${SPARSE_DETAIL_MINZOOM} in tiles of at most ${SPARSE_TILE_PARCELS} parcels`,
      fields: {
        id: 'Number: the parcel id again, for clients that key feature-state by a property (promoteId)',
        code: 'String: parcel code',
        name: 'String: parcel name (absent when the parcel has none)',
        status: 'String: planned, acquiring, clearing, servicing, available, reserved, transferred, …',
        land_use: 'String: M0, M1, M2, W, B, R, G, S',
        area_mu: 'Number: area in mu (1 mu = 10000/15 m²)',
      },
      minzoom: SPARSE_DETAIL_MINZOOM,
      maxzoom: MAX_TILE_ZOOM,
    },
    {
      id: 'parcels_overview',
      description: `Parcels summarised in square cells of ${OVERVIEW_CELL}/${TILE_EXTENT} of a tile, below zoom ${PARCEL_DETAIL_MINZOOM} where a tile does not carry its parcels`,
      fields: {
        count: 'Number: parcels whose centre lies in the cell',
        area_mu: 'Number: their area in mu',
        available_mu: 'Number: area in mu of those with status available',
        status: 'String: the most common status among them',
      },
      minzoom: 0,
      maxzoom: PARCEL_DETAIL_MINZOOM - 1,
    },
    {
      id: PARCEL_LABELS_LAYER,
      description: `Where to write each parcel's label: one point per parcel inside it (ST_PointOnSurface), only in the tile that holds the point, from zoom ${PARCEL_LABEL_MINZOOM}`,
      fields: {
        id: 'Number: the parcel id',
        code: 'String: parcel code',
        area_mu: 'Number: area in mu (1 mu = 10000/15 m²)',
      },
      minzoom: PARCEL_LABEL_MINZOOM,
      maxzoom: MAX_TILE_ZOOM,
    },
  ],
  projects: [
    {
      id: 'projects',
      description: 'Investment projects (招商项目) at their sites; the feature id is the project id',
      fields: {
        name: 'String',
        stage: 'String: lead, negotiating, signed, land_acquired, construction, in_production, dropped',
        sector: 'String',
        kind: 'String: new or expansion',
        investment_wan: 'Number: investment in 万元',
      },
      minzoom: 0,
      maxzoom: MAX_TILE_ZOOM,
    },
  ],
  infrastructure: [
    {
      id: 'infrastructure',
      description: 'Park infrastructure (roads, pipes, lines, substations); the feature id is the item id',
      fields: {
        kind: 'String: road, water, drainage, power, telecom, gas, heat, substation',
        name: 'String',
        status: 'String: planned, in_progress, done',
        progress_pct: 'Number: 0–100',
      },
      minzoom: 0,
      maxzoom: MAX_TILE_ZOOM,
    },
  ],
}

/**
 * TileJSON 3.0.0 for one layer. `origin` is the server's origin as the client reached it
 * (tiles URLs must be absolute); `bounds` are WGS84 [west, south, east, north], null when the layer is empty.
 */
export function tileJson(layer: TileLayer, origin: string, bounds: Bbox | null) {
  const [w, s, e, n] = bounds ?? [-180, -85.051129, 180, 85.051129]
  return {
    tilejson: '3.0.0',
    name: layer,
    scheme: 'xyz',
    tiles: [`${origin}/tiles/${layer}/{z}/{x}/{y}.mvt`],
    minzoom: 0,
    maxzoom: TILEJSON_MAXZOOM,
    bounds: [w, s, e, n],
    center: [(w + e) / 2, (s + n) / 2, bounds ? PARCEL_DETAIL_MINZOOM - 1 : 0],
    vector_layers: VECTOR_LAYERS[layer],
    // not in the TileJSON spec: tiles past the cap answer with Guatu-Tile-Truncated: true
    feature_cap: TILE_FEATURE_CAP,
  }
}

/**
 * The tile at zoom z holding a WGS84 point (XYZ scheme).
 * `tileAt(113.45, 22.55, 14)` → { z: 14, x: 13355, y: 7138 }
 */
export function tileAt(lon: number, lat: number, z: number): TileAddress {
  const n = 2 ** z
  const rad = (lat * Math.PI) / 180
  const x = Math.floor(((lon + 180) / 360) * n)
  const y = Math.floor(((1 - Math.log(Math.tan(rad) + 1 / Math.cos(rad)) / Math.PI) / 2) * n)
  return { z, x: Math.min(Math.max(x, 0), n - 1), y: Math.min(Math.max(y, 0), n - 1) }
}

/** Where the intranet basemap's PMTiles archive is served (GUATU_BASEMAP_PMTILES), behind the same login as tiles. */
export const BASEMAP_PMTILES_PATH = '/tiles/basemap.pmtiles'
