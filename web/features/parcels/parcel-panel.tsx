import { useQueryClient } from '@tanstack/react-query'
import { Fragment, type ReactNode, useCallback, useId, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { invalidateResources } from '../../api/change-invalidation'
import { queries } from '../../api/queries'
import type { Milestone, ParcelDetail } from '../../api/types'
import { formatHa, formatM2, formatMu } from '../../i18n/formatters'
import { zhCN } from '../../i18n/zh-CN'
import { FieldSection } from '../field/field-section'
import { FirmOfParcel } from '../firms/firm-of-parcel'
import { MilestoneForm } from '../milestones/milestone-form'
import { MilestoneTimeline } from '../milestones/milestone-timeline'
import { ScheduleDialog } from '../milestones/schedule-dialog'
import { ParcelProjectMatches } from '../projects/parcel-project-matches'
import { PanelFrame } from '../shell/panel-frame'
import { ForecastSummary } from './forecast-summary'
import { LandDateText } from './land-date-text'
import { landDates } from './land-dates'
import { ParcelHistory } from './parcel-history'
import { useParcel } from './use-parcel'

type ParcelPanelProps = {
  parcelId: number
  onClose: () => void
  /** land officers and admins edit milestones and schedules; other roles only read */
  canWrite?: boolean
  /** the zone's today (Asia/Shanghai), for the timeline and as the default actual date */
  today?: string
  /** opens the panel of the firm using the parcel (亩均效益) */
  onOpenFirm?: (firmId: number) => void
}

export function ParcelPanel({ parcelId, onClose, canWrite = false, today, onOpenFirm }: ParcelPanelProps) {
  const { t } = useTranslation()
  const headingId = useId()
  const queryClient = useQueryClient()
  const query = useParcel(parcelId)
  const none = t('common.none')
  // the milestone being edited, and the version its form started from (a 409 beyond it offers a reload)
  const [editing, setEditing] = useState<{ kind: Milestone['kind']; version: number } | null>(null)
  // the parcel's version when the schedule dialog opened
  const [scheduling, setScheduling] = useState<number | null>(null)
  const [reloadError, setReloadError] = useState<string | null>(null)

  // after a write the answer is the parcel now (no loading flash), and every view of parcels is fetched again
  const written = useCallback(
    (detail: ParcelDetail | null) => {
      if (detail) queryClient.setQueryData(queries.parcel(parcelId).queryKey, detail)
      void invalidateResources(queryClient, ['parcels'])
    },
    [queryClient, parcelId],
  )

  // after a version conflict: the parcel as it is now, and the form again from its values
  const reload = useCallback(
    async (kind: Milestone['kind']) => {
      try {
        const fresh = await queryClient.fetchQuery(queries.parcel(parcelId))
        setReloadError(null)
        const milestone = fresh.milestones?.find((m) => m.kind === kind)
        setEditing({ kind, version: milestone?.version ?? 0 })
      } catch (failure) {
        setReloadError(failure instanceof Error ? failure.message : String(failure))
      }
    },
    [queryClient, parcelId],
  )

  if (!query.data) {
    return (
      <PanelFrame headingId={headingId} heading={t('layers.parcels')} onClose={onClose}>
        {!query.isError ? (
          <p className="panel-note">{t('panel.loading')}</p>
        ) : (
          <p className="panel-error" role="alert">
            {t('panel.failed', { message: query.error.message })}
          </p>
        )}
      </PanelFrame>
    )
  }

  const data = query.data
  const parcel = data.properties
  const { milestones, project } = data
  const zoneToday = today ?? new Date().toISOString().slice(0, 10)
  const editedMilestone = editing ? milestones?.find((m) => m.kind === editing.kind) : undefined
  const dates = landDates(parcel, milestones ?? [])
  // the milestone the forecast hinges on, worth naming only while the parcel is at risk or late
  const critical =
    (parcel.readiness === 'at_risk' || parcel.readiness === 'late') && parcel.critical_milestone
      ? parcel.critical_milestone
      : null
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
        <dt>{t('parcel.readyOn')}</dt>
        <dd data-testid="ready-date">
          <LandDateText date={dates.ready} />
        </dd>
        <dt>{t('parcel.handoverOn')}</dt>
        <dd data-testid="handover-date">
          <LandDateText date={dates.handover} />
        </dd>
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
        {critical && (
          <>
            <dt>{t('parcel.critical')}</dt>
            <dd data-testid="critical-milestone">{t(`milestoneKind.${critical}`)}</dd>
          </>
        )}
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
      <ForecastSummary targetOn={parcel.target_on} handover={dates.handover} />
      <FirmOfParcel parcelId={parcel.id} onOpenFirm={onOpenFirm} />
      <section className="panel-section">
        <div className="section-head">
          <h3>{t('timeline.title')}</h3>
          {canWrite && (
            <button type="button" className="button-small" onClick={() => setScheduling(parcel.version)}>
              {t('schedule.open')}
            </button>
          )}
        </div>
        <MilestoneTimeline
          milestones={milestones ?? []}
          today={zoneToday}
          targetOn={parcel.target_on}
          handoverOn={dates.handover.actual ?? dates.handover.forecast}
        />
      </section>
      <MilestoneTable
        milestones={milestones ?? []}
        editingKind={canWrite && editing && editedMilestone ? editing.kind : null}
        // the form opens right under the row it edits, not at the foot of the panel
        form={
          canWrite && editing && editedMilestone ? (
            <MilestoneForm
              key={`${editing.kind}:${editing.version}`}
              parcelId={parcel.id}
              milestone={editedMilestone}
              version={editing.version}
              today={zoneToday}
              onSaved={(detail) => {
                setEditing(null)
                written(detail)
              }}
              onReload={() => void reload(editing.kind)}
              onCancel={() => setEditing(null)}
            />
          ) : null
        }
        onEdit={
          canWrite
            ? (milestone) => setEditing({ kind: milestone.kind, version: milestone.version })
            : undefined
        }
      />
      <ParcelProjectMatches parcelId={parcel.id} />
      {reloadError && (
        <p className="form-error" role="alert">
          {t('panel.failed', { message: reloadError })}
        </p>
      )}
      {scheduling !== null && (
        <ScheduleDialog
          parcelId={parcel.id}
          version={scheduling}
          initialTarget={parcel.target_on ?? dates.handover.forecast ?? zoneToday}
          onSaved={() => written(null)}
          onClose={() => setScheduling(null)}
        />
      )}
      <FieldSection subject={{ type: 'parcel', id: parcel.id, label: parcel.code }} />
      <ParcelHistory parcelId={parcel.id} />
    </PanelFrame>
  )
}

