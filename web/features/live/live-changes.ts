/** One change event from GET /api/events: what was written, by whom, when. */
export type LiveChange = {
  resource: string
  id: number | null
  action: 'create' | 'update' | 'delete'
  path: string
  by: string
  at: string
}

type Listener = (change: LiveChange) => void
const listeners = new Set<Listener>()
let source: EventSource | null = null

function open() {
  // one connection for the whole app; EventSource reconnects by itself after a drop
  source = new EventSource('/api/events', { withCredentials: true })
  source.addEventListener('change', (event) => {
    let change: LiveChange
    try {
      change = JSON.parse((event as MessageEvent<string>).data) as LiveChange
    } catch {
      return
    }
    for (const listener of listeners) listener(change)
  })
}

/**
 * Subscribes to the writes made anywhere (this browser, another, another server instance); returns the
 * unsubscribe function. The connection opens with the first listener and closes with the last.
 */
export function onLiveChange(listener: Listener): () => void {
  listeners.add(listener)
  if (!source) open()
  return () => {
    listeners.delete(listener)
    if (listeners.size === 0) {
      source?.close()
      source = null
    }
  }
}

/** Resources that are not data on the map or the dashboard (a briefing is rendered, not stored). */
const IGNORED = new Set(['auth', 'briefing.pdf', 'events'])

/** True when `change` touches one of `resources` ('*' for any data). */
export function changeTouches(change: LiveChange, resources: readonly string[] | '*'): boolean {
  if (IGNORED.has(change.resource)) return false
  return resources === '*' || resources.includes(change.resource)
}
