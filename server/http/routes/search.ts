import { Hono } from 'hono'
import type { AppDeps } from '../../deps'
import { SearchQuery } from '../../domain/search'
import { search } from '../../services/search/search'
import type { AuthEnv } from '../middleware/authenticate'
import { validate } from '../validation'

/** `GET /api/search?q=&limit=`: the map's search box (parcel codes and names, projects, companies). */
export function searchRoutes(deps: AppDeps) {
  return new Hono<AuthEnv>().get('/', validate('query', SearchQuery), async (c) =>
    c.json({ hits: await search(deps.pool, c.req.valid('query')) }),
  )
}
