import { useEffect } from 'react'
import { notifyParcelsChanged } from '../parcels/parcel-changes'
import { onLiveChange } from './live-changes'

/** Parcels and their milestones changed elsewhere: the app's own refresh path for parcels runs. */
const PARCEL_RESOURCES = new Set(['parcels', 'milestones'])

/**
 * Feeds writes made elsewhere into the parcel views' existing refresh (parcel-changes.ts), at most once per
 * burst; the other views subscribe through useLiveQuery / useLiveRefresh.
 */
export function useLiveUpdates(): void {
  useEffect(() => {
    let timer: number | undefined
    const unsubscribe = onLiveChange((change) => {
      if (!PARCEL_RESOURCES.has(change.resource)) return
      window.clearTimeout(timer)
      timer = window.setTimeout(notifyParcelsChanged, 250)
    })
    return () => {
      window.clearTimeout(timer)
      unsubscribe()
    }
  }, [])
}
