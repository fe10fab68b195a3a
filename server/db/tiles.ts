import { createHash } from 'node:crypto'
import { geoJSONToTile } from '@maplibre/geojson-vt'
import { fromGeojsonVt } from '@maplibre/vt-pbf'
import {
  type Bbox,
  carriesParcelLabels,
  OVERVIEW_BASE_ZOOM,
  OVERVIEW_CELL,
  overviewCellSize,
  PARCEL_LABELS_LAYER,
  SPARSE_DETAIL_MINZOOM,
  SPARSE_TILE_PARCELS,
  TILE_BUFFER,
  TILE_EXTENT,
  TILE_FEATURE_CAP,
  type TileAddress,
  type TileLayer,
  tileBounds3857,
  tileLayerName,
  WEB_MERCATOR_HALF,
} from '../domain/tiles'
import type { Queryable } from './pool'

/**
 * The features of one tile as SQL: `feature_id` (absent from the overview), the properties the map needs, and
 * `geom` in EPSG:3857. Both encoders (ST_AsMVT in PostgreSQL, geojson-vt in Node) wrap the same query, so they
 * serve the same features.
 */
export interface TileQuery {
  sql: string
  params: unknown[]
  properties: string[]
  hasId: boolean
}

// 0.0015 mu per m² (1 mu = 10000/15 m²)
const MU = '0.0015'

/** How many z13 cells wide the cells of parcel_overview_coarse_cells are (migration 0010), widest first. */
const COARSE_CELL_WIDTHS = [64, 8] as const

/** The z13 overview cells (cx, cy ranges, inclusive) inside a tile below PARCEL_DETAIL_MINZOOM. */
function overviewCellRange(tile: TileAddress) {
  const factor = 2 ** (OVERVIEW_BASE_ZOOM - tile.z)
  const perSide = (TILE_EXTENT / OVERVIEW_CELL) * factor
  return {
    factor,
    range: [tile.x * perSide, (tile.x + 1) * perSide - 1, tile.y * perSide, (tile.y + 1) * perSide - 1],
  }
}

/**
 * Whether a parcels tile counts as sparse, as SQL (a boolean): its overview cells count at most SPARSE_TILE_PARCELS
 * parcels (whose box centre lies in the tile). From SPARSE_DETAIL_MINZOOM to PARCEL_DETAIL_MINZOOM − 1 a tile
 * spans 32–128 z13 cells per side, a multiple of 8, so the z10 cells of parcel_overview_coarse_cells (k = 8,
 * migration 0010) cover it exactly and hold the same sums: 16–256 rows to add up instead of ~10,000 z13 rows.
 * Its parameters start at `$first`.
 */
function sparseTileSql(tile: TileAddress, first: number) {
  const [x0, x1, y0, y1] = overviewCellRange(tile).range as [number, number, number, number]
  const k = 8
  return {
    sql: `select coalesce(sum(c.parcels), 0) <= ${SPARSE_TILE_PARCELS} from parcel_overview_coarse_cells c
      where c.k = ${k} and c.cx between $${first} and $${first + 1} and c.cy between $${first + 2} and $${first + 3}`,
    params: [x0 / k, (x1 + 1) / k - 1, y0 / k, (y1 + 1) / k - 1],
  }
}

/** Whether a tile of `layer` at this zoom may hold either its parcels or their overview (sparse or not). */
function decidedBySparseness(layer: TileLayer, tile: TileAddress): boolean {
  return tileLayerName(layer, tile.z) !== layer && tile.z >= SPARSE_DETAIL_MINZOOM
}

/**
 * The layer a tile of `layer` holds: the layer itself, or `parcels_overview` for a parcels tile below
 * PARCEL_DETAIL_MINZOOM, unless it is at SPARSE_DETAIL_MINZOOM or deeper and sparse (sparseTileSql).
 */
export async function tileContent(db: Queryable, layer: TileLayer, tile: TileAddress): Promise<string> {
  const byZoom = tileLayerName(layer, tile.z)
  if (!decidedBySparseness(layer, tile)) return byZoom
  const sparse = sparseTileSql(tile, 1)
  const { rows } = await db.query<{ sparse: boolean }>(`select (${sparse.sql}) as sparse`, sparse.params)
  return rows[0]?.sparse ? layer : byZoom
}

