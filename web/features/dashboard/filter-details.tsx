import type { TFunction } from 'i18next'
import { useTranslation } from 'react-i18next'
import type { Dashboard, LateItem, Project } from '../../api/types'
import { formatYi } from '../../i18n/formatters'
import type { Selection } from '../../map/overlays'
import type { DashboardPeriod } from './dashboard-period'
import type { MapFilter } from './map-filter'

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

/** Where a late item is: its parcel, project or infrastructure. */
function selectionOf(item: LateItem): Selection | null {
  if (item.parcel_id !== null) return { kind: 'parcel', id: item.parcel_id }
  if (item.project_id !== null) return { kind: 'project', id: item.project_id }
  if (item.infrastructure_id !== null) return { kind: 'infrastructure', id: item.infrastructure_id }
  return null
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

/**
 * Under the dashboard's filter line (issue 15): for a sector, the count and the clickable list of exactly the
 * projects its bar counted; for an owner, every kind of late item (milestones, blockers, infrastructure, follow-ups)
 * with its count; and whether the headline figures follow the filter.
 */
export function FilterDetails({
  filter,
  data,
  projects,
  period,
  onSelect,
}: {
  filter: MapFilter
  data: Dashboard | undefined
  projects: readonly Project[] | undefined
  period: DashboardPeriod
  onSelect?: (selection: Selection) => void
}) {
  const { t } = useTranslation()
  if (filter.sector) {
    const counted = sectorProjects(projects ?? [], filter.sector, period).sort(
      (a, b) => b.investment_wan - a.investment_wan,
    )
    const wan = counted.reduce((n, p) => n + p.investment_wan, 0)
    const sector = t(`sector.${filter.sector}`)
    return (
      <section className="filter-details" aria-label={t('leader.filter.title')}>
        <p data-filter-count={counted.length}>
          <strong>
            {t('pipeline.leader.sectorCount', { sector, count: counted.length, yi: formatYi(wan) })}
          </strong>
        </p>
        <p className="panel-note">{t('pipeline.leader.kpisFollow', { sector })}</p>
        <ol className="filter-list">
          {counted.map((p) => (
            <li key={p.id}>
              <button
                type="button"
                className="filter-item"
                data-project-id={p.id}
                onClick={() => onSelect?.({ kind: 'project', id: p.id })}
              >
                <span>{p.name}</span>
                <span className="secondary mono">
                  {p.signed_on} · {t('unit.yi', { value: formatYi(p.investment_wan) })}
                </span>
              </button>
            </li>
          ))}
        </ol>
      </section>
    )
  }
  if (filter.owner) {
    const items = ownerItems(data, filter.owner)
    return (
      <section className="filter-details" aria-label={t('leader.filter.title')}>
        <p data-filter-count={items.length}>
          <strong>{t('pipeline.leader.ownerItems', { owner: filter.owner, count: items.length })}</strong>
        </p>
        <p className="panel-note">{t('pipeline.leader.kpisDoNot')}</p>
        <ol className="filter-list">
          {items.map((item) => {
            const target = selectionOf(item)
            return (
              <li
                key={`${item.kind}-${item.parcel_id ?? item.project_id ?? item.infrastructure_id}-${item.label}`}
              >
                <button
                  type="button"
                  className="filter-item"
                  data-late-kind={item.kind}
                  onClick={() => target && onSelect?.(target)}
                >
                  <span>
                    <span className={`late-kind late-kind-${item.kind}`}>
                      {t(`pipeline.leader.kind.${item.kind}`)}
                    </span>{' '}
                    {itemLabel(item, t)}
                  </span>
                  <span className="secondary mono">
                    {item.due_on} · {t('pipeline.leader.daysLate', { days: item.days_late })}
                  </span>
                </button>
              </li>
            )
          })}
        </ol>
      </section>
    )
  }
  if (filter.month) return <p className="panel-note">{t('pipeline.leader.kpisDoNot')}</p>
  return null
}