function MilestoneTable({
  milestones,
  onEdit,
  editingKind = null,
  form = null,
}: {
  milestones: readonly Milestone[]
  onEdit?: ((milestone: Milestone) => void) | undefined
  /** the milestone whose edit form is open: the form goes in a row under it */
  editingKind?: Milestone['kind'] | null
  form?: ReactNode
}) {
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
            {onEdit && (
              <th scope="col">
                <span className="visually-hidden">{t('timeline.edit')}</span>
              </th>
            )}
          </tr>
        </thead>
        <tbody>
          {milestones.map((milestone) => (
            <Fragment key={milestone.kind}>
              <tr className={`milestone-${milestone.status}`} data-milestone={milestone.kind}>
                <th scope="row" title={milestone.note ?? undefined}>
                  {t(`milestoneKind.${milestone.kind}`)}
                </th>
                <td className="mono">{milestone.planned_on ?? none}</td>
                <td className="mono">
                  {milestone.actual_on ??
                    (milestone.forecast_on ? (
                      <span className="forecast">
                        {t('parcel.forecast', { date: milestone.forecast_on })}
                      </span>
                    ) : (
                      none
                    ))}
                </td>
                <td>
                  <MilestoneStatusLabel status={milestone.status} />
                </td>
                <td className={milestone.status === 'late' ? 'late-owner' : undefined}>
                  {milestone.owner || none}
                </td>
                {onEdit && (
                  <td>
                    <button
                      type="button"
                      className="button-small"
                      onClick={() => onEdit(milestone)}
                      aria-label={t('timeline.editKind', { kind: t(`milestoneKind.${milestone.kind}`) })}
                    >
                      {t('timeline.edit')}
                    </button>
                  </td>
                )}
              </tr>
              {editingKind === milestone.kind && form && (
                <tr className="milestone-form-row">
                  <td colSpan={onEdit ? 6 : 5}>{form}</td>
                </tr>
              )}
            </Fragment>
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