export function tileFeaturesQuery(
  layer: TileLayer,
  tile: TileAddress,
  content: string = tileLayerName(layer, tile.z),
): TileQuery {
  const withBuffer = tileBounds3857(tile, TILE_BUFFER)
  if (layer === 'parcels' && content === 'parcels_overview') {
    // parcel_overview_cells (migration 0008) keeps the parcels per z13 cell and status; a tile at zoom z adds
    // up `factor` × `factor` of them per cell of its own, and reads only the cells inside its square. From
    // zoom 10 out, parcel_overview_coarse_cells (migration 0010) holds the same sums in cells k times wider
    const fine = overviewCellRange(tile)
    const k = COARSE_CELL_WIDTHS.find((width) => fine.factor >= width) ?? 1
    const factor = fine.factor / k
    const range = fine.range.map((i) => Math.floor(i / k))
    const from =
      k > 1 ? `parcel_overview_coarse_cells c where c.k = ${k} and` : 'parcel_overview_cells c where'
    const cell = overviewCellSize(tile.z)
    // one stored cell per cell of the tile (z13, and z10 from the coarse cells): its rows per status as they are,
    // without adding up groups of one
    const cells =
      factor === 1
        ? `select c.cx as gx, c.cy as gy, c.status, c.parcels as n, c.area_m2 as a
          from ${from} c.cx between $1 and $2 and c.cy between $3 and $4 and $5::int = 1`
        : `select c.cx / $5::int as gx, c.cy / $5::int as gy, c.status, sum(c.parcels) as n, sum(c.area_m2) as a
          from ${from} c.cx between $1 and $2 and c.cy between $3 and $4
          group by 1, 2, 3`
    return {
      sql: `with s as (${cells})
        select sum(n)::int as count, round((sum(a) * ${MU})::numeric, 1)::float8 as area_mu,
          round((coalesce(sum(a) filter (where status = 'available'), 0) * ${MU})::numeric, 1)::float8
            as available_mu,
          (array_agg(status order by n desc, status))[1] as status,
          ST_MakeEnvelope(gx * $6::float8 - $7::float8, $7::float8 - (gy + 1) * $6::float8,
            (gx + 1) * $6::float8 - $7::float8, $7::float8 - gy * $6::float8, 3857) as geom
        from s group by gx, gy`,
      params: [...range, factor, cell, WEB_MERCATOR_HALF],
      properties: ['count', 'area_mu', 'available_mu', 'status'],
      hasId: false,
    }
  }
  const envelope = 'ST_MakeEnvelope($1, $2, $3, $4, 3857)'
  const params = [...withBuffer, TILE_FEATURE_CAP]
  if (layer === 'parcels') {
    return {
      // past the cap the largest parcels stay: they are the ones visible at this zoom. The id is a property too:
      // MapLibre keys feature-state by it (promoteId), and a property survives where a feature id may not
      sql: `select p.id as feature_id, p.id::int4 as id, p.code, p.name, p.status, p.land_use,
          round((p.area_m2 * ${MU})::numeric, 2)::float8 as area_mu, p.geom_3857 as geom
        from parcels p where p.geom_3857 && ${envelope}
        order by p.area_m2 desc, p.id limit $5`,
      params,
      properties: ['id', 'code', 'name', 'status', 'land_use', 'area_mu'],
      hasId: true,
    }
  }
  if (layer === 'projects') {
    return {
      sql: `select pr.id as feature_id, pr.name, pr.stage, pr.sector, pr.kind, pr.investment_wan, pr.location_3857 as geom
        from projects pr where pr.location_3857 && ${envelope}
        order by pr.investment_wan desc, pr.id limit $5`,
      params,
      properties: ['name', 'stage', 'sector', 'kind', 'investment_wan'],
      hasId: true,
    }
  }
  return {
    sql: `select i.id as feature_id, i.kind, i.name, i.status, i.progress_pct::float8 as progress_pct, i.geom_3857 as geom
      from infrastructure i where i.geom_3857 && ${envelope}
      order by i.id limit $5`,
    params,
    properties: ['kind', 'name', 'status', 'progress_pct'],
    hasId: true,
  }
}

export interface EncodedTile {
  bytes: Uint8Array
  /** the layer inside the tile (`parcels_overview` for a summary) */
  content: string
  /**
   * feature ids in the tile (empty for the overview), to drop it from the cache when one of them changes; absent
   * when the ids are only in the bytes (ST_AsMVT's tiles: reading them there costs nothing until a change asks)
   */
  ids?: number[]
  featureCount: number
}

/** `$1`, `$2`, … of a statement's text moved up so that its first parameter is `$first`. */
function shiftParams(sql: string, first: number): string {
  return first === 1 ? sql : sql.replace(/\$(\d+)/g, (_, i: string) => `$${Number(i) + first - 1}`)
}

