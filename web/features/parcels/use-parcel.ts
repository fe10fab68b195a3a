import { useCallback } from 'react'
import { api } from '../../api/client'
import { useApiQuery } from '../../api/use-api-query'

/** One parcel with its milestones and project. */
export function useParcel(id: number) {
  const load = useCallback((signal: AbortSignal) => api.parcel(id, signal), [id])
  return useApiQuery(`parcel:${id}`, load)
}
