import { type CqlLiteral, type CqlNode, isCalendarDate } from '../domain/cql2'
import {
  OGC_CRS,
  OGC_DATETIME_PROPERTY,
  OGC_QUERYABLES,
  type OgcCollectionId,
  type OgcCrs,
  type QueryableType,
} from '../domain/ogc'
import type { Queryable } from './pool'
import { trigramIlike } from './trigram-ilike'

// Fixed SQL per collection, never input: its rows, its WGS84 geometry, and each served property's expression.
// A filter names properties from OGC_QUERYABLES only; their expressions come from here.
interface CollectionSql {
  from: string
  where: string
  geometry: string
  properties: Record<string, string>
}

const INFRASTRUCTURE_PROPERTIES = {
  kind: 't.kind',
  name: 't.name',
  status: 't.status',
  progress_pct: 't.progress_pct',
  planned_start: 't.planned_start',
  planned_finish: 't.planned_finish',
  actual_finish: 't.actual_finish',
  version: 't.version',
}

const COLLECTIONS: Record<OgcCollectionId, CollectionSql> = {
  parcels: {
    // the stored forecast (land_forecasts): 可供日期, 交地日期, and available_on, what `available_by` filters
    from: 'parcels t left join land_forecasts f on f.parcel_id = t.id',
    where: 'true',
    geometry: 't.geom',
    properties: {
      code: 't.code',
      name: 't.name',
      status: 't.status',
      land_use: 't.land_use',
      area_m2: 'round(t.area_m2::numeric, 1)',
      area_mu: 'round((t.area_m2 * 0.0015)::numeric, 2)',
      target_on: 't.target_on',
      ready_on: 'f.ready_on',
      handover_on: 'f.handover_on',
      available_on: `(case when f.readiness = 'done' then null else f.ready_on end)`,
      readiness: 'f.readiness',
      version: 't.version',
    },
  },
  projects: {
    from: 'projects t',
    where: 'true',
    geometry: 't.location',
    properties: {
      name: 't.name',
      company: 't.company',
      sector: 't.sector',
      kind: 't.kind',
      stage: 't.stage',
      investment_wan: 't.investment_wan',
      signed_on: 't.signed_on',
      landed_on: 't.landed_on',
      manager: 't.manager',
      parcel_id: 't.parcel_id',
      version: 't.version',
    },
  },
  // one geometry type per collection: lines (as MultiLineString) apart from points
  infrastructure: {
    from: 'infrastructure t',
    where: 'ST_Dimension(t.geom) = 1',
    geometry: 'ST_Multi(t.geom)',
    properties: INFRASTRUCTURE_PROPERTIES,
  },
  'infrastructure-points': {
    from: 'infrastructure t',
    where: 'ST_Dimension(t.geom) = 0',
    geometry: 't.geom',
    properties: INFRASTRUCTURE_PROPERTIES,
  },
}

const CAST: Record<QueryableType, string> = {
  string: 'text',
  number: 'numeric',
  integer: 'numeric',
  date: 'date',
}

/** A filter value the property's type cannot take: the route answers 400 with it. */
export class OgcFilterError extends Error {}

/** Collects values as `$n` parameters: no value ever enters the SQL text. */
class Params {
  readonly values: unknown[] = []
  add(value: unknown, type: QueryableType | 'bigint'): string {
    this.values.push(value)
    return `$${this.values.length}::${type === 'bigint' ? 'bigint' : CAST[type]}`
  }
}

function valueFor(name: string, type: QueryableType, literal: CqlLiteral): string | number {
  if (type === 'date') {
    // GDAL writes a date as '2026-01-01T'; a timestamp compares by its calendar date as written
    const text =
      literal.kind === 'string' || literal.kind === 'date' || literal.kind === 'timestamp'
        ? literal.value
        : null
    const date = text === null ? null : /^(\d{4}-\d{2}-\d{2})(?:[Tt ].*)?$/.exec(text)?.[1]
    if (!date || !isCalendarDate(date)) {
      throw new OgcFilterError(`${name} is a date: compare it with DATE('YYYY-MM-DD') or 'YYYY-MM-DD'`)
    }
    return date
  }
  if (type === 'number' || type === 'integer') {
    if (literal.kind === 'number') return literal.value
    if (literal.kind === 'string' && literal.value.trim() !== '' && Number.isFinite(Number(literal.value))) {
      return Number(literal.value)
    }
    throw new OgcFilterError(`${name} is a number: compare it with a number`)
  }
  if (literal.kind === 'string') return literal.value
  if (literal.kind === 'number') return String(literal.value)
  throw new OgcFilterError(`${name} is text: compare it with a quoted string`)
}

