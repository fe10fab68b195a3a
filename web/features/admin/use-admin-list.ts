import { useCallback, useEffect, useState } from 'react'
import { useApiQuery } from '../../api/use-api-query'

/**
 * A list the admin panel edits: loaded from the API, then updated in place from each write's answer (`put`)
 * or reloaded (`reload`) while the rows shown so far stay on screen.
 */
export function useAdminList<T extends { id: number }>(
  key: string,
  load: (signal: AbortSignal) => Promise<T[]>,
) {
  const [revision, setRevision] = useState(0)
  const query = useApiQuery(`${key}:${revision}`, load)
  const [items, setItems] = useState<T[] | undefined>(undefined)
  useEffect(() => {
    if (query.status === 'success') setItems(query.data)
  }, [query])
  const put = useCallback(
    (item: T) => setItems((current) => current?.map((row) => (row.id === item.id ? item : row))),
    [],
  )
  const reload = useCallback(() => setRevision((n) => n + 1), [])
  return { items, error: query.status === 'error' ? query.error : undefined, put, reload }
}
