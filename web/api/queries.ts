import { queryOptions } from '@tanstack/react-query'
import type { Sector } from '../../server/domain/vocabulary'
import { api } from './client'
import { queryKeys } from './query-keys'
import type { StageEntry } from './types'

type Box = readonly [number, number, number, number]

/** Stage histories are fetched this many at a time, so playback does not hold every connection of the page. */
const STAGE_HISTORY_PARALLEL = 6

/**
 * Every API read as TanStack Query options (key + fetch): components call `useQuery(queries.parcel(id))`, code
 * outside render `queryClient.fetchQuery(queries.parcel(id))`. The live stream keeps them fresh by resource.
 */
export const queries = {
  // fresh until a users change (live) says otherwise: who is signed in does not change by itself
  me: () =>
    queryOptions({ queryKey: queryKeys.me, queryFn: ({ signal }) => api.me(signal), staleTime: Infinity }),
  users: () => queryOptions({ queryKey: queryKeys.users, queryFn: ({ signal }) => api.users(signal) }),
  tokens: () => queryOptions({ queryKey: queryKeys.tokens, queryFn: ({ signal }) => api.apiTokens(signal) }),
  audit: () => queryOptions({ queryKey: queryKeys.audit, queryFn: ({ signal }) => api.audit(signal) }),

  zone: () => queryOptions({ queryKey: queryKeys.zone, queryFn: ({ signal }) => api.zone(signal) }),
  zoneSettings: () =>
    queryOptions({ queryKey: queryKeys.zoneSettings, queryFn: ({ signal }) => api.zoneSettings(signal) }),
  zoneSettingsHistory: () =>
    queryOptions({
      queryKey: queryKeys.zoneSettingsHistory,
      queryFn: ({ signal }) => api.zoneSettingsHistory(signal),
    }),

  parcel: (id: number) =>
    queryOptions({ queryKey: queryKeys.parcel(id), queryFn: ({ signal }) => api.parcel(id, signal) }),
  parcelHistory: (id: number, language: string) =>
    queryOptions({
      queryKey: queryKeys.parcelHistory(id, language),
      queryFn: ({ signal }) => api.parcelHistory(id, signal),
    }),
  parcelMatches: (id: number) =>
    queryOptions({
      queryKey: queryKeys.parcelMatches(id),
      queryFn: ({ signal }) => api.parcelMatches(id, signal),
    }),
  parcelReadiness: (bbox: Box) =>
    queryOptions({
      queryKey: queryKeys.parcelReadiness(bbox),
      queryFn: ({ signal }) => api.parcelReadiness(bbox, signal),
      // a box the map has left is not asked for again: each pan asks for the box around the new view
      gcTime: 0,
    }),
  lateMilestones: () =>
    queryOptions({ queryKey: queryKeys.lateMilestones, queryFn: ({ signal }) => api.lateMilestones(signal) }),
  search: (q: string) =>
    queryOptions({ queryKey: queryKeys.search(q), queryFn: ({ signal }) => api.search(q, 8, signal) }),

  projects: () =>
    queryOptions({ queryKey: queryKeys.projects, queryFn: ({ signal }) => api.projects(signal) }),
  project: (id: number) =>
    queryOptions({ queryKey: queryKeys.project(id), queryFn: ({ signal }) => api.project(id, signal) }),
  projectMatches: (id: number) =>
    queryOptions({
      queryKey: queryKeys.projectMatches(id),
      queryFn: ({ signal }) => api.projectMatches(id, signal),
    }),
  /** The stage history of each project in `ids` (a project that fails to load is left out). */
  stageHistories: (ids: readonly number[]) =>
    queryOptions({
      queryKey: queryKeys.stageHistories(ids),
      queryFn: async ({ signal }): Promise<ReadonlyMap<number, StageEntry[]>> => {
        const queue = [...ids]
        const found = new Map<number, StageEntry[]>()
        const worker = async () => {
          for (let id = queue.shift(); id !== undefined; id = queue.shift()) {
            try {
              found.set(id, (await api.project(id, signal)).stage_history)
            } catch (error) {
              if (signal.aborted) throw error
            }
          }
        }
        await Promise.all(Array.from({ length: STAGE_HISTORY_PARALLEL }, worker))
        return found
      },
    }),

  infrastructure: () =>
    queryOptions({ queryKey: queryKeys.infrastructure, queryFn: ({ signal }) => api.infrastructure(signal) }),
  infrastructureItem: (id: number) =>
    queryOptions({
      queryKey: queryKeys.infrastructureItem(id),
      queryFn: ({ signal }) => api.infrastructureItem(id, signal),
    }),

  /** the figures of a period; with `sector`, the project figures of that sector (the chart filter) */
  dashboard: (from: string, to: string, sector: Sector | null = null) =>
    queryOptions({
      queryKey: [...queryKeys.dashboardPeriod(from, to), sector ?? 'all'],
      queryFn: ({ signal }) => api.dashboard(from, to, signal, sector ?? undefined),
    }),
  projectFollowUps: (id: number) =>
    queryOptions({
      queryKey: queryKeys.projectFollowUps(id),
      queryFn: ({ signal }) => api.followUps(id, signal),
    }),
}
