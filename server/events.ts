/** What a change event is about: the web refetches the queries of that resource. */
export type ChangeResource =
  | 'parcels'
  | 'projects'
  | 'infrastructure'
  | 'zone'
  | 'users'
  | 'tokens'
  | 'firms'
  | 'documents'
  | 'inspections'
  | 'orders'
  | 'notifications'
  | 'meetings'
  | 'departments'

/** [minLon, minLat, maxLon, maxLat], WGS84 */
export type Bbox = [number, number, number, number]

/**
 * A change to records, announced to every open map and dashboard, whichever server instance made it. Services
 * publish it after their transaction commits (server/services/write.ts).
 */
export interface ChangeEvent {
  resource: ChangeResource
  action: 'create' | 'update' | 'delete'
  /** the records of `resource` that changed */
  ids: number[]
  /** where the change is on the map, when it has a place */
  bbox: Bbox | null
  /** username of who changed it, or `system` */
  by: string
  /** ISO 8601 */
  at: string
  /**
   * The data version after the change, set by the bus: on PostgreSQL the primary's WAL position after the commit
   * (so a replica that has replayed it has the change); in one process a counter. The map asks for its tiles under
   * it (`?v=`), so a cache (the browser's, nginx's) never answers with a tile from before the change.
   */
  version?: string
}

export type ChangeListener = (event: ChangeEvent) => void

export interface EventBus {
  publish(event: ChangeEvent): Promise<void>
  subscribe(listener: ChangeListener): () => void
  close(): Promise<void>
}

/** Fan-out to this process's listeners; the whole bus when there is one instance (the embedded database). */
export class LocalListeners {
  private readonly listeners = new Set<ChangeListener>()

  subscribe(listener: ChangeListener): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  emit(event: ChangeEvent) {
    for (const listener of this.listeners) {
      try {
        listener(event)
      } catch (err) {
        console.error('event listener failed:', err)
      }
    }
  }
}

/**
 * Events within one process. The embedded database serves one instance, and pglite-socket does not deliver
 * NOTIFY to listeners, so this is its bus.
 */
export function inProcessBus(): EventBus {
  const local = new LocalListeners()
  // unique across restarts of the process, so a version cached before a restart is never reused
  const started = Date.now().toString(36)
  let count = 0
  return {
    async publish(event) {
      local.emit({ ...event, version: `${started}.${++count}` })
    },
    subscribe: (listener) => local.subscribe(listener),
    async close() {},
  }
}