/**
 * One layer of a tile as parts of a statement whose parameters start at `$first`: the CTEs (`f<suffix>` the features,
 * `t<suffix>` their tile geometries), the MVT bytes and the feature count as expressions, and the parameters.
 */
function encodedLayerSql(
  layer: TileLayer,
  tile: TileAddress,
  content: string,
  first: number,
  suffix: string,
) {
  const features = tileFeaturesQuery(layer, tile, content)
  const n = first + features.params.length - 1
  const [minX, minY, maxX, maxY] = tileBounds3857(tile)
  const f = `f${suffix}`
  const t = `t${suffix}`
  const columns = [
    ...(features.hasId ? [`${f}.feature_id`] : []),
    ...features.properties.map((p) => `${f}.${p}`),
  ]
  const clipped = `ST_AsMVTGeom(${f}.geom, ST_MakeEnvelope($${n + 1}, $${n + 2}, $${n + 3}, $${n + 4}, 3857),
          ${TILE_EXTENT}, ${TILE_BUFFER}, true)`
  const direct =
    content === 'parcels'
      ? directTileGeometry(tile, `${f}.geom`, n + 6)
      : content === 'parcels_overview'
        ? cellTileGeometry(`${f}.geom`, n + 1)
        : null
  const geometry = !direct
    ? clipped
    : direct.when
      ? `case when ${direct.when} then ${direct.geometry} else ${clipped} end`
      : direct.geometry
  return {
    ctes: `${f} as (${shiftParams(features.sql, first)}),
    ${t} as (
      select ${columns.join(', ')},
        ${geometry} as geom
      from ${f})`,
    mvt: `coalesce((select ST_AsMVT(${t}, $${n + 5}::text, ${TILE_EXTENT}, 'geom'${features.hasId ? `, 'feature_id'` : ''})
        from ${t} where ${t}.geom is not null), ''::bytea)`,
    count: `(select count(*) from ${f})::int4`,
    contentParam: n + 5,
    params: [...features.params, minX, minY, maxX, maxY, content, ...(direct?.params ?? [])],
  }
}

/**
 * A parcel's tile geometry without ST_AsMVTGeom's clip and validation (wagyu), which cost ~2.5 µs a parcel, most
 * of a z14 tile's statement. For a parcel of four corners (a city's usual parcel; with more, wagyu drops points
 * that the grid made collinear and may start a ring elsewhere) that lies inside the buffered tile (nothing to clip)
 * and spans at least MIN_DIRECT_UNITS each way (nothing collapses on the grid) the statement takes the steps ST_AsMVTGeom takes before
 * its clip itself: the affine map to tile units with its very factors (postgis/mvt.c: fx = extent / width,
 * fy = −extent / height, offsets −xmin·fx and −ymax·fy), the snap to the integer grid (which drops repeated
 * points), the exterior ring clockwise as ST_AsMVTGeom leaves it. The test for "inside" reads the parcel's stored
 * box, single precision (up to ~1.2 m off at these coordinates): the box it must lie in is the buffered tile less
 * DIRECT_MARGIN_M on every side. Parameters from `$first`: the box (4), fx, fy, xoff, yoff, the least span.
 */
function directTileGeometry(tile: TileAddress, geom: string, first: number) {
  const [bx0, by0, bx1, by1] = tileBounds3857(tile, TILE_BUFFER)
  const m = DIRECT_MARGIN_M
  const p = (i: number) => `$${first + i}`
  const affine = tileAffine(tile)
  return {
    when: `${geom} @ ST_MakeEnvelope(${p(0)}, ${p(1)}, ${p(2)}, ${p(3)}, 3857) and ST_NPoints(${geom}) = 5
          and ST_XMax(${geom}) - ST_XMin(${geom}) >= ${p(8)} and ST_YMax(${geom}) - ST_YMin(${geom}) >= ${p(8)}`,
    geometry: `ST_SnapToGrid(ST_Affine(ST_ForcePolygonCW(${geom}), ${p(4)}, 0, 0, ${p(5)}, ${p(6)}, ${p(7)}), 1)`,
    params: [bx0 + m, by0 + m, bx1 - m, by1 - m, ...affine, MIN_DIRECT_UNITS / (affine[0] as number)],
  }
}

