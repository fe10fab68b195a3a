import { useEffect, useState } from 'react'

export type QueryState<T> =
  | { status: 'loading'; data: undefined; error: undefined }
  | { status: 'success'; data: T; error: undefined }
  | { status: 'error'; data: undefined; error: Error }

/**
 * Runs `load` when `key` changes (null skips), aborting the previous request.
 * `load` must be stable for a given key; the key is what triggers a reload.
 */
export function useApiQuery<T>(key: string | null, load: (signal: AbortSignal) => Promise<T>): QueryState<T> {
  const [state, setState] = useState<QueryState<T>>({ status: 'loading', data: undefined, error: undefined })

  // biome-ignore lint/correctness/useExhaustiveDependencies: the key identifies the request
  useEffect(() => {
    if (key === null) return
    const controller = new AbortController()
    setState({ status: 'loading', data: undefined, error: undefined })
    load(controller.signal).then(
      (data) => {
        if (!controller.signal.aborted) setState({ status: 'success', data, error: undefined })
      },
      (error: unknown) => {
        if (controller.signal.aborted) return
        setState({
          status: 'error',
          data: undefined,
          error: error instanceof Error ? error : new Error(String(error)),
        })
      },
    )
    return () => controller.abort()
  }, [key])

  return state
}
