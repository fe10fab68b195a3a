import { queryOptions } from '@tanstack/react-query'
import { parseResponse } from 'hono/client'
import type { CommitmentStatus } from '../../../server/domain/evaluation'
import { apiClient } from '../../api/client'
import { queryKeys } from '../../api/query-keys'

const abortable = (signal?: AbortSignal) => ({ init: { signal } })
const yearQuery = (year: number | null) => (year ? { year: String(year) } : {})

export const firmApi = {
  firm: (id: number, signal?: AbortSignal) =>
    parseResponse(apiClient.firms[':id'].$get({ param: { id: String(id) } }, abortable(signal))),
  evaluation: (year: number | null, signal?: AbortSignal) =>
    parseResponse(apiClient.evaluation.$get({ query: yearQuery(year) }, abortable(signal))),
  evaluationParcels: (year: number | null, signal?: AbortSignal) =>
    parseResponse(apiClient.evaluation.parcels.$get({ query: yearQuery(year) }, abortable(signal))),
  lateCommitments: (signal?: AbortSignal) =>
    parseResponse(apiClient.commitments.late.$get(undefined, abortable(signal))),
  revitalize: (signal?: AbortSignal) =>
    parseResponse(apiClient.revitalize.$get({ query: {} }, abortable(signal))),
  commitments: (status: CommitmentStatus | null, signal?: AbortSignal) =>
    parseResponse(apiClient.commitments.$get({ query: status ? { status } : {} }, abortable(signal))),
}

export type FirmDetail = Awaited<ReturnType<typeof firmApi.firm>>
export type Evaluation = Awaited<ReturnType<typeof firmApi.evaluation>>
export type FirmCommitment = FirmDetail['commitments'][number]

/** The 亩均效益 reads (firms, the year's grading, commitments), kept fresh by the live stream's `firms` key. */
export const firmQueries = {
  firm: (id: number) =>
    queryOptions({ queryKey: queryKeys.firm(id), queryFn: ({ signal }) => firmApi.firm(id, signal) }),
  /** the year's grading and its leaders' summary; `year` null: the last finished year */
  evaluation: (year: number | null) =>
    queryOptions({
      queryKey: queryKeys.evaluation(year ?? 0),
      queryFn: ({ signal }) => firmApi.evaluation(year, signal),
    }),
  /** per parcel used by a firm: its grade and its commitment's status; `year` null: the last finished year */
  evaluationParcels: (year: number | null) =>
    queryOptions({
      queryKey: queryKeys.evaluationParcels(year ?? 0),
      queryFn: ({ signal }) => firmApi.evaluationParcels(year, signal),
    }),
  /** breached commitments as late items (GET /api/commitments/late) */
  lateCommitments: () =>
    queryOptions({
      queryKey: [...queryKeys.firms, 'commitments', 'late'] as const,
      queryFn: ({ signal }) => firmApi.lateCommitments(signal),
    }),
  /** the land to put back to use (盘活) of the last finished year */
  revitalize: () =>
    queryOptions({
      queryKey: [...queryKeys.firms, 'revitalize'] as const,
      queryFn: ({ signal }) => firmApi.revitalize(signal),
    }),
  commitments: (status: CommitmentStatus | null) =>
    queryOptions({
      queryKey: [...queryKeys.firms, 'commitments', status ?? 'all'] as const,
      queryFn: ({ signal }) => firmApi.commitments(status, signal),
    }),
}