/** The SQL condition of a parsed filter on one collection, its values appended to `params`. */
function filterSql(id: OgcCollectionId, node: CqlNode, params: Params): string {
  const queryables = OGC_QUERYABLES[id]
  const column = (name: string) => {
    const q = queryables[name]
    const sql = COLLECTIONS[id].properties[name]
    if (!q || !sql) {
      throw new OgcFilterError(
        `${id} has no queryable "${name}"; queryables are ${Object.keys(queryables).join(', ')}`,
      )
    }
    return { sql, type: q.type }
  }
  switch (node.op) {
    case 'and':
    case 'or':
      return `(${node.args.map((a) => filterSql(id, a, params)).join(node.op === 'and' ? ' and ' : ' or ')})`
    case 'not':
      return `(not coalesce(${filterSql(id, node.arg, params)}, false))`
    case 'isNull': {
      const c = column(node.property)
      return `(${c.sql} is ${node.not ? 'not ' : ''}null)`
    }
    case 'cmp': {
      const c = column(node.property)
      return `(${c.sql} ${node.cmp} ${params.add(valueFor(node.property, c.type, node.value), c.type)})`
    }
    case 'like': {
      const c = column(node.property)
      if (c.type !== 'string') throw new OgcFilterError(`LIKE applies to text; ${node.property} is not text`)
      const pattern = params.add(node.pattern, 'string')
      if (node.not) return `(${c.sql} not ${node.caseInsensitive ? 'ilike' : 'like'} ${pattern})`
      // through lower(column), where the trigram indexes are (trigramIlike); a LIKE match is an ILIKE match too
      const indexed = trigramIlike(c.sql, pattern)
      return node.caseInsensitive ? `(${indexed})` : `(${indexed} and ${c.sql} like ${pattern})`
    }
    case 'between': {
      const c = column(node.property)
      const low = params.add(valueFor(node.property, c.type, node.low), c.type)
      const high = params.add(valueFor(node.property, c.type, node.high), c.type)
      return `(${c.sql} ${node.not ? 'not ' : ''}between ${low} and ${high})`
    }
    case 'in': {
      const c = column(node.property)
      const list = node.values.map((v) => params.add(valueFor(node.property, c.type, v), c.type))
      return `(${c.sql} ${node.not ? 'not ' : ''}in (${list.join(', ')}))`
    }
  }
}

function geometrySql(id: OgcCollectionId, crs: OgcCrs) {
  const { srid, yFirst, decimals } = OGC_CRS[crs]
  const g = COLLECTIONS[id].geometry
  // EPSG:4490 and EPSG:4547 put latitude / northing first (Part 2: the CRS's own axis order)
  const projected = srid === 4326 ? g : `ST_Transform(${g}, ${srid})`
  const ordered = yFirst ? `ST_FlipCoordinates(${projected})` : projected
  return `case when ${g} is null then null else ST_AsGeoJSON(${ordered}, ${decimals}, 0)::json end`
}

function featureSql(id: OgcCollectionId, crs: OgcCrs) {
  const c = COLLECTIONS[id]
  const properties = Object.entries(c.properties)
    .map(([name, sql]) => `'${name}', ${sql}`)
    .join(', ')
  return `json_build_object('type', 'Feature', 'id', t.id, 'geometry', ${geometrySql(id, crs)},
    'properties', json_build_object(${properties}))`
}

export interface OgcItemsSelection {
  bbox?: { box: [number, number, number, number]; srid: number }
  datetime?: { from: string | null; to: string | null }
  filter?: CqlNode
  crs: OgcCrs
  limit: number
  offset: number
  cursor?: number
}

