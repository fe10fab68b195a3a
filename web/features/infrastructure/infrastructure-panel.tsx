import { useQueryClient } from '@tanstack/react-query'
import { useId } from 'react'
import { useTranslation } from 'react-i18next'
import { invalidateResources } from '../../api/change-invalidation'
import { queries } from '../../api/queries'
import type { InfrastructureDetail } from '../../api/types'
import { LateItemControls } from '../orders/late-item-controls'
import { PanelFrame } from '../shell/panel-frame'
import { ProgressChart } from './progress-chart'
import { ProgressForm } from './progress-form'
import { useInfrastructureItem } from './use-infrastructure-item'

type InfrastructurePanelProps = {
  itemId: number
  today: string
  canWrite: boolean
  onClose: () => void
  onSelectParcel: (id: number) => void
}

/** One road, pipe, line or substation: status and dates, the progress curve, the parcels it serves. */
export function InfrastructurePanel({
  itemId,
  today,
  canWrite,
  onClose,
  onSelectParcel,
}: InfrastructurePanelProps) {
  const { t } = useTranslation()
  const headingId = useId()
  const queryClient = useQueryClient()
  const query = useInfrastructureItem(itemId)
  const item = query.data
  const none = t('common.none')

  // the report's answer is the item now; the list, the parcels it serves and the dashboard are fetched again
  const reported = (detail: InfrastructureDetail) => {
    queryClient.setQueryData(queries.infrastructureItem(itemId).queryKey, detail)
    void invalidateResources(queryClient, ['infrastructure'])
  }

  if (!item) {
    return (
      <PanelFrame headingId={headingId} heading={t('layers.infrastructure')} onClose={onClose}>
        {query.isError ? (
          <p className="panel-error" role="alert">
            {t('panel.failed', { message: query.error.message })}
          </p>
        ) : (
          <p className="panel-note">{t('panel.loading')}</p>
        )}
      </PanelFrame>
    )
  }

  const p = item.properties
  return (
    <PanelFrame
      headingId={headingId}
      heading={p.name}
      onClose={onClose}
      accent={
        <span className={p.late ? 'status-badge status-badge-late' : 'status-badge'} data-status={p.status}>
          {t(`infrastructureStatus.${p.status}`)}
          {p.late ? ` · ${t('legend.late')}` : ''}
        </span>
      }
    >
      <dl className="facts">
        <div>
          <dt>{t('leader.infra.kind')}</dt>
          <dd>{t(`infrastructureKind.${p.kind}`)}</dd>
        </div>
        <div>
          <dt>{t('leader.infra.progress')}</dt>
          <dd>
            <span className="progress-bar" aria-hidden="true">
              <span style={{ width: `${Math.min(100, Math.max(0, p.progress_pct))}%` }} />
            </span>{' '}
            {t('leader.unit.percent', { value: p.progress_pct })}
          </dd>
        </div>
        <div>
          <dt>{t('leader.infra.plannedStart')}</dt>
          <dd className="mono">{p.planned_start ?? none}</dd>
        </div>
        <div>
          <dt>{t('leader.infra.plannedFinish')}</dt>
          <dd className="mono">{p.planned_finish ?? none}</dd>
        </div>
        <div>
          <dt>{t('leader.infra.actualFinish')}</dt>
          <dd className="mono">{p.actual_finish ?? none}</dd>
        </div>
      </dl>
      {/* behind or past its finish: its grade, and 下达督办 for leaders (issue 16) */}
      <LateItemControls item={{ type: 'infrastructure', id: itemId }} title={p.name} />

      <h3>{t('leader.infra.curve')}</h3>
      <ProgressChart item={item} />

      {canWrite && (
        <ProgressForm
          itemId={itemId}
          today={today}
          current={p.progress_pct}
          version={p.version}
          onReported={reported}
        />
      )}

      <h3>{t('leader.infra.serves', { count: item.serves.length })}</h3>
      {item.serves.length === 0 ? (
        <p className="panel-note">{t('leader.infra.servesNone')}</p>
      ) : (
        <ul className="served-parcels">
          {item.serves.map((parcel) => (
            <li key={parcel.id}>
              <button type="button" className="button-link" onClick={() => onSelectParcel(parcel.id)}>
                <span className="mono">{parcel.code}</span> {parcel.name ?? ''}
              </button>{' '}
              <span className="secondary">{t(`parcelStatus.${parcel.status}`)}</span>
            </li>
          ))}
        </ul>
      )}
    </PanelFrame>
  )
}
