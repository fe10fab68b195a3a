import { useTranslation } from 'react-i18next'
import type { Dashboard, LateItem, Project } from '../../api/types'
import { formatYi } from '../../i18n/formatters'
import type { Selection } from '../../map/overlays'
import { LateItemControls } from '../orders/late-item-controls'
import type { LateRef } from '../orders/late-lookup'
import type { DashboardPeriod } from './dashboard-period'
import { itemLabel, ownerItems, sectorProjects } from './filter-items'
import type { MapFilter } from './map-filter'

/** Where a late item is: its parcel, project or infrastructure. */
function selectionOf(item: LateItem): Selection | null {
  if (item.parcel_id !== null) return { kind: 'parcel', id: item.parcel_id }
  if (item.project_id !== null) return { kind: 'project', id: item.project_id }
  if (item.infrastructure_id !== null) return { kind: 'infrastructure', id: item.infrastructure_id }
  return null
}

/** The graded item (GET /api/late) a dashboard late item is; follow-ups are not graded. */
function lateRefOf(item: LateItem): LateRef | null {
  if (item.kind === 'milestone' && item.parcel_id !== null)
    return { type: 'milestone', parcelId: item.parcel_id, kind: item.detail }
  if (item.kind === 'infrastructure' && item.infrastructure_id !== null)
    return { type: 'infrastructure', id: item.infrastructure_id }
  if (item.kind === 'blocker') return { type: 'blocker', id: item.item_id }
  return null
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
            const ref = lateRefOf(item)
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
                {ref && <LateItemControls item={ref} title={itemLabel(item, t)} />}
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
