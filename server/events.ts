/** A change to a record, announced to every open map and dashboard, whichever server instance made it. */
export interface ChangeEvent {
  resource: string
  id: number | null
  action: 'create' | 'update' | 'delete'
  path: string
  by: string
  at: string
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
  return {
    async publish(event) {
      local.emit(event)
    },
    subscribe: (listener) => local.subscribe(listener),
    async close() {},
  }
}
