import { queryOptions } from '@tanstack/react-query'
import type { hc, InferRequestType, InferResponseType } from 'hono/client'
import { parseResponse } from 'hono/client'
import type { AppType } from '../../../server/app'
import { apiClient as client } from '../../api/client'
import { queryKeys } from '../../api/query-keys'

type Client = ReturnType<typeof hc<AppType>>
type Answer<Endpoint> = InferResponseType<Endpoint, 200>
type Meetings = Client['meetings']

/** GET /api/meetings: the meetings, latest first. */
export type Meeting = Answer<Meetings['$get']>[number]
/** GET /api/meetings/:id/agenda: what changed, what is late by department, blockers, orders, decisions. */
export type MeetingAgenda = Answer<Meetings[':id']['agenda']['$get']>
export type AgendaLateItem = MeetingAgenda['late_by_department'][number]['items'][number]
export type AgendaOrder = MeetingAgenda['open_orders'][number]
export type MeetingCreateBody = InferRequestType<Meetings['$post']>['json']
export type DecisionBody = InferRequestType<Meetings[':id']['decisions']['$post']>['json']
/** GET /api/late: every late item with its level (正常/黄牌/红牌), worst first. */
export type LateItem = Answer<Client['late']['$get']>[number]
export type Department = Answer<Client['departments']['$get']>[number]

const param = (id: number) => ({ id: String(id) })

/** The regular meeting's reads and writes (issue 16). */
export const meetingsApi = {
  meetings: (signal?: AbortSignal) => parseResponse(client.meetings.$get(undefined, { init: { signal } })),
  agenda: (id: number, signal?: AbortSignal) =>
    parseResponse(client.meetings[':id'].agenda.$get({ param: param(id) }, { init: { signal } })),
  create: (body: MeetingCreateBody) => parseResponse(client.meetings.$post({ json: body })),
  decide: (id: number, body: DecisionBody) =>
    parseResponse(client.meetings[':id'].decisions.$post({ param: param(id), json: body })),
  late: (signal?: AbortSignal) => parseResponse(client.late.$get({ query: {} }, { init: { signal } })),
  departments: (signal?: AbortSignal) =>
    parseResponse(client.departments.$get(undefined, { init: { signal } })),
  minutesUrl: (id: number, format: 'docx' | 'pdf') => `/api/meetings/${id}/minutes.${format}`,
}

/** The queries of the meeting screen, the map's 督办 mode and the dashboard's levels (kept fresh by the live stream). */
export const meetingQueries = {
  meetings: () =>
    queryOptions({ queryKey: queryKeys.meetings, queryFn: ({ signal }) => meetingsApi.meetings(signal) }),
  agenda: (id: number) =>
    queryOptions({
      queryKey: [...queryKeys.meetings, id, 'agenda'] as const,
      queryFn: ({ signal }) => meetingsApi.agenda(id, signal),
    }),
  late: () => queryOptions({ queryKey: queryKeys.late, queryFn: ({ signal }) => meetingsApi.late(signal) }),
  departments: () =>
    queryOptions({
      queryKey: [...queryKeys.orders, 'departments'] as const,
      queryFn: ({ signal }) => meetingsApi.departments(signal),
      staleTime: 5 * 60_000,
    }),
}
