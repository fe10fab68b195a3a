type Listener = () => void
const listeners = new Set<Listener>()

/** Tells every parcel view (the map's parcels, the late list) that a write changed parcels or milestones. */
export function notifyParcelsChanged(): void {
  for (const listener of listeners) listener()
}

/** Subscribes to parcel writes; returns the unsubscribe function. */
export function onParcelsChanged(listener: Listener): () => void {
  listeners.add(listener)
  return () => {
    listeners.delete(listener)
  }
}
