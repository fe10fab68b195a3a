import { useEffect, useState } from 'react'
import type { QueryState } from '../../api/use-api-query'
import { changeTouches, onLiveChange } from './live-changes'

/** Waits this long after a change before refetching, so a burst of writes makes one request. */
const SETTLE_MS = 250

/** Counts the live changes that touch `resources`; a new count means "fetch again". */
export function useLiveRevision(resources: readonly string[] | '*'): number {
  const [revision, setRevision] = useState(0)
  const key = resources === '*' ? '*' : resources.join(',')
  // biome-ignore lint/correctness/useExhaustiveDependencies: the key stands for the resources
  useEffect(() => {
    let timer: number | undefined
    const unsubscribe = onLiveChange((change) => {
      if (!changeTouches(change, resources)) return
      window.clearTimeout(timer)
      timer = window.setTimeout(() => setRevision((n) => n + 1), SETTLE_MS)
    })
    return () => {
      window.clearTimeout(timer)
      unsubscribe()
    }
  }, [key])
  return revision
}

/**
 * Like useApiQuery, but fetched again in the background when a live change touches `resources`, and when
 * the key changes the previous answer stays shown until the new one arrives (no flash of "loading").
 */
export function useLiveQuery<T>(
  key: string | null,
  load: (signal: AbortSignal) => Promise<T>,
  resources: readonly string[] | '*',
): QueryState<T> & { refreshing: boolean } {
  const revision = useLiveRevision(resources)
  const [state, setState] = useState<QueryState<T>>({ status: 'loading', data: undefined, error: undefined })
  const [refreshing, setRefreshing] = useState(false)

  // biome-ignore lint/correctness/useExhaustiveDependencies: the key identifies the request
  useEffect(() => {
    if (key === null) return
    const controller = new AbortController()
    setRefreshing(true)
    load(controller.signal).then(
      (data) => {
        if (controller.signal.aborted) return
        setState({ status: 'success', data, error: undefined })
        setRefreshing(false)
      },
      (error: unknown) => {
        if (controller.signal.aborted) return
        setRefreshing(false)
        setState({
          status: 'error',
          data: undefined,
          error: error instanceof Error ? error : new Error(String(error)),
        })
      },
    )
    return () => controller.abort()
  }, [key, revision])

  return { ...state, refreshing }
}

/**
 * Keeps a query that someone else owns fresh: after a live change to `resources` it is fetched again in the
 * background, and the fresh answer replaces the first one (which stays shown meanwhile).
 */
export function useLiveRefresh<T>(
  base: QueryState<T>,
  resources: readonly string[],
  load: (signal: AbortSignal) => Promise<T>,
): QueryState<T> {
  const revision = useLiveRevision(resources)
  const [fresh, setFresh] = useState<T | null>(null)
  // biome-ignore lint/correctness/useExhaustiveDependencies: a new revision asks for a refetch
  useEffect(() => {
    if (revision === 0) return
    const controller = new AbortController()
    load(controller.signal).then(
      (data) => {
        if (!controller.signal.aborted) setFresh(data)
      },
      (error: unknown) => {
        if (!controller.signal.aborted) console.warn('refreshing after a live change failed', error)
      },
    )
    return () => controller.abort()
  }, [revision])
  return fresh !== null ? { status: 'success', data: fresh, error: undefined } : base
}
