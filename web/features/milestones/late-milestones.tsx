import { useQuery } from '@tanstack/react-query'
import { useId } from 'react'
import { useTranslation } from 'react-i18next'
import { queries } from '../../api/queries'
import type { LateMilestone } from '../../api/types'
import { LateItemControls } from '../orders/late-item-controls'

type LateMilestonesProps = { onSelectParcel: (parcelId: number) => void }

/** 压实责任: late milestones grouped by owner, most days late first; a click selects and zooms to the parcel. */
export function LateMilestones({ onSelectParcel }: LateMilestonesProps) {
  const { t } = useTranslation()
  const headingId = useId()
  // fetched again after each parcel change, here or anywhere
  const query = useQuery(queries.lateMilestones())

  const noOwner = t('lateList.noOwner')
  const groups = new Map<string, LateMilestone[]>()
  for (const item of query.data ?? []) {
    const owner = item.owner?.trim() || noOwner
    groups.set(owner, [...(groups.get(owner) ?? []), item])
  }
  const ordered = [...groups.entries()]
    .map(([owner, items]) => [owner, [...items].sort((a, b) => b.days_late - a.days_late)] as const)
    .sort((a, b) => b[1].length - a[1].length || a[0].localeCompare(b[0]))

  return (
    <section className="late-list panel-body" aria-labelledby={headingId}>
      <h3 id={headingId}>
        {t('lateList.title')}
        {query.data && (
          <span className="late-count">{t('lateList.count', { count: query.data.length })}</span>
        )}
      </h3>
      {query.isPending && <p className="panel-note">{t('panel.loading')}</p>}
      {query.isError && !query.data && (
        <p className="panel-error" role="alert">
          {t('panel.failed', { message: query.error.message })}
        </p>
      )}
      {query.data && ordered.length === 0 && <p className="panel-note">{t('lateList.empty')}</p>}
      {ordered.map(([owner, items]) => (
        <details key={owner} className="late-owner-group" open={ordered.length <= 3}>
          <summary>
            <strong>{owner}</strong>{' '}
            <span className="late-count">{t('lateList.count', { count: items.length })}</span>
          </summary>
          <ul>
            {items.map((item) => (
              <li key={`${item.parcel_id}:${item.kind}`} className="late-row">
                <button type="button" className="late-item" onClick={() => onSelectParcel(item.parcel_id)}>
                  <span className="mono late-code">{item.code}</span>
                  <span className="late-what">
                    <span>{t(`milestoneKind.${item.kind}`)}</span>
                    {item.name && <span className="late-name">{item.name}</span>}
                  </span>
                  <span className="late-days">{t('lateList.daysLate', { count: item.days_late })}</span>
                </button>
                {/* its grade, and 下达督办 for leaders */}
                <LateItemControls
                  item={{ type: 'milestone', parcelId: item.parcel_id, kind: item.kind }}
                  title={`${item.code} ${t(`milestoneKind.${item.kind}`)}`}
                />
              </li>
            ))}
          </ul>
        </details>
      ))}
    </section>
  )
}
