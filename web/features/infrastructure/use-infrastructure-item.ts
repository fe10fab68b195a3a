import { useCallback } from 'react'
import { api } from '../../api/client'
import { useLiveQuery } from '../live/use-live-query'

/** One infrastructure item with its progress history and served parcels, kept fresh by live changes. */
export function useInfrastructureItem(id: number) {
  const load = useCallback((signal: AbortSignal) => api.infrastructureItem(id, signal), [id])
  return useLiveQuery(`infrastructure:${id}`, load, ['infrastructure'])
}
