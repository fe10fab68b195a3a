import { findOgcExtent, findOgcItem, findOgcItems, OgcFilterError } from '../../db/ogc'
import type { Queryable } from '../../db/pool'
import { parseCql2 } from '../../domain/cql2'
import {
  CRS84,
  OGC_CRS_LIST,
  OGC_DATETIME_PROPERTY,
  type OgcCollectionId,
  type OgcCrs,
  type OgcItemsQuery,
  rfc3339OfDate,
} from '../../domain/ogc'
import { OGC_COLLECTION_TEXT } from '../../domain/ogc-openapi'
import { fail } from '../../errors'

/** A collection's metadata with its extent (RFC 3339 temporal interval, CRS84 box); links are the route's. */
export async function ogcCollection(db: Queryable, id: OgcCollectionId, lang: 'zh' | 'en') {
  const extent = await findOgcExtent(db, id)
  const [title, description] = OGC_COLLECTION_TEXT[id][lang]
  return {
    id,
    title,
    description,
    itemType: 'feature',
    crs: OGC_CRS_LIST,
    storageCrs: CRS84,
    extent: {
      spatial: { bbox: [extent.bbox ?? [-180, -90, 180, 90]], crs: CRS84 },
      temporal: {
        interval: [[rfc3339OfDate(extent.first), rfc3339OfDate(extent.last)]],
        trs: 'http://www.opengis.net/def/uom/ISO-8601/0/Gregorian',
      },
    },
    // not in the standard: which property `datetime` filters on
    datetime_property: OGC_DATETIME_PROPERTY[id],
  }
}

/**
 * A page of features: the filter (CQL2-text) parsed and checked against the collection's queryables, 400
 * `validation_failed` with the reason when it cannot be; `nextCursor` is the last id when more may follow.
 */
export async function ogcItems(db: Queryable, id: OgcCollectionId, query: OgcItemsQuery) {
  let filter: ReturnType<typeof parseCql2> | undefined
  if (query.filter !== undefined) {
    filter = parseCql2(query.filter)
    if (!filter.ok) throw badFilter(filter.reason)
  }
  try {
    const { features, more, matched } = await findOgcItems(db, id, {
      ...query,
      filter: filter?.ok ? filter.value : undefined,
    })
    const last = features[features.length - 1]
    return { features, matched, nextCursor: more && last ? Number(last.id) : null }
  } catch (e) {
    if (e instanceof OgcFilterError) throw badFilter(e.message)
    throw e
  }
}

function badFilter(reason: string) {
  return fail(400, 'validation_failed', 'ogc.bad_filter', { reason }, [{ path: 'filter', message: reason }])
}

/** One feature, or 404 `not_found`. */
export async function ogcItem(db: Queryable, id: OgcCollectionId, featureId: number, crs: OgcCrs) {
  const feature = await findOgcItem(db, id, featureId, crs)
  if (!feature) throw fail(404, 'not_found', 'ogc.no_feature', { id: featureId, collection: id })
  return feature
}