/** ST_AsMVTGeom's affine map from EPSG:3857 to the tile's units: fx, fy, xoff, yoff (postgis/mvt.c). */
function tileAffine(tile: TileAddress): number[] {
  const [minX, minY, maxX, maxY] = tileBounds3857(tile)
  const fx = TILE_EXTENT / (maxX - minX)
  const fy = -(TILE_EXTENT / (maxY - minY))
  return [fx, fy, -minX * fx, -maxY * fy]
}

/**
 * An overview cell's tile geometry, always without ST_AsMVTGeom's clip and wagyu: a cell is a square of
 * OVERVIEW_CELL tile units on the tile's own grid, always inside the tile, so there is nothing to clip or repair
 * (1,000 cells of a z13 tile: ~3.7 ms in ST_AsMVTGeom). The same affine map and grid snap as directTileGeometry's,
 * its factors worked out in the statement from the tile's box (`$box` … `$box + 3`) in ST_AsMVTGeom's own order.
 */
function cellTileGeometry(geom: string, box: number) {
  const [x0, y0, x1, y1] = [0, 1, 2, 3].map((i) => `$${box + i}::float8`)
  const fx = `(${TILE_EXTENT} / (${x1} - ${x0}))`
  const fy = `(-(${TILE_EXTENT} / (${y1} - ${y0})))`
  return {
    when: null,
    geometry: `ST_SnapToGrid(ST_Affine(ST_ForcePolygonCW(${geom}), ${fx}, 0, 0, ${fy}, -${x0} * ${fx}, -${y1} * ${fy}), 1)`,
    params: [],
  }
}

/** Tile units a parcel's box spans at least, each way, for directTileGeometry. */
const MIN_DIRECT_UNITS = 16
/** More than a single-precision box can be off by at EPSG:3857's coordinates (2e7 × 2⁻²⁴ ≈ 1.2 m). */
const DIRECT_MARGIN_M = 2

/**
 * The label points of a parcels tile's features `f` (columns id, code, area_mu, geom), as SQL over `f` with
 * `l_pt` the point: one point inside each parcel (ST_PointOnSurface), kept only when it lies in the tile itself,
 * its edges half-open (west and north in, east and south out), so that each parcel is labelled in exactly one tile
 * whatever the buffer. Parameters from `$first`: the tile's box.
 */
function labelPointsSql(tile: TileAddress, f: string, first: number) {
  const [minX, minY, maxX, maxY] = tileBounds3857(tile)
  const p = (i: number) => `$${first + i}::float8`
  return {
    sql: `select l.id, l.code, l.area_mu, l.l_pt from (
        select ${f}.id, ${f}.code, ${f}.area_mu, ST_PointOnSurface(${f}.geom) as l_pt from ${f}) l
      where ST_X(l.l_pt) >= ${p(0)} and ST_X(l.l_pt) < ${p(2)} and ST_Y(l.l_pt) > ${p(1)} and ST_Y(l.l_pt) <= ${p(3)}`,
    params: [minX, minY, maxX, maxY],
  }
}

/** The label points as the parcel_labels layer's MVT bytes, after the CTEs of encodedLayerSql (suffix ''). */
function encodedLabelsSql(tile: TileAddress, first: number) {
  const points = labelPointsSql(tile, 'f', first)
  return {
    ctes: `l as (${points.sql}),
    lt as (
      select l.id, l.code, l.area_mu,
        ST_AsMVTGeom(l.l_pt, ST_MakeEnvelope($${first}, $${first + 1}, $${first + 2}, $${first + 3}, 3857),
          ${TILE_EXTENT}, 0, false) as geom
      from l)`,
    mvt: `coalesce((select ST_AsMVT(lt, '${PARCEL_LABELS_LAYER}', ${TILE_EXTENT}, 'geom') from lt where lt.geom is not null),
        ''::bytea)`,
    params: points.params,
  }
}

/**
 * One tile as one statement answering one row: `mvt` (Mapbox Vector Tile bytes from ST_AsMVT), `content` (the layer
 * inside) and `featureCount` (the features selected, to tell a tile cut at TILE_FEATURE_CAP). With `content`
 * given the statement encodes that layer (the benchmark's floor); without it, a parcels tile of zoom
 * SPARSE_DETAIL_MINZOOM…PARCEL_DETAIL_MINZOOM − 1 decides sparse or dense inside the same statement: its
 * two encodings stand in the two branches of a CASE, and PostgreSQL runs only the branch taken.
 */
