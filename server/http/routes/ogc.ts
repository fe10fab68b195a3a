import { type Context, Hono } from 'hono'
import { type AppDeps, authDatabase } from '../../deps'
import { OGC_CONFORMANCE, OgcCollectionId, OgcItemQuery, OgcItemsQuery } from '../../domain/ogc'
import { featureSchema, ogcOpenApi, queryablesSchema } from '../../domain/ogc-openapi'
import { fail, noRouteBody } from '../../errors'
import { ogcCollection, ogcItem, ogcItems } from '../../services/ogc/features'
import { type AuthEnv, authenticate } from '../middleware/authenticate'
import { ogcDocsPage } from '../ogc-docs'
import { validate } from '../validation'

/**
 * How long nginx may keep an OGC answer, in seconds. GIS clients ask by plain URLs (no data version), so a write
 * shows there within this time — the same order as a replica's lag; the writer's own reads (its guatu_lsn cookie)
 * pass the cache.
 */
export const OGC_PROXY_SECONDS = 5

const GEOJSON = 'application/geo+json'
const JSON_TYPE = 'application/json'
const OPENAPI = 'application/vnd.oai.openapi+json;version=3.0'
const SCHEMA = 'application/schema+json'

function baseOf(c: Context) {
  return `${new URL(c.req.url).origin}/ogc`
}

/** Titles in the caller's language: English when Accept-Language asks for it first, else Chinese. */
function langOf(c: Context): 'zh' | 'en' {
  return /^\s*en\b/i.test(c.req.header('accept-language') ?? '') ? 'en' : 'zh'
}

function collectionId(c: Context): OgcCollectionId {
  const id = c.req.param('collectionId')
  const parsed = OgcCollectionId.safeParse(id)
  if (!parsed.success) {
    throw fail(404, 'not_found', 'ogc.no_collection', {
      id: String(id),
      collections: OgcCollectionId.options.join(', '),
    })
  }
  return parsed.data
}

async function describe(c: Context, deps: AppDeps, id: OgcCollectionId) {
  const base = `${baseOf(c)}/collections/${id}`
  const collection = await ogcCollection(deps.pool, id, langOf(c))
  const link = (href: string, rel: string, type: string, title: string) => ({ href, rel, type, title })
  return {
    ...collection,
    links: [
      link(base, 'self', JSON_TYPE, collection.title),
      link(`${base}/items`, 'items', GEOJSON, `${collection.title}: features`),
      link(`${base}/queryables`, 'http://www.opengis.net/def/rel/ogc/1.0/queryables', SCHEMA, 'Queryables'),
      // the names GDAL 3.6 looks for
      link(`${base}/queryables`, 'queryables', JSON_TYPE, 'Queryables'),
      link(`${base}/schema`, 'describedby', SCHEMA, 'Feature schema'),
      link(`${base}/schema`, 'describedBy', SCHEMA, 'Feature schema'),
    ],
  }
}

/** A JSON Schema, typed application/schema+json when the client asks for it (GDAL 3.6 accepts only JSON). */
function jsonSchema(c: Context, body: object) {
  const type = /application\/schema\+json/.test(c.req.header('accept') ?? '') ? SCHEMA : JSON_TYPE
  return c.body(JSON.stringify(body), 200, { 'Content-Type': type })
}

function geojson(c: Context, body: object, crs: string) {
  return c.body(JSON.stringify(body), 200, { 'Content-Type': GEOJSON, 'Content-Crs': `<${crs}>` })
}

/**
 * OGC API – Features at /ogc (Part 1 core and GeoJSON, Part 2 CRS, Part 3 queryables and CQL2-text filters), so
 * QGIS and GDAL's OAPIF driver read the layers directly. Same login as the API: a session cookie, or an API
 * token as `Authorization: Bearer <token>` or as the password of HTTP Basic (QGIS's user name and password).
 */
