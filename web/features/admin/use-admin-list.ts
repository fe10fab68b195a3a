import { useQuery, useQueryClient } from '@tanstack/react-query'
import { useCallback } from 'react'
import { invalidateResources } from '../../api/change-invalidation'

/**
 * A list the admin panel edits (accounts or tokens), kept fresh by the live stream: a write's answer replaces its
 * row at once (`put`), or the list is fetched again (`reload`) while the rows shown so far stay on screen.
 */
export function useAdminList<T extends { id: number }>(
  queryKey: readonly ['users'] | readonly ['tokens'],
  load: (signal: AbortSignal) => Promise<T[]>,
) {
  const queryClient = useQueryClient()
  const query = useQuery({ queryKey, queryFn: ({ signal }) => load(signal) })
  const resource = queryKey[0]
  const put = useCallback(
    (item: T) =>
      queryClient.setQueryData<T[]>(queryKey, (current) =>
        current?.map((row) => (row.id === item.id ? item : row)),
      ),
    [queryClient, queryKey],
  )
  const reload = useCallback(() => void invalidateResources(queryClient, [resource]), [queryClient, resource])
  return { items: query.data, error: query.isError ? query.error : undefined, put, reload }
}
