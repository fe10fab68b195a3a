import { useEffect, useState } from 'react'
import { api } from '../../api/client'
import type { ParcelCollection } from '../../api/types'
import { type QueryState, useApiQuery } from '../../api/use-api-query'
import { onParcelsChanged } from './parcel-changes'

/**
 * Every parcel of the district as a FeatureCollection (up to the API's 10000). After a write anywhere in the
 * app the collection is fetched again in the background, and the previous one stays shown until it arrives.
 */
export function useParcels(): QueryState<ParcelCollection> {
  const first = useApiQuery('parcels', api.parcels)
  const [fresh, setFresh] = useState<ParcelCollection | null>(null)

  useEffect(() => {
    let controller: AbortController | null = null
    const unsubscribe = onParcelsChanged(() => {
      controller?.abort()
      const current = new AbortController()
      controller = current
      api.parcels(current.signal).then(
        (collection) => {
          if (!current.signal.aborted) setFresh(collection)
        },
        (error: unknown) => {
          if (!current.signal.aborted) console.warn('reloading parcels failed', error)
        },
      )
    })
    return () => {
      unsubscribe()
      controller?.abort()
    }
  }, [])

  return fresh ? { status: 'success', data: fresh, error: undefined } : first
}
