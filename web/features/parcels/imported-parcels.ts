import { useSyncExternalStore } from 'react'

/** What the last import wrote, as the map shows it after "show imported" (the import answer's `imported`). */
export interface ImportedParcels {
  ids: readonly number[]
  overlapIds: readonly number[]
  bbox: readonly [number, number, number, number] | null
  /** a new one each time "show imported" is pressed, so the map fits again */
  nonce: number
}

let current: ImportedParcels | null = null
const listeners = new Set<() => void>()

/**
 * Shows an import's parcels on the map (the import dialog lives in the header, the map in the workspace: this small
 * store joins them); null clears them.
 */
export function showImportedParcels(value: Omit<ImportedParcels, 'nonce'> | null) {
  current = value ? { ...value, nonce: (current?.nonce ?? 0) + 1 } : null
  for (const listener of listeners) listener()
}

export function useImportedParcels(): ImportedParcels | null {
  return useSyncExternalStore(
    (listener) => {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
    () => current,
  )
}
