import type { QueryClient, QueryFilters } from '@tanstack/react-query'
import type { Bbox, ChangeEvent, ChangeResource } from '../../server/events'
import { queryKeys } from './query-keys'

export type { Bbox, ChangeEvent, ChangeResource }

/** The project reads that show parcels: a project's detail (its reservation) and the parcels that fit it. */
const PROJECT_RECORDS: QueryFilters = {
  queryKey: queryKeys.projects,
  predicate: (query) => typeof query.queryKey[1] === 'number',
}

/** The parcel reads that show projects: a parcel's detail (its project) and the projects that fit it. */
const PARCEL_RECORDS: QueryFilters = {
  queryKey: queryKeys.parcels,
  predicate: (query) => typeof query.queryKey[1] === 'number',
}

/** The late items and their levels (GET /api/late) and the meetings' agendas, which grade the same items. */
const LATE_READS: QueryFilters[] = [{ queryKey: queryKeys.late }, { queryKey: queryKeys.meetings }]

/**
 * The queries a change to `resource` makes stale: the resource's own reads, and the reads that show it.
 * - parcels (and their milestones): parcel reads, the zone's parcel figures, the dashboard, the projects' details
 *   (a reservation names its parcel) and matches;
 * - projects: project reads, the parcels' details (a parcel shows its project) and matches, the dashboard. A
 *   project write that moves a parcel (a reservation, land acquired) records a parcels change as well;
 * - infrastructure: its reads, the parcels (their forecast depends on the infrastructure serving them), the dashboard;
 * - zone (settings): the zone, the parcels' forecasts (the at-risk margin), the dashboard, the audit log;
 * - parcels, projects, infrastructure and zone also make stale the late items' levels and the meetings' agendas;
 * - users, tokens: their lists (the signed-in account is a user) and the audit log.
 */
export function staleQueries(resource: ChangeResource): QueryFilters[] {
  switch (resource) {
    case 'parcels':
      return [
        { queryKey: queryKeys.parcels },
        { queryKey: queryKeys.zone },
        { queryKey: queryKeys.dashboard },
        PROJECT_RECORDS,
        ...LATE_READS,
      ]
    case 'projects':
      return [
        { queryKey: queryKeys.projects },
        PARCEL_RECORDS,
        { queryKey: queryKeys.dashboard },
        ...LATE_READS,
      ]
    case 'infrastructure':
      return [
        { queryKey: queryKeys.infrastructure },
        { queryKey: queryKeys.parcels },
        { queryKey: queryKeys.dashboard },
        ...LATE_READS,
      ]
    case 'zone':
      return [
        { queryKey: queryKeys.zone },
        { queryKey: queryKeys.parcels },
        { queryKey: queryKeys.dashboard },
        { queryKey: queryKeys.audit },
        // the evaluation settings (indicators, weights, percentiles)
        { queryKey: queryKeys.firms },
        // the escalation thresholds grade the late items
        ...LATE_READS,
      ]
    case 'users':
      return [{ queryKey: queryKeys.users }, { queryKey: queryKeys.audit }]
    case 'tokens':
      return [{ queryKey: queryKeys.tokens }, { queryKey: queryKeys.audit }]
    case 'firms':
      return [{ queryKey: queryKeys.firms }]
    case 'documents':
      return [{ queryKey: queryKeys.documents }]
    case 'inspections':
      return [{ queryKey: queryKeys.inspections }]
    // an order changes the late lists (orders are graded) and the meetings' agendas
    case 'orders':
      return [{ queryKey: queryKeys.orders }, { queryKey: queryKeys.meetings }]
    case 'notifications':
      return [{ queryKey: queryKeys.notifications }]
    case 'meetings':
      return [{ queryKey: queryKeys.meetings }, { queryKey: queryKeys.orders }]
    // a department's names and robot (an admin's edit): the departments list and the audit log
    case 'departments':
      return [{ queryKey: queryKeys.departments }, { queryKey: queryKeys.audit }]
  }
}

/**
 * Marks stale (and refetches those on screen) every query that a change to one of `resources` touches: after a
 * write of this browser, and for each burst of change events from the live stream.
 */
export async function invalidateResources(
  queryClient: QueryClient,
  resources: Iterable<ChangeResource>,
): Promise<void> {
  const filters = [...new Set(resources)].flatMap(staleQueries)
  await Promise.all(filters.map((filter) => queryClient.invalidateQueries(filter)))
}

/**
 * The resources whose changes alter the parcel tiles (geometry, code, status, land use): parcels only. A project
 * write that moves a parcel's status (a reservation, land acquired, a release) records a parcels change too
 * (services/write.ts); infrastructure and the zone settings change the parcels' forecasts, which the map keeps
 * in feature-state from the readiness query (a parcels read), not in the tiles.
 */
const TILE_RESOURCES: ReadonlySet<ChangeResource> = new Set(['parcels'])

/** Where the parcel tiles changed: the boxes of the changes, or 'everywhere' when one of them has no box. */
export type TileChange = { areas: readonly Bbox[] } | 'everywhere'

/** The parcel tiles a burst of changes makes stale; null when none (no parcel changed). */
export function staleTiles(changes: readonly Pick<ChangeEvent, 'resource' | 'bbox'>[]): TileChange | null {
  const relevant = changes.filter((change) => TILE_RESOURCES.has(change.resource))
  if (relevant.length === 0) return null
  const areas: Bbox[] = []
  for (const change of relevant) {
    if (!change.bbox) return 'everywhere'
    areas.push(change.bbox)
  }
  return { areas }
}

const RESOURCES: ReadonlySet<string> = new Set<ChangeResource>([
  'parcels',
  'projects',
  'infrastructure',
  'zone',
  'users',
  'tokens',
  'firms',
  'orders',
  'notifications',
  'meetings',
  'departments',
])

function isBbox(value: unknown): value is Bbox {
  return Array.isArray(value) && value.length === 4 && value.every((n) => typeof n === 'number')
}

/** A `change` event's data as the server sends it (server/events.ts), or null when it is not one. */
export function parseChange(data: string): Pick<ChangeEvent, 'resource' | 'bbox' | 'version'> | null {
  let value: unknown
  try {
    value = JSON.parse(data)
  } catch {
    return null
  }
  const change = value as Partial<ChangeEvent> | null
  if (typeof change?.resource !== 'string' || !RESOURCES.has(change.resource)) return null
  const bbox = isBbox(change.bbox) ? change.bbox : null
  return typeof change.version === 'string' && change.version
    ? { resource: change.resource, bbox, version: change.version }
    : { resource: change.resource, bbox }
}
