import {
  CRS84,
  OGC_CRS_LIST,
  OGC_DATETIME_PROPERTY,
  OGC_MAX_LIMIT,
  OGC_QUERYABLES,
  OgcCollectionId,
  type Queryable,
} from './ogc'

/** Titles and descriptions of the collections, Chinese and English (each says which date `datetime` filters). */
export const OGC_COLLECTION_TEXT: Record<OgcCollectionId, { zh: [string, string]; en: [string, string] }> = {
  parcels: {
    zh: [
      '地块',
      '地块的状态、用地性质、面积、可供日期（ready_on）与交地日期（handover_on，预测或实际）。datetime 按 available_on 筛选：可供日期，已交地的地块为空——与 /api/parcels?available_by= 所选相同。',
    ],
    en: [
      'Parcels',
      'Land parcels with status, land use, area, ready-to-offer date (ready_on) and hand-over date (handover_on, forecast or actual). datetime filters available_on: the ready-to-offer date, empty once the parcel is handed over — the same parcels as /api/parcels?available_by=.',
    ],
  },
  projects: {
    zh: ['招商项目', '项目位置、阶段与投资额。datetime 按签约日期（signed_on）筛选。'],
    en: [
      'Investment projects',
      'Projects at their sites, with stage and investment. datetime filters signed_on.',
    ],
  },
  infrastructure: {
    zh: [
      '基础设施（线）',
      '道路、管线、电力线等线状设施及进度。datetime 按计划完工日期（planned_finish）筛选。',
    ],
    en: ['Infrastructure (lines)', 'Roads, pipes and cables with progress. datetime filters planned_finish.'],
  },
  'infrastructure-points': {
    zh: ['基础设施（点）', '变电站等点状设施及进度。datetime 按计划完工日期（planned_finish）筛选。'],
    en: [
      'Infrastructure (points)',
      'Substations and other sites drawn as a point, with progress. datetime filters planned_finish.',
    ],
  },
}

const SCHEMA_TYPE: Record<Queryable['type'], object> = {
  string: { type: 'string' },
  number: { type: 'number' },
  integer: { type: 'integer' },
  date: { type: 'string', format: 'date' },
}

/**
 * The queryables of a collection as JSON Schema (Part 3). `queryables` repeats them as the list of the Part 3
 * draft, which GDAL 3.6 reads to decide which properties it may filter on the server.
 */
export function queryablesSchema(id: OgcCollectionId, url: string, lang: 'zh' | 'en') {
  const entries = Object.entries(OGC_QUERYABLES[id])
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    $id: url,
    type: 'object',
    title: OGC_COLLECTION_TEXT[id][lang][0],
    properties: Object.fromEntries(
      entries.map(([name, q]) => [name, { title: q[lang], ...SCHEMA_TYPE[q.type] }]),
    ),
    additionalProperties: false,
    queryables: entries.map(([name, q]) => ({ id: name, title: q[lang], ...SCHEMA_TYPE[q.type] })),
  }
}

const GEOMETRY: Record<OgcCollectionId, string> = {
  parcels: 'MultiPolygon',
  projects: 'Point',
  infrastructure: 'MultiLineString',
  'infrastructure-points': 'Point',
}

/**
 * The JSON Schema of one feature (the collection's `describedby` link): GDAL takes its field types from it
 * rather than guessing them from the first page (a progress of 40 would make an integer field).
 */
export function featureSchema(id: OgcCollectionId, url: string, lang: 'zh' | 'en') {
  const properties = Object.fromEntries(
    Object.entries(OGC_QUERYABLES[id]).map(([name, q]) => [name, { title: q[lang], ...SCHEMA_TYPE[q.type] }]),
  )
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    $id: url,
    title: OGC_COLLECTION_TEXT[id][lang][0],
    type: 'object',
    required: ['type', 'geometry', 'properties'],
    properties: {
      type: { type: 'string', enum: ['Feature'] },
      id: { type: 'integer' },
      geometry: { type: 'object', properties: { type: { type: 'string', enum: [GEOMETRY[id]] } } },
      properties: {
        type: 'object',
        properties: { ...properties, version: { title: 'version', type: 'integer' } },
      },
    },
  }
}

const param = (name: string, description: string, schema: object, extra: object = {}) => ({
  name,
  in: 'query',
  required: false,
  description,
  schema,
  style: 'form',
  explode: false,
  ...extra,
})

const json = (description: string, type = 'application/json') => ({
  description,
  content: { [type]: { schema: { type: 'object' } } },
})

const errors = {
  '400': json('Invalid parameter (one error shape: error.code, error.message, error.details)'),
  '401': json('No valid session or API token'),
  '404': json('No such collection or feature'),
}

