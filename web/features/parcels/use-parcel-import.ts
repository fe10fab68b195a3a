import { useQueryClient } from '@tanstack/react-query'
import { useCallback, useRef, useState } from 'react'
import type { RejectionGroup, ReportedRow } from '../../../server/domain/import/rejection-groups'
import type { ImportCrs, ImportWarning, ReadCrs } from '../../../server/domain/import/types'
import type { LandUse } from '../../../server/domain/vocabulary'
import { invalidateResources } from '../../api/change-invalidation'
import { ApiError } from '../../api/client'

export interface ImportFields {
  /** empty: the CRS the file declares (else WGS84) */
  crs: ImportCrs | ''
  code_field: string
  name_field: string
  land_use_field: string
  default_land_use: LandUse | ''
}

export interface ImportReport {
  created: number
  updated: number
  rejected: ReportedRow[]
  /** imported (or importable) rows whose geometry overlaps a parcel they do not replace or an earlier row */
  overlaps: ReportedRow[]
  /** the same rows grouped by reason, with counts and the first rows */
  rejected_groups?: RejectionGroup[]
  overlap_groups?: RejectionGroup[]
  /** the CRS read (a TXT in another 3-degree zone names its own, e.g. EPSG:4527) */
  crs: ReadCrs
  crs_source: 'file' | 'request' | 'default'
  format: string
  dry_run: boolean
  parcels?: {
    index: number
    code: string
    name: string | null
    action: 'create' | 'update'
    area_m2: number
    area_mu: number
  }[]
  /** the attribute names found in the file (absent from older servers) */
  fields?: string[]
  /** an import's parcels (not a dry run's): ids, extent and those that overlap */
  imported?: { ids: number[]; bbox: [number, number, number, number] | null; overlap_ids: number[] }
  /** what the reader skipped or read with care (KML NetworkLinks and non-polygons, mixed encodings) */
  warnings?: ImportWarning[]
}

export type ImportState =
  | { phase: 'idle' }
  /** `progress` 0–1 of the upload; 1 while the server reads and checks the file */
  | { phase: 'uploading'; dryRun: boolean; progress: number }
  | { phase: 'done'; report: ImportReport }
  | { phase: 'failed'; error: ApiError }

/**
 * Sends a parcel file to POST /api/parcels/import with XMLHttpRequest, whose upload progress events fetch lacks.
 * Resolves with the report; rejects with an ApiError carrying the contract's error (422 lists rejected rows).
 */
export function uploadParcelFile(
  file: File,
  fields: ImportFields,
  dryRun: boolean,
  onProgress: (fraction: number) => void,
  signal?: AbortSignal,
): Promise<ImportReport> {
  const form = new FormData()
  form.set('file', file)
  for (const [key, value] of Object.entries(fields)) if (value) form.set(key, value)
  if (dryRun) form.set('dry_run', 'true')
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest()
    xhr.open('POST', '/api/parcels/import')
    xhr.withCredentials = true
    xhr.setRequestHeader('Accept', 'application/json')
    xhr.setRequestHeader('Accept-Language', document.documentElement.lang || 'zh-CN')
    xhr.responseType = 'json'
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable) onProgress(event.loaded / event.total)
    }
    xhr.onload = () => {
      const body = xhr.response as
        | (ImportReport & { error?: undefined })
        | {
            error?: {
              code?: string
              message?: string
              details?: unknown[]
              key?: string
              params?: Record<string, unknown>
            }
          }
        | null
      if (xhr.status >= 200 && xhr.status < 300 && body && !body.error) resolve(body as ImportReport)
      else {
        const error = body?.error
        reject(
          new ApiError(
            xhr.status,
            error?.code ?? 'http_error',
            error?.message ?? `${xhr.status} ${xhr.statusText}`,
            error?.details ?? [],
            error?.key,
            error?.params,
          ),
        )
      }
    }
    xhr.onerror = () => reject(new ApiError(0, 'network_error', 'The upload did not reach the server'))
    xhr.onabort = () => reject(new ApiError(0, 'aborted', 'The upload was cancelled'))
    signal?.addEventListener('abort', () => xhr.abort())
    xhr.send(form)
  })
}

/**
 * The import dialog's state: a dry run or an import at a time, with upload progress; after an import every view of
 * parcels is fetched again (the map's tiles follow the import's change event).
 */
export function useParcelImport() {
  const queryClient = useQueryClient()
  const [state, setState] = useState<ImportState>({ phase: 'idle' })
  const controller = useRef<AbortController | null>(null)

  const run = useCallback(
    async (file: File, fields: ImportFields, dryRun: boolean) => {
      controller.current?.abort()
      const current = new AbortController()
      controller.current = current
      setState({ phase: 'uploading', dryRun, progress: 0 })
      try {
        const report = await uploadParcelFile(
          file,
          fields,
          dryRun,
          (progress) => setState({ phase: 'uploading', dryRun, progress }),
          current.signal,
        )
        setState({ phase: 'done', report })
        if (!dryRun) void invalidateResources(queryClient, ['parcels'])
      } catch (error) {
        if (current.signal.aborted) return
        setState({
          phase: 'failed',
          error: error instanceof ApiError ? error : new ApiError(0, 'error', String(error)),
        })
      }
    },
    [queryClient],
  )

  const cancel = useCallback(() => {
    controller.current?.abort()
    setState({ phase: 'idle' })
  }, [])

  return { state, run, cancel }
}
