import { z } from 'zod'

/** `GET /api/search`: what the map's search box asks while the user types. */
export const SearchQuery = z
  .object({
    q: z.string().trim().min(1).max(100).describe('part of a parcel code or name, a project, or a company'),
    limit: z.coerce.number().int().min(1).max(50).default(10),
  })
  .strict()
export type SearchQuery = z.infer<typeof SearchQuery>

export const SEARCH_KINDS = ['parcel', 'project', 'firm'] as const
export type SearchKind = (typeof SEARCH_KINDS)[number]

/**
 * One hit of the search: a parcel (label = code, detail = name), a project (label = name, detail = company) or a
 * firm (label = name, detail = its parcels' codes). `bbox` ([w, s, e, n], WGS84) is where the map zooms, null
 * when the hit has no place yet; `parcel_id` the parcel whose panel a firm's hit opens.
 */
export type SearchHit = {
  kind: SearchKind
  id: number
  label: string
  detail: string | null
  bbox: [number, number, number, number] | null
  parcel_id: number | null
}

/** A LIKE pattern that finds `text` anywhere, its own % _ and \ taken literally. `containsPattern('5%')` → '%5\%%' */
export function containsPattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`
}