/**
 * A page of features ordered by id, whether more follow, and the number that match. With `cursor` the page starts
 * after that id (keyset: a deep page costs what the first does, and `matched` is null: not counted again);
 * without it, `offset` rows are skipped.
 * Throws OgcFilterError when the filter names an unknown property or a value of the wrong type.
 */
export async function findOgcItems(db: Queryable, id: OgcCollectionId, q: OgcItemsSelection) {
  const c = COLLECTIONS[id]
  const params = new Params()
  const conditions = [c.where]
  if (q.bbox) {
    params.values.push(q.bbox.box, q.bbox.srid)
    const [box, srid] = [params.values.length - 1, params.values.length]
    const b = (i: number) => `($${box}::float8[])[${i}]`
    const env = `ST_Transform(ST_MakeEnvelope(${b(1)}, ${b(2)}, ${b(3)}, ${b(4)}, $${srid}::int), 4326)`
    conditions.push(`(${c.geometry} && ${env} and ST_Intersects(${c.geometry}, ${env}))`)
  }
  if (q.datetime) {
    const date = c.properties[OGC_DATETIME_PROPERTY[id]] as string
    conditions.push(`${date} is not null`)
    if (q.datetime.from) conditions.push(`${date} >= ${params.add(q.datetime.from, 'date')}`)
    if (q.datetime.to) conditions.push(`${date} <= ${params.add(q.datetime.to, 'date')}`)
  }
  // bare, not in coalesce(…, false): WHERE drops a null as it drops false, and the planner can match a bare
  // condition to an index (the btree on code for `code = …`, the trigram ones for LIKE), never a coalesce
  if (q.filter) conditions.push(filterSql(id, q.filter, params))
  const where = conditions.join(' and ')
  const filterParams = [...params.values]
  const page = new Params()
  page.values.push(...filterParams)
  const after = q.cursor === undefined ? '' : ` and t.id > ${page.add(q.cursor, 'bigint')}`
  // one row more than asked, to know whether a next page exists
  const limit = page.add(q.limit + 1, 'bigint')
  const offset = q.cursor === undefined ? ` offset ${page.add(q.offset, 'bigint')}` : ''
  const [rows, count] = await Promise.all([
    db.query<{ f: GeoJSON.Feature }>(
      `select ${featureSql(id, q.crs)} as f from ${c.from} where ${where}${after} order by t.id limit ${limit}${offset}`,
      page.values,
    ),
    // counting every match costs a scan: the first page says it, the pages a cursor reaches do not
    q.cursor === undefined
      ? db.query<{ n: number }>(`select count(*)::int as n from ${c.from} where ${where}`, filterParams)
      : null,
  ])
  return {
    features: rows.rows.slice(0, q.limit).map((r) => r.f),
    more: rows.rows.length > q.limit,
    matched: count ? (count.rows[0]?.n ?? 0) : null,
  }
}

export async function findOgcItem(
  db: Queryable,
  id: OgcCollectionId,
  fid: number,
  crs: OgcCrs,
): Promise<GeoJSON.Feature | null> {
  const c = COLLECTIONS[id]
  const { rows } = await db.query<{ f: GeoJSON.Feature }>(
    `select ${featureSql(id, crs)} as f from ${c.from} where ${c.where} and t.id = $1`,
    [fid],
  )
  return rows[0]?.f ?? null
}

/** The collection's extent: WGS84 box and the range of its `datetime` dates (nulls when it has none). */
export async function findOgcExtent(db: Queryable, id: OgcCollectionId) {
  const c = COLLECTIONS[id]
  const date = c.properties[OGC_DATETIME_PROPERTY[id]] as string
  const { rows } = await db.query<{ bbox: number[] | null; first: string | null; last: string | null }>(
    `select case when e is null then null else array[ST_XMin(e), ST_YMin(e), ST_XMax(e), ST_YMax(e)] end as bbox,
       first::text, last::text
     from (select ST_Extent(${c.geometry}) as e, min(${date}) as first, max(${date}) as last
       from ${c.from} where ${c.where}) s`,
  )
  return rows[0] ?? { bbox: null, first: null, last: null }
}
