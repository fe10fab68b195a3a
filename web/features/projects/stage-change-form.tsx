import { useQueryClient } from '@tanstack/react-query'
import { type FormEvent, useEffect, useId, useRef, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { checkStageTransition } from '../../../server/domain/project'
import { PROJECT_STAGES, type ProjectStage } from '../../../server/domain/vocabulary'
import { invalidateResources } from '../../api/change-invalidation'
import { api } from '../../api/client'
import type { Project } from '../../api/types'
import { type ShownError, useShownError } from '../milestones/shown-error'

type StageChangeFormProps = {
  project: Pick<Project, 'id' | 'name' | 'stage' | 'version'>
  /** the stage proposed (a drag's column); the following one by default */
  to?: ProjectStage
  /** the zone's today (YYYY-MM-DD): the default and latest date of the change */
  today: string
  /** the form's heading */
  title: string
  /** a dialog over the board (a drag or the card's button) rather than a section of the project's panel */
  dialog?: boolean
  /** focus the reason when the form opens (the board's dialog) */
  autoFocus?: boolean
  onDone?: (stage: ProjectStage) => void
  onCancel?: () => void
}

/** The stage a project goes to next by default: the following one, or dropped from the last. */
export function nextStage(stage: ProjectStage): ProjectStage {
  const next = PROJECT_STAGES[PROJECT_STAGES.indexOf(stage) + 1]
  return next && next !== 'dropped' ? next : stage === 'dropped' ? 'lead' : 'dropped'
}

/**
 * A project's stage change with its date and reason, in the board's dialog and in the project's panel alike. The
 * reason is required where the stage rules ask for one (moving back, dropping, reopening); the server checks the
 * same rules, and its refusal is shown here in the interface's language with nothing typed lost.
 */
export function StageChangeForm({
  project,
  to: proposed,
  today,
  title,
  dialog = false,
  autoFocus = false,
  onDone,
  onCancel,
}: StageChangeFormProps) {
  const { t } = useTranslation()
  const say = useShownError()
  const queryClient = useQueryClient()
  const id = useId()
  const [to, setTo] = useState<ProjectStage>(proposed ?? nextStage(project.stage))
  const [on, setOn] = useState(today)
  const [reason, setReason] = useState('')
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<ShownError | null>(null)
  const reasonRef = useRef<HTMLInputElement>(null)
  const needsReason = !checkStageTransition(project.stage, to, undefined).ok

  useEffect(() => {
    if (autoFocus) reasonRef.current?.focus()
  }, [autoFocus])

  const submit = (event: FormEvent) => {
    event.preventDefault()
    setBusy(true)
    setError(null)
    api
      .changeStage(project.id, {
        stage: to,
        on: on || undefined,
        note: reason.trim() || undefined,
        version: project.version,
      })
      .then(
        () => {
          setReason('')
          // a stage may acquire or drop the land: the parcels are read again too
          void invalidateResources(queryClient, ['projects', 'parcels'])
          onDone?.(to)
        },
        (e: unknown) => setError({ key: 'invest.failed', failure: e }),
      )
      .finally(() => setBusy(false))
  }

  return (
    <form
      className={dialog ? 'board-move' : 'stage-change'}
      role={dialog ? 'dialog' : undefined}
      aria-labelledby={`${id}-title`}
      onSubmit={submit}
    >
      <h3 id={`${id}-title`}>{title}</h3>
      <p className="secondary">
        {t('pipeline.board.moveFrom', {
          from: t(`projectStage.${project.stage}`),
          to: t(`projectStage.${to}`),
        })}
      </p>
      <div className="inline-form">
        <label>
          {t('pipeline.board.to')}
          <select value={to} onChange={(e) => setTo(e.target.value as ProjectStage)}>
            {PROJECT_STAGES.filter((s) => s !== project.stage).map((s) => (
              <option key={s} value={s}>
                {t(`projectStage.${s}`)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('pipeline.board.on')}
          <input type="date" value={on} max={today} onChange={(e) => setOn(e.target.value)} required />
        </label>
        <label className="board-move-reason">
          {needsReason ? t('pipeline.board.reasonRequired') : t('pipeline.board.reasonOptional')}
          <input
            ref={reasonRef}
            value={reason}
            onChange={(e) => setReason(e.target.value)}
            required={needsReason}
            maxLength={2000}
          />
        </label>
      </div>
      <div className="form-actions">
        <button type="submit" className="button-small button-accent" disabled={busy}>
          {busy ? t('pipeline.form.saving') : t('pipeline.board.confirm')}
        </button>
        {onCancel && (
          <button type="button" className="button-small" onClick={onCancel}>
            {t('pipeline.board.cancel')}
          </button>
        )}
      </div>
      {error && (
        <p className="panel-error" role="alert">
          {say(error)}
        </p>
      )}
    </form>
  )
}
