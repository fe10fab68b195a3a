import { useQueryClient } from '@tanstack/react-query'
import { useEffect, useState } from 'react'
import { invalidateResources, parseChange, staleTiles, type TileChange } from './change-invalidation'

/** Waits this long after a change before refetching, so a burst of writes makes one request per query. */
const SETTLE_MS = 250

/**
 * One update of the parcel tiles the map shows: a new object for each burst of changes that touches them, with the
 * data version of its last change (null after a reconnection: the TileJSON's version then).
 */
export type ParcelTileUpdate = { change: TileChange; version: string | null }

/**
 * The one live connection of the app (GET /api/events): each burst of change events, whoever made them on
 * whichever instance, invalidates the queries of the resources it names (change-invalidation.ts), and answers
 * where the parcel tiles changed, for the map. After a reconnection everything is fetched again, since changes
 * made while the stream was down were missed.
 */
export function useLiveStream(): ParcelTileUpdate | null {
  const queryClient = useQueryClient()
  const [tiles, setTiles] = useState<ParcelTileUpdate | null>(null)

  useEffect(() => {
    // EventSource reconnects by itself after a drop; the server greets each connection with `ready`
    const source = new EventSource('/api/events', { withCredentials: true })
    let pending: NonNullable<ReturnType<typeof parseChange>>[] = []
    let timer: number | undefined
    let connected = false

    const settle = () => {
      timer = undefined
      const burst = pending
      pending = []
      void invalidateResources(
        queryClient,
        burst.map((change) => change.resource),
      )
      const change = staleTiles(burst)
      const version = burst.findLast((each) => each.version)?.version ?? null
      if (change) setTiles({ change, version })
    }
    source.addEventListener('change', (event) => {
      const change = parseChange((event as MessageEvent<string>).data)
      if (!change) return
      pending.push(change)
      window.clearTimeout(timer)
      timer = window.setTimeout(settle, SETTLE_MS)
    })
    source.addEventListener('ready', () => {
      if (connected) {
        void queryClient.invalidateQueries()
        setTiles({ change: 'everywhere', version: null })
      }
      connected = true
    })
    return () => {
      window.clearTimeout(timer)
      source.close()
    }
  }, [queryClient])

  return tiles
}
