import { QueryClient } from '@tanstack/react-query'
import { ApiError } from './client'

/** An answer the server gave on purpose (400–499: refused, not found, signed out): asking again changes nothing. */
function refused(error: unknown): boolean {
  return error instanceof ApiError && error.status >= 400 && error.status < 500
}

/**
 * The app's one QueryClient. Data goes stale through the live stream (and this browser's writes), not through
 * window focus; a query mounted again refetches in the background while its last answer stays shown. A failed
 * read is tried once more unless the server refused it.
 */
export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        refetchOnWindowFocus: false,
        retry: (failures, error) => failures < 1 && !refused(error),
      },
    },
  })
}
