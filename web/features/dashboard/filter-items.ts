import type { TFunction } from 'i18next'
import type { Dashboard, LateItem, Project } from '../../api/types'
import type { DashboardPeriod } from './dashboard-period'

// What a chart filter picks out (issue 15), shared by the dashboard's list, the map and the briefing: pure, no
// React, so the briefing's content can be built (and tested) without a page.

/**
 * The projects a sector bar counted: signed in the period (zone dates, inclusive) and not dropped — the same rule
 * as the server's figures (server/db/dashboard.ts), so the list, the map and the bar agree.
 */
export function sectorProjects<P extends Project>(
  projects: readonly P[],
  sector: string,
  period: DashboardPeriod,
): P[] {
  return projects.filter(
    (p) =>
      p.sector === sector &&
      p.stage !== 'dropped' &&
      p.signed_on !== null &&
      p.signed_on >= period.from &&
      p.signed_on <= period.to,
  )
}

/** Every late item of an owner, longest late first. */
export function ownerItems(data: Dashboard | undefined, owner: string): LateItem[] {
  return (data?.late_items ?? []).filter((item) => item.owner === owner)
}

/** A late item as the owner's list shows it: a milestone's parcel and kind, or its project and what is late. */
export function itemLabel(item: LateItem, t: TFunction): string {
  if (item.kind === 'milestone') {
    const [code] = item.label.split(' ')
    return `${code} ${t(`milestoneKind.${item.detail}`, { defaultValue: item.detail })}`
  }
  if (item.kind === 'infrastructure' || item.kind === 'commitment') return item.label
  return `${item.detail}：${item.label}`
}
