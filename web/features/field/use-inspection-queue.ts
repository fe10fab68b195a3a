import { useQueryClient } from '@tanstack/react-query'
import { useCallback, useEffect, useState } from 'react'
import { invalidateResources } from '../../api/change-invalidation'
import { onQueueChange, type QueuedInspection, queuedInspections, syncInspections } from './inspection-queue'

// while records wait, the queue is tried again this often (the browser's online event may not come)
const RETRY_MS = 30_000

/**
 * The inspections waiting on this device, kept current, and sent: when the app starts, when the browser comes back
 * online, after each new record, and every half minute while any wait.
 */
export function useInspectionQueue() {
  const queryClient = useQueryClient()
  const [items, setItems] = useState<QueuedInspection[]>([])
  const [online, setOnline] = useState(() => navigator.onLine)

  const refresh = useCallback(async () => {
    try {
      setItems(await queuedInspections())
    } catch {
      // no IndexedDB (a private window on some browsers): nothing can wait here
      setItems([])
    }
  }, [])

  const sync = useCallback(async () => {
    try {
      const { sent } = await syncInspections()
      if (sent > 0) await invalidateResources(queryClient, ['inspections'])
    } catch {
      // the next try will tell
    }
  }, [queryClient])

  useEffect(() => {
    void refresh()
    void sync()
    const stop = onQueueChange(() => void refresh())
    const wentOnline = () => {
      setOnline(true)
      void sync()
    }
    const wentOffline = () => setOnline(false)
    window.addEventListener('online', wentOnline)
    window.addEventListener('offline', wentOffline)
    return () => {
      stop()
      window.removeEventListener('online', wentOnline)
      window.removeEventListener('offline', wentOffline)
    }
  }, [refresh, sync])

  const waiting = items.filter((item) => item.state === 'queued').length
  useEffect(() => {
    if (waiting === 0) return
    const timer = window.setInterval(() => void sync(), RETRY_MS)
    return () => window.clearInterval(timer)
  }, [waiting, sync])

  return { items, waiting, online, sync }
}
