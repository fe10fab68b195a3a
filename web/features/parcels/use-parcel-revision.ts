import { useEffect, useState } from 'react'
import { useLiveRevision } from '../live/use-live-query'
import { onParcelsChanged } from './parcel-changes'

/**
 * The parcels' data version for the map: it moves after a write to parcels or milestones (here or, through
 * useLiveUpdates, anywhere), and after a live change that moves a parcel's status (a project's reservation) or
 * its forecast (infrastructure serving it, the zone's at-risk margin).
 */
export function useParcelRevision(): number {
  const [written, setWritten] = useState(0)
  useEffect(() => onParcelsChanged(() => setWritten((n) => n + 1)), [])
  const related = useLiveRevision(['projects', 'infrastructure', 'zone'])
  return written + related
}
