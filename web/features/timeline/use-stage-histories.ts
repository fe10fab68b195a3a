import { useEffect, useMemo, useState } from 'react'
import { api } from '../../api/client'
import type { Project } from '../../api/types'
import type { ProjectWithHistory } from '../../map/layers/projects'
import { useLiveRevision } from '../live/use-live-query'

type History = NonNullable<ProjectWithHistory['stage_history']>
const PARALLEL = 6

/**
 * The projects with their stage history, for time playback: fetched once (a few at a time) when playback
 * first needs it, and again after a project is written. Until a history arrives the list's dates stand in.
 */
export function useStageHistories(
  projects: readonly Project[] | undefined,
  enabled: boolean,
): readonly ProjectWithHistory[] | undefined {
  const [histories, setHistories] = useState<ReadonlyMap<number, History>>(new Map())
  const [wanted, setWanted] = useState(false)
  const revision = useLiveRevision(['projects'])
  useEffect(() => {
    if (enabled) setWanted(true)
  }, [enabled])

  const ids = useMemo(() => (projects ?? []).filter((p) => p.location).map((p) => p.id), [projects])
  const idsKey = ids.join(',')

  // biome-ignore lint/correctness/useExhaustiveDependencies: the key stands for the ids
  useEffect(() => {
    if (!wanted || ids.length === 0) return
    const controller = new AbortController()
    const queue = [...ids]
    const found = new Map<number, History>()
    const worker = async () => {
      for (let id = queue.shift(); id !== undefined; id = queue.shift()) {
        try {
          const detail = await api.project(id, controller.signal)
          found.set(id, detail.stage_history)
        } catch {
          if (controller.signal.aborted) return
        }
      }
    }
    Promise.all(Array.from({ length: PARALLEL }, worker)).then(() => {
      if (!controller.signal.aborted) setHistories(found)
    })
    return () => controller.abort()
  }, [wanted, idsKey, revision])

  return useMemo(
    () => projects?.map((project) => ({ ...project, stage_history: histories.get(project.id) })),
    [projects, histories],
  )
}
