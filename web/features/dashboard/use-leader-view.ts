import { useMemo, useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { Project, Session, Zone } from '../../api/types'
import type { ParcelView } from '../../map/map-view'
import type { OverlayVisibility, Selection } from '../../map/overlays'
import { type BriefingContent, briefingContent } from '../briefing/briefing-content'
import type { ShareState } from '../share/share-link'
import { useShareLink } from '../share/use-share-link'
import { useStageHistories } from '../timeline/use-stage-histories'
import { type DashboardPeriod, periodOf } from './dashboard-period'
import { ownerItems, sectorProjects } from './filter-items'
import { type MapFilter, NO_FILTER } from './map-filter'
import { useDashboard } from './use-dashboard'
import { useMapHighlight } from './use-map-highlight'

type LeaderViewInput = {
  zone: Zone
  session: Session | undefined
  link: ShareState
  visibility: OverlayVisibility
  selection: Selection | null
  parcelView: ParcelView
  projects: readonly Project[] | undefined
}

/**
 * The leaders' view beside the map (issue 5): the dashboard period and figures, the chart filter and what it
 * highlights on the map, the projects' stage histories for time playback, the shareable link (fed with the map's
 * camera through `onCamera`) and the briefing contents. MapView draws all of it from this state.
 */
export function useLeaderView({
  zone,
  session,
  link,
  visibility,
  selection,
  parcelView,
  projects,
}: LeaderViewInput) {
  const { t, i18n } = useTranslation()
  const [period, setPeriod] = useState<DashboardPeriod>(() => link.period ?? periodOf('ytd', zone.today))
  const [filter, setFilter] = useState<MapFilter>(() => link.filter ?? NO_FILTER)
  // leaders see the dashboard first; everyone else opens it
  const [dashboardOpen, setDashboardOpen] = useState(() => link.dashboard ?? session?.role === 'leader')
  // a sector filter asks for that sector's figures: the KPIs follow it (issue 15)
  const dashboard = useDashboard(period, filter.sector)

  const withHistories = useStageHistories(projects, parcelView.asOf !== null)
  const { highlight, highlightedParcels } = useMapHighlight(filter, dashboard.data)
  // the map shows exactly what a chart filter picked: a sector's counted projects, an owner's late projects
  const mapProjects = useMemo(() => {
    if (!withHistories) return withHistories
    if (filter.sector) return sectorProjects(withHistories, filter.sector, period)
    if (filter.owner) {
      const ids = new Set(ownerItems(dashboard.data, filter.owner).map((item) => item.project_id))
      return withHistories.filter((p) => ids.has(p.id))
    }
    return withHistories
  }, [withHistories, filter, period, dashboard.data])

  const { onCamera } = useShareLink({
    layers: visibility,
    filter,
    colourMode: parcelView.colourMode,
    asOf: parcelView.asOf,
    availableBy: parcelView.availableBy,
    selection,
    period,
    dashboard: dashboardOpen,
  })

  const briefing: BriefingContent | null = useMemo(
    () =>
      dashboard.data
        ? briefingContent({
            zone,
            data: dashboard.data,
            fetchedAt: dashboard.dataUpdatedAt,
            period,
            filter,
            parcelView,
            visibility,
            t,
            language: i18n.language,
          })
        : null,
    [dashboard.data, dashboard.dataUpdatedAt, period, filter, parcelView, visibility, zone, t, i18n.language],
  )

  return {
    onCamera,
    period,
    setPeriod,
    dashboard,
    filter,
    setFilter,
    dashboardOpen,
    setDashboardOpen,
    mapProjects,
    highlight,
    highlightedParcels,
    briefing,
  }
}

export type LeaderView = ReturnType<typeof useLeaderView>
