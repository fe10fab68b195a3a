import { useId } from 'react'
import { useTranslation } from 'react-i18next'
import type { Milestone } from '../../api/types'
import { formatHa, formatM2, formatMu } from '../../i18n/formatters'
import { zhCN } from '../../i18n/zh-CN'
import { PanelFrame } from '../shell/panel-frame'
import { useParcel } from './use-parcel'

type ParcelPanelProps = {
  parcelId: number
  onClose: () => void
}

export function ParcelPanel({ parcelId, onClose }: ParcelPanelProps) {
  const { t } = useTranslation()
  const headingId = useId()
  const query = useParcel(parcelId)
  const none = t('common.none')

  if (query.status !== 'success') {
    return (
      <PanelFrame headingId={headingId} heading={t('layers.parcels')} onClose={onClose}>
        {query.status === 'loading' ? (
          <p className="panel-note">{t('panel.loading')}</p>
        ) : (
          <p className="panel-error" role="alert">
            {t('panel.failed', { message: query.error.message })}
          </p>
        )}
      </PanelFrame>
    )
  }

  const parcel = query.data.properties
  const { milestones, project } = query.data
  return (
    <PanelFrame
      headingId={headingId}
      heading={t('parcel.heading', { code: parcel.code })}
      onClose={onClose}
      accent={
        <span className={`status-chip status-${parcel.status}`}>{t(`parcelStatus.${parcel.status}`)}</span>
      }
    >
      <dl className="facts">
        <dt>{t('parcel.code')}</dt>
        <dd className="mono">{parcel.code}</dd>
        <dt>{t('parcel.name')}</dt>
        <dd>{parcel.name || none}</dd>
        <dt>{t('parcel.status')}</dt>
        <dd>{t(`parcelStatus.${parcel.status}`)}</dd>
        <dt>{t('parcel.landUse')}</dt>
        <dd>{t(`landUse.${parcel.land_use}`)}</dd>
        <dt>{t('parcel.area')}</dt>
        <dd>
          <strong>{t('unit.mu', { value: formatMu(parcel.area_mu) })}</strong>
          <span className="secondary">
            {t('unit.m2', { value: formatM2(parcel.area_m2) })} ·{' '}
            {t('unit.ha', { value: formatHa(parcel.area_m2) })}
          </span>
        </dd>
        <dt>{t('parcel.availableOn')}</dt>
        <dd className="mono">{parcel.available_on ?? none}</dd>
        {parcel.target_on && (
          <>
            <dt>{t('parcel.targetOn')}</dt>
            <dd className="mono">{parcel.target_on}</dd>
          </>
        )}
        <dt>{t('parcel.readiness')}</dt>
        <dd>
          {parcel.readiness ? (
            <span className={`readiness readiness-${parcel.readiness}`}>
              {t(`readiness.${parcel.readiness}`)}
            </span>
          ) : (
            none
          )}
        </dd>
        {project && (
          <>
            <dt>{t('parcel.project')}</dt>
            <dd>
              {project.name}
              <span className="secondary">
                {project.company} · {t(`projectStage.${project.stage}`)}
              </span>
            </dd>
          </>
        )}
      </dl>
      <MilestoneTable milestones={milestones ?? []} />
    </PanelFrame>
  )
}

function MilestoneTable({ milestones }: { milestones: readonly Milestone[] }) {
  const { t } = useTranslation()
  const none = t('common.none')
  if (milestones.length === 0) {
    return (
      <section className="panel-section">
        <h3>{t('parcel.milestones')}</h3>
        <p className="panel-note">{t('parcel.noMilestones')}</p>
      </section>
    )
  }
  return (
    <section className="panel-section">
      <h3>{t('parcel.milestones')}</h3>
      <table className="milestones">
        <thead>
          <tr>
            <th scope="col">{t('parcel.milestone')}</th>
            <th scope="col">{t('parcel.plannedOn')}</th>
            <th scope="col">{t('parcel.actualOn')}</th>
            <th scope="col">{t('parcel.milestoneStatus')}</th>
            <th scope="col">{t('parcel.owner')}</th>
          </tr>
        </thead>
        <tbody>
          {milestones.map((milestone) => (
            <tr key={milestone.kind} className={`milestone-${milestone.status}`}>
              <th scope="row" title={milestone.note ?? undefined}>
                {t(`milestoneKind.${milestone.kind}`)}
              </th>
              <td className="mono">{milestone.planned_on ?? none}</td>
              <td className="mono">
                {milestone.actual_on ??
                  (milestone.forecast_on ? (
                    <span className="forecast">{t('parcel.forecast', { date: milestone.forecast_on })}</span>
                  ) : (
                    none
                  ))}
              </td>
              <td>
                <MilestoneStatusLabel status={milestone.status} />
              </td>
              <td>{milestone.owner || none}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  )
}

type MilestoneStatus = keyof typeof zhCN.milestoneStatus

function MilestoneStatusLabel({ status }: { status: string }) {
  const { t } = useTranslation()
  // the server may add statuses this build does not know: show them as they come
  if (!(status in zhCN.milestoneStatus)) return <span className="milestone-status">{status}</span>
  return (
    <span className={`milestone-status milestone-status-${status}`}>
      {t(`milestoneStatus.${status as MilestoneStatus}`)}
    </span>
  )
}