export function ogcRoutes(deps: AppDeps) {
  return new Hono<AuthEnv>()
    .use('*', authenticate(authDatabase(deps)))
    .use('*', async (c, next) => {
      await next()
      // nginx may keep an answer for OGC_PROXY_SECONDS, per access scope (README "Deploying": the proxy cache)
      if (c.res.status === 200) c.header('X-Accel-Expires', String(OGC_PROXY_SECONDS))
    })
    .get('/', (c) => {
      const base = baseOf(c)
      const lang = langOf(c)
      return c.json({
        title: lang === 'en' ? 'Guatu' : '挂图',
        description:
          lang === 'en'
            ? "The zone's parcels, investment projects and infrastructure as OGC API – Features"
            : '园区地块、招商项目与基础设施（OGC API – Features）',
        links: [
          { href: base, rel: 'self', type: JSON_TYPE, title: 'This document' },
          { href: `${base}/api`, rel: 'service-desc', type: OPENAPI, title: 'OpenAPI 3.0' },
          { href: `${base}/api.html`, rel: 'service-doc', type: 'text/html', title: 'Documentation' },
          { href: `${base}/conformance`, rel: 'conformance', type: JSON_TYPE, title: 'Conformance' },
          { href: `${base}/collections`, rel: 'data', type: JSON_TYPE, title: 'Collections' },
        ],
      })
    })
    .get('/api', (c) => c.body(JSON.stringify(ogcOpenApi(baseOf(c))), 200, { 'Content-Type': OPENAPI }))
    .get('/api.html', (c) => c.html(ogcDocsPage(baseOf(c))))
    .get('/conformance', (c) => c.json({ conformsTo: OGC_CONFORMANCE }))
    .get('/collections', async (c) => {
      const collections = []
      for (const id of OgcCollectionId.options) collections.push(await describe(c, deps, id))
      const self = `${baseOf(c)}/collections`
      return c.json({
        links: [{ href: self, rel: 'self', type: JSON_TYPE, title: 'Collections' }],
        collections,
      })
    })
    .get('/collections/:collectionId', async (c) => c.json(await describe(c, deps, collectionId(c))))
    .get('/collections/:collectionId/queryables', (c) => {
      const id = collectionId(c)
      return jsonSchema(c, queryablesSchema(id, `${baseOf(c)}/collections/${id}/queryables`, langOf(c)))
    })
    .get('/collections/:collectionId/schema', (c) => {
      const id = collectionId(c)
      return jsonSchema(c, featureSchema(id, `${baseOf(c)}/collections/${id}/schema`, langOf(c)))
    })
    .get('/collections/:collectionId/items', validate('query', OgcItemsQuery), async (c) => {
      const id = collectionId(c)
      const query = c.req.valid('query')
      const { features, matched, nextCursor } = await ogcItems(deps.pool, id, query)
      const page = (set: Record<string, string>, drop: string) => {
        const url = new URL(c.req.url)
        for (const [k, v] of Object.entries(set)) url.searchParams.set(k, v)
        url.searchParams.delete(drop)
        return url.toString()
      }
      const links = [
        { href: c.req.url, rel: 'self', type: GEOJSON, title: 'This page' },
        { href: `${baseOf(c)}/collections/${id}`, rel: 'collection', type: JSON_TYPE, title: id },
      ]
      if (nextCursor !== null) {
        links.push({
          href: page({ cursor: String(nextCursor) }, 'offset'),
          rel: 'next',
          type: GEOJSON,
          title: 'Next page',
        })
      }
      if (query.cursor === undefined && query.offset > 0) {
        const prev = String(Math.max(0, query.offset - query.limit))
        links.push({
          href: page({ offset: prev }, 'cursor'),
          rel: 'prev',
          type: GEOJSON,
          title: 'Previous page',
        })
      }
      return geojson(
        c,
        {
          type: 'FeatureCollection',
          timeStamp: new Date().toISOString(),
          ...(matched === null ? {} : { numberMatched: matched }),
          numberReturned: features.length,
          features,
          links,
        },
        query.crs,
      )
    })
    .get('/collections/:collectionId/items/:featureId', validate('query', OgcItemQuery), async (c) => {
      const id = collectionId(c)
      const raw = c.req.param('featureId')
      if (!/^\d{1,15}$/.test(raw)) throw fail(404, 'not_found', 'ogc.no_feature', { id: raw, collection: id })
      const { crs } = c.req.valid('query')
      const feature = await ogcItem(deps.pool, id, Number(raw), crs)
      const base = `${baseOf(c)}/collections/${id}`
      const links = [
        { href: `${base}/items/${raw}`, rel: 'self', type: GEOJSON },
        { href: base, rel: 'collection', type: JSON_TYPE },
      ]
      return geojson(c, { ...feature, links }, crs)
    })
    .all('*', (c) => c.json(noRouteBody(c.req.method, c.req.path, c.req.header('accept-language')), 404))
}
