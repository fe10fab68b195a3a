import { useQueryClient } from '@tanstack/react-query'
import type { LineString, MultiPolygon, Polygon } from 'geojson'
import { useCallback, useMemo, useState } from 'react'
import type { LandUse } from '../../../../server/domain/vocabulary'
import { invalidateResources } from '../../../api/change-invalidation'
import { ApiError, api } from '../../../api/client'
import { queries } from '../../../api/queries'
import type { ParcelFeature } from '../../../api/types'
import type { DrawingTask, DrawnGeometry } from '../../../map/layers/drawing'

export type EditMode =
  | { kind: 'draw'; task: DrawingTask }
  | { kind: 'edit'; task: DrawingTask; parcel: ParcelFeature }
  | { kind: 'split'; task: DrawingTask; parcel: ParcelFeature }
  | { kind: 'merge'; ids: number[] }

export type NewParcelFields = { code: string; name: string; land_use: LandUse; reason: string }

/** A write refused or failed; `failure` is what was thrown, put into words when shown (in the language then). */
export type EditFailure = { kind: 'rejected' | 'conflict' | 'failed'; failure: unknown }

/**
 * The geometry editing session of a land officer: which terra-draw task runs (new polygon, vertex edit,
 * split line) or which parcels are picked for a merge, what was drawn, and the write that finishes it.
 * The map draws parcels from tiles, so a parcel's geometry and version are fetched when an edit needs them. After
 * a write every view of parcels is fetched again; the map's tiles follow the write's change event.
 */