export function postgisTileQuery(layer: TileLayer, tile: TileAddress, content?: string) {
  if (content !== undefined || !decidedBySparseness(layer, tile)) {
    const inside = content ?? tileLayerName(layer, tile.z)
    const only = encodedLayerSql(layer, tile, inside, 1, '')
    // two layers' MVT bytes one after the other are one tile holding both
    const labels = carriesParcelLabels(layer, tile.z, inside)
      ? encodedLabelsSql(tile, only.params.length + 1)
      : null
    return {
      sql: `with ${only.ctes}${labels ? `,\n    ${labels.ctes}` : ''}
    select ${labels ? `${only.mvt} || ${labels.mvt}` : only.mvt} as mvt, $${only.contentParam}::text as content,
      ${only.count} as "featureCount"`,
      params: [...only.params, ...(labels?.params ?? [])],
    }
  }
  const sparse = sparseTileSql(tile, 1)
  const detail = encodedLayerSql(layer, tile, layer, sparse.params.length + 1, '_detail')
  const overview = encodedLayerSql(
    layer,
    tile,
    tileLayerName(layer, tile.z),
    sparse.params.length + detail.params.length + 1,
    '_overview',
  )
  return {
    sql: `with s as (select (${sparse.sql}) as sparse),
    ${detail.ctes},
    ${overview.ctes}
    select case when (select sparse from s) then ${detail.mvt} else ${overview.mvt} end as mvt,
      case when (select sparse from s) then '${layer}' else '${tileLayerName(layer, tile.z)}' end as content,
      case when (select sparse from s) then ${detail.count} else ${overview.count} end as "featureCount"`,
    params: [...sparse.params, ...detail.params, ...overview.params],
  }
}

const statementNames = new Map<string, string>()

/** A prepared statement's name for a query text: the same text, the same name. */
function statementName(sql: string): string {
  let name = statementNames.get(sql)
  if (!name) {
    name = `tile_${createHash('sha1').update(sql).digest('base64url')}`
    statementNames.set(sql, name)
  }
  return name
}

export async function encodeTileInPostgis(
  db: Queryable,
  layer: TileLayer,
  tile: TileAddress,
  content?: string,
): Promise<EncodedTile> {
  const { sql, params } = postgisTileQuery(layer, tile, content)
  // a named statement: each connection parses it once and PostgreSQL may keep its plan, so a tile pays for
  // running the query only (its text depends on the layer and zoom, not on the tile)
  const { rows } = await db.query<{ mvt: Buffer; content: string; featureCount: number }>({
    name: statementName(sql),
    text: sql,
    values: params,
  })
  const row = rows[0]
  return {
    content: row?.content ?? content ?? tileLayerName(layer, tile.z),
    bytes: row ? new Uint8Array(row.mvt.buffer, row.mvt.byteOffset, row.mvt.byteLength) : new Uint8Array(),
    featureCount: row?.featureCount ?? 0,
  }
}

/** The same features as GeoJSON (WGS84), for the Node encoder. */
export async function findTileFeatures(
  db: Queryable,
  layer: TileLayer,
  tile: TileAddress,
  content: string = tileLayerName(layer, tile.z),
): Promise<GeoJSON.Feature[]> {
  const features = tileFeaturesQuery(layer, tile, content)
  const columns = [...(features.hasId ? ['f.feature_id'] : []), ...features.properties.map((p) => `f.${p}`)]
  const { rows } = await db.query<
    Record<string, unknown> & { feature_id?: number; geometry: GeoJSON.Geometry }
  >(
    `with f as (${features.sql})
     select ${columns.join(', ')}, ST_AsGeoJSON(ST_Transform(f.geom, 4326), 9)::json as geometry from f`,
    features.params,
  )
  return rows.map(({ feature_id, geometry, ...properties }) => ({
    type: 'Feature',
    ...(feature_id === undefined ? {} : { id: Number(feature_id) }),
    geometry,
    properties,
  }))
}

/** The label points of a parcels tile (WGS84), for the Node encoder: the same points as encodedLabelsSql's. */
export async function findTileLabelPoints(db: Queryable, tile: TileAddress): Promise<GeoJSON.Feature[]> {
  const features = tileFeaturesQuery('parcels', tile, 'parcels')
  const points = labelPointsSql(tile, 'f', features.params.length + 1)
  const { rows } = await db.query<{ id: number; code: string; area_mu: number; geometry: GeoJSON.Point }>(
    `with f as (${features.sql}), l as (${points.sql})
     select l.id, l.code, l.area_mu, ST_AsGeoJSON(ST_Transform(l.l_pt, 4326), 9)::json as geometry from l`,
    [...features.params, ...points.params],
  )
  return rows.map(({ geometry, ...properties }) => ({ type: 'Feature', geometry, properties }))
}

