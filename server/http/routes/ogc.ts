import { type Context, Hono } from 'hono'
import { findOgcExtent, findOgcItem, findOgcItems, OGC_DATE_FIELD } from '../../db/ogc'
import type { AppDeps } from '../../deps'
import { CRS84, OGC_CONFORMANCE, OgcCollectionId, OgcItemsQuery } from '../../domain/ogc'
import { ApiError, errorBody } from '../../errors'
import { type AuthEnv, authenticate } from '../middleware/authenticate'
import { validate } from '../validation'

const GEOJSON = 'application/geo+json'
const TITLES: Record<OgcCollectionId, { title: string; description: string }> = {
  parcels: {
    title: 'Parcels (地块)',
    description: 'Land parcels with status, land use, area and hand-over date',
  },
  projects: {
    title: 'Investment projects (招商项目)',
    description: 'Projects at their sites, with stage and investment',
  },
  infrastructure: {
    title: 'Infrastructure (园区基础设施)',
    description: 'Roads, pipes, lines and substations with progress',
  },
}

function baseOf(c: Context) {
  return `${new URL(c.req.url).origin}/ogc`
}

function collectionId(c: Context): OgcCollectionId {
  const id = c.req.param('collectionId')
  const parsed = OgcCollectionId.safeParse(id)
  if (!parsed.success) {
    throw new ApiError(
      404,
      'not_found',
      `No collection "${id}"; collections are ${OgcCollectionId.options.join(', ')}`,
    )
  }
  return parsed.data
}

async function describe(deps: AppDeps, base: string, id: OgcCollectionId) {
  const extent = await findOgcExtent(deps.pool, id)
  return {
    id,
    ...TITLES[id],
    itemType: 'feature',
    crs: [CRS84],
    extent: {
      spatial: { bbox: [extent.bbox ?? [-180, -90, 180, 90]], crs: CRS84 },
      temporal: {
        interval: [[extent.first, extent.last]],
        trs: 'http://www.opengis.net/def/uom/ISO-8601/0/Gregorian',
      },
    },
    // not in the standard: which property `datetime` filters on
    datetime_property: OGC_DATE_FIELD[id],
    links: [
      { href: `${base}/collections/${id}`, rel: 'self', type: 'application/json', title: TITLES[id].title },
      {
        href: `${base}/collections/${id}/items`,
        rel: 'items',
        type: GEOJSON,
        title: `${TITLES[id].title}: features`,
      },
    ],
  }
}

/** A URL for the same items request with another offset, its other parameters kept. */
function pageLink(c: Context, offset: number) {
  const url = new URL(c.req.url)
  url.searchParams.set('offset', String(offset))
  return url.toString()
}

/**
 * OGC API – Features (Part 1: core, GeoJSON) at /ogc, so QGIS and GDAL's OAPIF driver read the layers directly.
 * Same login as the API: a session cookie or `Authorization: Bearer <token>`.
 */
export function ogcRoutes(deps: AppDeps) {
  return new Hono<AuthEnv>()
    .use('*', authenticate(deps.pool))
    .get('/', (c) => {
      const base = baseOf(c)
      return c.json({
        title: 'Guatu (挂图)',
        description: "The zone's parcels, investment projects and infrastructure as OGC API – Features",
        links: [
          { href: base, rel: 'self', type: 'application/json', title: 'This document' },
          { href: `${base}/conformance`, rel: 'conformance', type: 'application/json', title: 'Conformance' },
          { href: `${base}/collections`, rel: 'data', type: 'application/json', title: 'Collections' },
        ],
      })
    })
    .get('/conformance', (c) => c.json({ conformsTo: OGC_CONFORMANCE }))
    .get('/collections', async (c) => {
      const base = baseOf(c)
      const collections = []
      for (const id of OgcCollectionId.options) collections.push(await describe(deps, base, id))
      return c.json({
        links: [{ href: `${base}/collections`, rel: 'self', type: 'application/json', title: 'Collections' }],
        collections,
      })
    })
    .get('/collections/:collectionId', async (c) => c.json(await describe(deps, baseOf(c), collectionId(c))))
    .get('/collections/:collectionId/items', validate('query', OgcItemsQuery), async (c) => {
      const id = collectionId(c)
      const query = c.req.valid('query')
      const { features, matched } = await findOgcItems(deps.pool, id, query)
      const links = [
        { href: c.req.url, rel: 'self', type: GEOJSON, title: 'This page' },
        {
          href: `${baseOf(c)}/collections/${id}`,
          rel: 'collection',
          type: 'application/json',
          title: TITLES[id].title,
        },
      ]
      if (query.offset + features.length < matched) {
        links.push({
          href: pageLink(c, query.offset + query.limit),
          rel: 'next',
          type: GEOJSON,
          title: 'Next page',
        })
      }
      if (query.offset > 0) {
        links.push({
          href: pageLink(c, Math.max(0, query.offset - query.limit)),
          rel: 'prev',
          type: GEOJSON,
          title: 'Previous page',
        })
      }
      const body = {
        type: 'FeatureCollection',
        timeStamp: new Date().toISOString(),
        numberMatched: matched,
        numberReturned: features.length,
        features,
        links,
      }
      return c.body(JSON.stringify(body), 200, { 'Content-Type': GEOJSON })
    })
    .get('/collections/:collectionId/items/:featureId', async (c) => {
      const id = collectionId(c)
      const raw = c.req.param('featureId')
      if (!/^\d{1,15}$/.test(raw)) throw new ApiError(404, 'not_found', `No feature "${raw}" in ${id}`)
      const feature = await findOgcItem(deps.pool, id, Number(raw))
      if (!feature) throw new ApiError(404, 'not_found', `No feature ${raw} in ${id}`)
      const base = baseOf(c)
      const body = {
        ...feature,
        links: [
          { href: `${base}/collections/${id}/items/${raw}`, rel: 'self', type: GEOJSON },
          { href: `${base}/collections/${id}`, rel: 'collection', type: 'application/json' },
        ],
      }
      return c.body(JSON.stringify(body), 200, { 'Content-Type': GEOJSON })
    })
    .all('*', (c) => c.json(errorBody('not_found', `No route ${c.req.method} ${c.req.path}`), 404))
}