export function useParcelEditor(onSelectParcel: (id: number) => void) {
  const queryClient = useQueryClient()
  const [mode, setMode] = useState<EditMode | null>(null)
  const [drawn, setDrawn] = useState<DrawnGeometry | null>(null)
  const [busy, setBusy] = useState(false)
  const [failure, setFailure] = useState<EditFailure | null>(null)
  // the parcels fetched for this session (the one edited or split, those picked for a merge)
  const [known, setKnown] = useState<ReadonlyMap<number, ParcelFeature>>(() => new Map())

  const findParcel = useCallback((id: number) => known.get(id), [known])

  const loadParcel = useCallback(
    async (id: number): Promise<ParcelFeature> => {
      // always asked again (the query is stale at once): an edit must start from the current version
      const parcel: ParcelFeature = await queryClient.fetchQuery(queries.parcel(id))
      setKnown((current) => new Map(current).set(id, parcel))
      return parcel
    },
    [queryClient],
  )

  const reset = useCallback((next: EditMode | null) => {
    setMode(next)
    setDrawn(null)
    setFailure(null)
  }, [])

  const startDraw = useCallback(() => reset({ kind: 'draw', task: { kind: 'polygon' } }), [reset])
  // nothing is picked until the user taps parcels: the selected parcel may be out of view, and a merge of a
  // parcel the user cannot see would be a surprise
  const startMerge = useCallback(() => reset({ kind: 'merge', ids: [] }), [reset])
  const startEdit = useCallback(
    (id: number) => {
      loadParcel(id).then(
        (parcel) => {
          const polygon = largestPolygon(parcel.geometry)
          if (polygon) reset({ kind: 'edit', parcel, task: { kind: 'edit', polygon } })
        },
        (error: unknown) => setFailure({ kind: 'failed', failure: error }),
      )
    },
    [loadParcel, reset],
  )
  const startSplit = useCallback(
    (id: number) => {
      loadParcel(id).then(
        (parcel) => reset({ kind: 'split', parcel, task: { kind: 'line' } }),
        (error: unknown) => setFailure({ kind: 'failed', failure: error }),
      )
    },
    [loadParcel, reset],
  )
  const cancel = useCallback(() => reset(null), [reset])

  const pick = useCallback(
    (id: number) => {
      if (!known.has(id)) loadParcel(id).catch(() => {})
      setMode((current) => {
        if (current?.kind !== 'merge') return current
        const ids = current.ids.includes(id)
          ? current.ids.filter((other) => other !== id)
          : [...current.ids, id]
        return { kind: 'merge', ids }
      })
    },
    [known, loadParcel],
  )

  const run = useCallback(
    async (write: () => Promise<number | undefined>) => {
      setBusy(true)
      setFailure(null)
      try {
        const selectId = await write()
        // versions moved: the next edit fetches its parcels again
        setKnown(new Map())
        void invalidateResources(queryClient, ['parcels'])
        reset(null)
        if (selectId !== undefined) onSelectParcel(selectId)
      } catch (error) {
        const kind =
          error instanceof ApiError && error.code === 'invalid_geometry'
            ? 'rejected'
            : error instanceof ApiError && error.code === 'version_conflict'
              ? 'conflict'
              : 'failed'
        setFailure({ kind, failure: error })
      } finally {
        setBusy(false)
      }
    },
    [onSelectParcel, reset, queryClient],
  )

  const saveNew = useCallback(
    (fields: NewParcelFields) => {
      if (drawn?.type !== 'Polygon') return
      void run(async () => {
        const created = await api.createParcel({
          code: fields.code.trim(),
          name: fields.name.trim() || null,
          land_use: fields.land_use,
          geometry: toMultiPolygon(drawn),
          ...(fields.reason.trim() ? { reason: fields.reason.trim() } : {}),
        })
        return Number(created.id ?? created.properties.id)
      })
    },
    [drawn, run],
  )

  const saveEdit = useCallback(
    (reason: string) => {
      if (mode?.kind !== 'edit' || drawn?.type !== 'Polygon') return
      const { parcel } = mode
      void run(async () => {
        const detail = await api.patchParcel(parcel.properties.id, {
          version: parcel.properties.version,
          geometry: replaceLargest(parcel.geometry, drawn),
          ...(reason.trim() ? { reason: reason.trim() } : {}),
        })
        // the answer is the parcel now (its new area): the open panel shows it at once, before any refetch
        queryClient.setQueryData(queries.parcel(parcel.properties.id).queryKey, detail)
        return parcel.properties.id
      })
    },
    [mode, drawn, run, queryClient],
  )

  const saveSplit = useCallback(() => {
    if (mode?.kind !== 'split' || drawn?.type !== 'LineString') return
    const { parcel } = mode
    const line: LineString = drawn
    void run(async () => {
      const result = await api.splitParcel(parcel.properties.id, line, parcel.properties.version)
      const first = result.features[0]
      return first ? Number(first.id ?? first.properties.id) : undefined
    })
  }, [mode, drawn, run])

  const saveMerge = useCallback(
    (code: string) => {
      if (mode?.kind !== 'merge' || mode.ids.length < 2) return
      const ids = mode.ids
      void run(async () => {
        const versions: Record<number, number> = {}
        for (const id of ids) versions[id] = (findParcel(id) ?? (await loadParcel(id))).properties.version
        const merged = await api.mergeParcels(ids, versions, code.trim() || undefined)
        return Number(merged.id ?? merged.properties.id)
      })
    },
    [mode, findParcel, loadParcel, run],
  )

  const drawing = useMemo(
    () => (mode && mode.kind !== 'merge' ? { task: mode.task, onDrawn: setDrawn } : null),
    [mode],
  )
  const picking = useMemo(
    () => (mode?.kind === 'merge' ? { ids: mode.ids, onPick: pick } : null),
    [mode, pick],
  )

  return {
    mode,
    drawn,
    busy,
    failure,
    drawing,
    picking,
    findParcel,
    startDraw,
    startEdit,
    startSplit,
    startMerge,
    cancel,
    saveNew,
    saveEdit,
    saveSplit,
    saveMerge,
  }
}

export type ParcelEditor = ReturnType<typeof useParcelEditor>

/** The part of a parcel terra-draw edits: its largest polygon (parcels are MultiPolygons, almost always of one). */
function largestPolygon(geometry: MultiPolygon): Polygon | null {
  let best: Polygon | null = null
  let bestSize = -1
  for (const coordinates of geometry.coordinates) {
    const size = coordinates[0]?.length ?? 0
    if (size > bestSize) {
      best = { type: 'Polygon', coordinates }
      bestSize = size
    }
  }
  return best
}

function replaceLargest(geometry: MultiPolygon, edited: Polygon): MultiPolygon {
  const largest = largestPolygon(geometry)
  return {
    type: 'MultiPolygon',
    coordinates: geometry.coordinates.map((part) =>
      part === largest?.coordinates ? edited.coordinates : part,
    ),
  }
}

function toMultiPolygon(polygon: Polygon): MultiPolygon {
  return { type: 'MultiPolygon', coordinates: [polygon.coordinates] }
}