// fixed identifiers, never input: the tables and their 3857 and 4326 geometry columns
const GEOMETRY_COLUMN: Record<TileLayer, { table: string; column: string; wgs84: string }> = {
  parcels: { table: 'parcels', column: 'geom_3857', wgs84: 'geom' },
  projects: { table: 'projects', column: 'location_3857', wgs84: 'location' },
  infrastructure: { table: 'infrastructure', column: 'geom_3857', wgs84: 'geom' },
}

/** The layer's extent in WGS84 [west, south, east, north], or null when it has no features. */
export async function findLayerBounds(db: Queryable, layer: TileLayer): Promise<Bbox | null> {
  const { table, wgs84 } = GEOMETRY_COLUMN[layer]
  const { rows } = await db.query<{ b: Bbox | null }>(
    `select case when e is null then null else array[ST_XMin(e), ST_YMin(e), ST_XMax(e), ST_YMax(e)] end as b
     from (select ST_Extent(${wgs84}) as e from ${table}) s`,
  )
  return rows[0]?.b ?? null
}

/** Current EPSG:3857 boxes of some features of a layer (those that still exist and have a geometry). */
export async function findFeatureBounds(db: Queryable, layer: TileLayer, ids: number[]): Promise<Bbox[]> {
  if (ids.length === 0) return []
  const { table, column } = GEOMETRY_COLUMN[layer]
  const { rows } = await db.query<{ b: Bbox }>(
    `select array[ST_XMin(${column}), ST_YMin(${column}), ST_XMax(${column}), ST_YMax(${column})] as b
     from ${table} where id = any($1::bigint[]) and ${column} is not null`,
    [ids],
  )
  return rows.map((r) => r.b)
}

/** The parcels a project holds or held (its site and its reservations): a reservation changes their status. */
export async function findProjectParcelIds(db: Queryable, projectId: number): Promise<number[]> {
  const { rows } = await db.query<{ id: number }>(
    `select parcel_id as id from projects where id = $1 and parcel_id is not null
     union select parcel_id from reservations where project_id = $1`,
    [projectId],
  )
  return rows.map((r) => Number(r.id))
}

/** How tile bytes are made: ST_AsMVT in PostgreSQL, or geojson-vt + vt-pbf in Node (the embedded database). */
export type TileEncoder = 'postgis' | 'node'

const EMPTY = new Uint8Array()

/** One tile's bytes from the encoder asked for; both start from tileFeaturesQuery, so they hold the same features. */
export async function renderTile(
  db: Queryable,
  layer: TileLayer,
  tile: TileAddress,
  encoder: TileEncoder,
): Promise<EncodedTile> {
  if (encoder === 'postgis') return encodeTileInPostgis(db, layer, tile)
  const content = await tileContent(db, layer, tile)
  const features = await findTileFeatures(db, layer, tile, content)
  if (features.length === 0) return { bytes: EMPTY, content, ids: [], featureCount: 0 }
  const vt = geoJSONToTile({ type: 'FeatureCollection', features }, tile.z, tile.x, tile.y, {
    extent: TILE_EXTENT,
    buffer: TILE_BUFFER,
    clip: true,
    // simplify to one tile unit at this zoom, about what ST_AsMVTGeom's snapping to the grid does
    maxZoom: tile.z,
    tolerance: 1,
  })
  const kept = vt?.features ?? []
  if (kept.length === 0) return { bytes: EMPTY, content, ids: [], featureCount: features.length }
  const layers: Record<string, NonNullable<typeof vt>> = { [content]: vt as NonNullable<typeof vt> }
  if (carriesParcelLabels(layer, tile.z, content)) {
    const points = await findTileLabelPoints(db, tile)
    const labels =
      points.length > 0
        ? geoJSONToTile({ type: 'FeatureCollection', features: points }, tile.z, tile.x, tile.y, {
            extent: TILE_EXTENT,
            buffer: 0,
            clip: true,
            maxZoom: tile.z,
          })
        : null
    if (labels && labels.features.length > 0) layers[PARCEL_LABELS_LAYER] = labels
  }
  return {
    bytes: fromGeojsonVt(layers, { version: 2, extent: TILE_EXTENT }),
    content,
    ids: kept.flatMap((f) => (typeof f.id === 'number' ? [f.id] : [])),
    featureCount: features.length,
  }
}