/**
 * The OpenAPI 3.0 document of /ogc (the landing page's `service-desc`), with every query parameter the items
 * endpoint takes. QGIS needs it to open the service; GDAL reads `filter-lang` from it to send filters as CQL text.
 */
export function ogcOpenApi(base: string) {
  const collectionId = {
    name: 'collectionId',
    in: 'path',
    required: true,
    description: 'The collection',
    schema: { type: 'string', enum: OgcCollectionId.options },
  }
  const crs = param('crs', 'Output CRS (Part 2)', { type: 'string', enum: OGC_CRS_LIST, default: CRS84 })
  return {
    openapi: '3.0.3',
    info: {
      title: 'Guatu (挂图) OGC API – Features',
      version: '1.0.0',
      description: `Parcels, investment projects and infrastructure. Log in with a session cookie or send
        Authorization: Bearer <API token> (or HTTP Basic with the token as password). datetime filters:
        ${OgcCollectionId.options.map((id) => `${id}: ${OGC_DATETIME_PROPERTY[id]}`).join('; ')}.`,
    },
    servers: [{ url: base }],
    components: {
      securitySchemes: {
        bearer: { type: 'http', scheme: 'bearer' },
        basic: { type: 'http', scheme: 'basic' },
      },
    },
    security: [{ bearer: [] }, { basic: [] }],
    paths: {
      '/': {
        get: { summary: 'Landing page', operationId: 'getLandingPage', responses: { '200': json('Links') } },
      },
      '/conformance': {
        get: {
          summary: 'Conformance classes implemented',
          operationId: 'getConformance',
          responses: { '200': json('conformsTo') },
        },
      },
      '/api': {
        get: {
          summary: 'This document',
          operationId: 'getApi',
          responses: { '200': json('OpenAPI 3.0', 'application/vnd.oai.openapi+json;version=3.0') },
        },
      },
      '/collections': {
        get: {
          summary: 'The collections',
          operationId: 'getCollections',
          responses: { '200': json('Collections') },
        },
      },
      '/collections/{collectionId}': {
        get: {
          summary: 'One collection',
          operationId: 'describeCollection',
          parameters: [collectionId],
          responses: { '200': json('Collection'), ...errors },
        },
      },
      '/collections/{collectionId}/queryables': {
        get: {
          summary: 'Properties a filter may name (JSON Schema)',
          operationId: 'getQueryables',
          parameters: [collectionId],
          responses: { '200': json('Queryables', 'application/schema+json'), ...errors },
        },
      },
      '/collections/{collectionId}/schema': {
        get: {
          summary: 'JSON Schema of one feature',
          operationId: 'getSchema',
          parameters: [collectionId],
          responses: { '200': json('Schema', 'application/schema+json'), ...errors },
        },
      },
      '/collections/{collectionId}/items': {
        get: {
          summary: 'Features, ordered by id, a page at a time',
          operationId: 'getFeatures',
          parameters: [
            collectionId,
            param(
              'limit',
              'Features per page',
              { type: 'integer', minimum: 1, maximum: OGC_MAX_LIMIT, default: 100 },
              { style: 'form', explode: false },
            ),
            param('bbox', 'minx,miny,maxx,maxy in bbox-crs (default CRS84: lon,lat)', {
              type: 'array',
              minItems: 4,
              maxItems: 6,
              items: { type: 'number' },
            }),
            param('bbox-crs', 'CRS of bbox', { type: 'string', enum: OGC_CRS_LIST, default: CRS84 }),
            param('datetime', 'Date or interval (start/end, .. or empty for an open end), RFC 3339', {
              type: 'string',
            }),
            param('filter', 'CQL2-text filter on the queryables', { type: 'string' }),
            param('filter-lang', 'Filter language', {
              type: 'string',
              enum: ['cql2-text', 'cql-text'],
              default: 'cql2-text',
            }),
            crs,
            param('cursor', 'Keyset paging: features after this id (the next link carries it)', {
              type: 'integer',
              minimum: 0,
            }),
            param('offset', 'Features to skip (prefer the next link)', {
              type: 'integer',
              minimum: 0,
              default: 0,
            }),
          ],
          responses: { '200': json('GeoJSON FeatureCollection', 'application/geo+json'), ...errors },
        },
      },
      '/collections/{collectionId}/items/{featureId}': {
        get: {
          summary: 'One feature',
          operationId: 'getFeature',
          parameters: [
            collectionId,
            { name: 'featureId', in: 'path', required: true, schema: { type: 'integer' } },
            crs,
          ],
          responses: { '200': json('GeoJSON Feature', 'application/geo+json'), ...errors },
        },
      },
    },
  }
}
