import { useQuery } from '@tanstack/react-query'
import { type FormEvent, useEffect, useId, useRef, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { MILESTONE_KINDS, type MilestoneKind } from '../../../server/domain/vocabulary'
import { ApiError, api } from '../../api/client'
import { queries } from '../../api/queries'
import type { ScheduleResult } from '../../api/types'
import { type ShownError, useShownError } from './shown-error'

type ScheduleDialogProps = {
  parcelId: number
  /** the parcel's version when the dialog opened: saving answers 409 if the parcel changed since */
  version: number
  initialTarget: string
  onSaved: () => void
  onClose: () => void
}

type Durations = Partial<Record<MilestoneKind, string>>

/**
 * 倒排: the target hand-over date and each milestone's duration (prefilled from the zone settings) give every
 * milestone's latest start and finish; preview first (save:false), then save the planned dates. The preview marks
 * each latest start already past and proposes the earliest feasible target (a button adopts it); an infeasible
 * plan is saved only after the officer ticks that they know (sent as confirm_infeasible).
 */
export function ScheduleDialog({ parcelId, version, initialTarget, onSaved, onClose }: ScheduleDialogProps) {
  const { t } = useTranslation()
  const say = useShownError()
  const id = useId()
  const dialogRef = useRef<HTMLDialogElement>(null)
  const [target, setTarget] = useState(initialTarget)
  const [durations, setDurations] = useState<Durations>({})
  const [defaults, setDefaults] = useState<Durations>({})
  const [preview, setPreview] = useState<ScheduleResult | null>(null)
  const [busy, setBusy] = useState(false)
  // an infeasible plan (a latest start past, or the target before the earliest feasible one) is saved only knowingly
  const [confirmInfeasible, setConfirmInfeasible] = useState(false)
  const [error, setError] = useState<ShownError | null>(null)

  useEffect(() => {
    const dialog = dialogRef.current
    if (dialog && !dialog.open) dialog.showModal()
  }, [])

  // the durations are prefilled from the zone settings; without them the server's own defaults apply and the
  // fields simply stay empty
  const settings = useQuery(queries.zoneSettings())
  useEffect(() => {
    if (!settings.data) return
    const { milestone_durations } = settings.data
    const prefilled = Object.fromEntries(
      MILESTONE_KINDS.map((kind) => [kind, String(milestone_durations?.[kind] ?? '')]),
    ) as Durations
    setDefaults(prefilled)
    setDurations((current) => ({ ...prefilled, ...current }))
  }, [settings.data])
  useEffect(() => {
    if (settings.isError) console.warn('zone settings unavailable', settings.error)
  }, [settings.isError, settings.error])

  const body = (save: boolean, targetOn: string) => {
    const durationsDays: Partial<Record<MilestoneKind, number>> = {}
    for (const kind of MILESTONE_KINDS) {
      const value = Number(durations[kind])
      // only what differs from the zone's default is sent, so the server's defaults stay the reference
      if (durations[kind] && Number.isInteger(value) && value > 0 && durations[kind] !== defaults[kind]) {
        durationsDays[kind] = value
      }
    }
    return {
      target_on: targetOn,
      ...(Object.keys(durationsDays).length > 0 ? { durations_days: durationsDays } : {}),
      save,
      ...(save && confirmInfeasible ? { confirm_infeasible: true } : {}),
      version,
    }
  }

  const run = async (save: boolean, targetOn = target) => {
    if (!targetOn) {
      setError({ key: 'schedule.needTarget' })
      return
    }
    setBusy(true)
    setError(null)
    try {
      const result = await api.scheduleParcel(parcelId, body(save, targetOn))
      setPreview(result)
      if (save) onSaved()
    } catch (failure) {
      setError({ key: 'schedule.failed', failure })
      // the plan became infeasible since its preview (the day turned, a milestone changed): show why, so the
      // officer can adopt the earliest date or confirm
      if (failure instanceof ApiError && failure.code === 'schedule_infeasible') {
        setError({ key: 'schedule.becameInfeasible' })
        setPreview(await api.scheduleParcel(parcelId, body(false, targetOn)).catch(() => null))
      }
    } finally {
      setBusy(false)
    }
  }

  /** Takes the earliest feasible target proposed by the preview and previews it. */
  const adopt = (earliest: string) => {
    setTarget(earliest)
    setConfirmInfeasible(false)
    void run(false, earliest)
  }

  const infeasible = preview !== null && !preview.saved && !preview.check.feasible

  const submit = (event: FormEvent) => {
    event.preventDefault()
    void run(false)
  }

  return (
    <dialog ref={dialogRef} className="dialog" aria-labelledby={`${id}-title`} onClose={onClose}>
      <form onSubmit={submit}>
        <h3 id={`${id}-title`}>{t('schedule.title')}</h3>
        <label className="field" htmlFor={`${id}-target`}>
          {t('schedule.targetOn')}
          <input
            id={`${id}-target`}
            type="date"
            required
            value={target}
            onChange={(event) => {
              setTarget(event.target.value)
              setPreview(null)
              setConfirmInfeasible(false)
            }}
          />
        </label>
        <fieldset className="durations">
          <legend>{t('schedule.durations')}</legend>
          {MILESTONE_KINDS.map((kind) => (
            <label key={kind} htmlFor={`${id}-${kind}`}>
              <span>{t(`milestoneKind.${kind}`)}</span>
              <input
                id={`${id}-${kind}`}
                type="number"
                min={1}
                max={3650}
                value={durations[kind] ?? ''}
                onChange={(event) => {
                  setDurations((current) => ({ ...current, [kind]: event.target.value }))
                  setPreview(null)
                  setConfirmInfeasible(false)
                }}
              />
            </label>
          ))}
        </fieldset>
        <p className="panel-note">{t('schedule.durationsHint')}</p>
        {preview && (
          <table className="milestones schedule-preview">
            <caption className={preview.saved ? 'schedule-saved' : undefined}>
              {preview.saved
                ? t('schedule.saved')
                : t('schedule.previewCaption', { date: preview.target_on })}
            </caption>
            <thead>
              <tr>
                <th scope="col">{t('parcel.milestone')}</th>
                <th scope="col">{t('schedule.startOn')}</th>
                <th scope="col">{t('schedule.plannedOn')}</th>
                <th scope="col">{t('schedule.days')}</th>
              </tr>
            </thead>
            <tbody>
              {preview.milestones.map((m) => (
                <tr key={m.kind}>
                  <th scope="row">{t(`milestoneKind.${m.kind}`)}</th>
                  <td className="mono">
                    {m.start_on}
                    {m.start_passed && <span className="start-passed">{t('schedule.startPassed')}</span>}
                  </td>
                  <td className="mono">{m.planned_on}</td>
                  <td
                    className="mono"
                    title={m.adjusted ? t('schedule.adjusted', { reason: m.adjusted }) : undefined}
                  >
                    {m.duration_days ?? ''}
                    {m.adjusted ? ' *' : ''}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {preview && (
          <div className={`schedule-check${preview.check.feasible ? '' : ' schedule-check-infeasible'}`}>
            {!preview.check.feasible && (
              <p role="status">
                {preview.check.past.length > 0
                  ? t('schedule.infeasiblePast', { count: preview.check.past.length })
                  : t('schedule.infeasibleLate')}
              </p>
            )}
            <p>
              {t('schedule.earliestTarget')}{' '}
              <strong className="mono" data-testid="earliest-target">
                {preview.check.earliest_target}
              </strong>
              {!preview.saved && preview.check.earliest_target !== preview.target_on && (
                <button
                  type="button"
                  className="button-small"
                  disabled={busy}
                  onClick={() => adopt(preview.check.earliest_target)}
                >
                  {t('schedule.adoptEarliest')}
                </button>
              )}
            </p>
            {infeasible && (
              <label className="schedule-confirm">
                <input
                  type="checkbox"
                  checked={confirmInfeasible}
                  onChange={(event) => setConfirmInfeasible(event.target.checked)}
                />
                {t('schedule.confirmInfeasible')}
              </label>
            )}
          </div>
        )}
        {error && (
          <p className="form-error" role="alert">
            {say(error)}
          </p>
        )}
        <div className="form-actions">
          <button type="submit" className="button-small" disabled={busy}>
            {t('schedule.preview')}
          </button>
          <button
            type="button"
            className="button-small button-accent"
            disabled={busy || !preview || preview.saved || (infeasible && !confirmInfeasible)}
            onClick={() => void run(true)}
          >
            {t('schedule.save')}
          </button>
          <button
            type="button"
            className="button-small button-plain"
            onClick={() => dialogRef.current?.close()}
          >
            {t('schedule.cancel')}
          </button>
        </div>
      </form>
    </dialog>
  )
}
