import { useQuery } from '@tanstack/react-query'
import { useEffect, useMemo, useState } from 'react'
import { queries } from '../../api/queries'
import type { Project } from '../../api/types'
import type { ProjectWithHistory } from '../../map/layers/projects'

/**
 * The projects with their stage history, for time playback: fetched (a few at a time) once playback first needs
 * it, and again when projects change (the live stream). Until a history arrives the list's dates stand in.
 */
export function useStageHistories(
  projects: readonly Project[] | undefined,
  enabled: boolean,
): readonly ProjectWithHistory[] | undefined {
  const [wanted, setWanted] = useState(false)
  useEffect(() => {
    if (enabled) setWanted(true)
  }, [enabled])

  const idsKey = (projects ?? [])
    .filter((p) => p.location)
    .map((p) => p.id)
    .join(',')
  const ids = useMemo(() => (idsKey ? idsKey.split(',').map(Number) : []), [idsKey])
  const histories = useQuery({
    ...queries.stageHistories(ids),
    enabled: wanted && ids.length > 0,
    placeholderData: (previous) => previous,
  })

  const found = histories.data
  return useMemo(
    () => projects?.map((project) => ({ ...project, stage_history: found?.get(project.id) })),
    [projects, found],
  )
}
