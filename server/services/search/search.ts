import type { Queryable } from '../../db/pool'
import { searchEverything } from '../../db/search'
import { containsPattern, type SearchHit, type SearchQuery } from '../../domain/search'

/** The search box's hits for `query.q`: parcels, projects and firms, best first (see searchEverything). */
export async function search(db: Queryable, query: SearchQuery): Promise<SearchHit[]> {
  return searchEverything(db, query.q, containsPattern(query.q), query.limit)
}
