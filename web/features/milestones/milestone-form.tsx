import { type FormEvent, useId, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { ApiError, api } from '../../api/client'
import type { Milestone, MilestonePatchBody, ParcelDetail } from '../../api/types'
import { DocumentsSection } from '../field/documents-section'
import { type ShownError, useShownError } from './shown-error'

type MilestoneFormProps = {
  parcelId: number
  milestone: Milestone
  /** the milestone's version when this edit began: sent with the change, so a change made since answers 409 */
  version: number
  today: string
  onSaved: (detail: ParcelDetail) => void
  onReload: () => void
  onCancel: () => void
}

type Conflict = { planned_on?: string | null; actual_on?: string | null; owner?: string | null }

/**
 * Edits one milestone: mark it done (actual date, today by default), move its planned date, change its owner
 * or note, with a reason for the history. Sends the milestone's version; a 409 shows the current values. Below, the
 * milestone's documents and an upload: a milestone the zone says needs its paper is marked done once one is here.
 */
export function MilestoneForm({
  parcelId,
  milestone,
  version,
  today,
  onSaved,
  onReload,
  onCancel,
}: MilestoneFormProps) {
  const { t } = useTranslation()
  const say = useShownError()
  const id = useId()
  const [actualOn, setActualOn] = useState(milestone.actual_on ?? '')
  const [plannedOn, setPlannedOn] = useState(milestone.planned_on ?? '')
  const [owner, setOwner] = useState(milestone.owner ?? '')
  const [note, setNote] = useState(milestone.note ?? '')
  const [reason, setReason] = useState('')
  const [saving, setSaving] = useState(false)
  const [error, setError] = useState<ShownError | null>(null)
  const [conflict, setConflict] = useState<Conflict | null>(null)
  const kind = t(`milestoneKind.${milestone.kind}`)
  const none = t('common.none')

  const submit = async (event: FormEvent) => {
    event.preventDefault()
    const body: MilestonePatchBody = { version }
    const changed = (value: string, before: string | null) => value.trim() !== (before ?? '')
    if (changed(actualOn, milestone.actual_on)) body.actual_on = actualOn || null
    if (changed(plannedOn, milestone.planned_on)) body.planned_on = plannedOn || null
    if (changed(owner, milestone.owner)) body.owner = owner.trim() || null
    if (changed(note, milestone.note)) body.note = note.trim() || null
    if (Object.keys(body).length === 1) {
      setError({ key: 'milestoneForm.nothingChanged' })
      return
    }
    if (reason.trim()) body.reason = reason.trim()
    setSaving(true)
    setError(null)
    setConflict(null)
    try {
      onSaved(await api.patchMilestone(parcelId, milestone.kind, body))
    } catch (failure) {
      if (failure instanceof ApiError && failure.code === 'version_conflict') {
        const current = (failure.details[0] as { current?: Conflict } | undefined)?.current
        setConflict(current ?? {})
      } else {
        setError({ key: 'milestoneForm.failed', failure })
      }
    } finally {
      setSaving(false)
    }
  }

  return (
    <form className="milestone-form" onSubmit={submit} aria-labelledby={`${id}-title`}>
      <h4 id={`${id}-title`}>{t('milestoneForm.title', { kind })}</h4>
      <div className="form-grid">
        <label htmlFor={`${id}-actual`}>{t('milestoneForm.actualOn')}</label>
        <div className="form-inline">
          <input
            id={`${id}-actual`}
            type="date"
            value={actualOn}
            max={today}
            onChange={(event) => setActualOn(event.target.value)}
          />
          <button type="button" className="button-small" onClick={() => setActualOn(today)}>
            {t('milestoneForm.markDone')}
          </button>
          {actualOn && (
            <button type="button" className="button-small button-plain" onClick={() => setActualOn('')}>
              {t('milestoneForm.clearActual')}
            </button>
          )}
        </div>
        <label htmlFor={`${id}-planned`}>{t('milestoneForm.plannedOn')}</label>
        <input
          id={`${id}-planned`}
          type="date"
          value={plannedOn}
          onChange={(event) => setPlannedOn(event.target.value)}
        />
        <label htmlFor={`${id}-owner`}>{t('milestoneForm.owner')}</label>
        <input
          id={`${id}-owner`}
          value={owner}
          maxLength={100}
          onChange={(event) => setOwner(event.target.value)}
        />
        <label htmlFor={`${id}-note`}>{t('milestoneForm.note')}</label>
        <textarea id={`${id}-note`} value={note} rows={2} onChange={(event) => setNote(event.target.value)} />
        <label htmlFor={`${id}-reason`}>{t('milestoneForm.reason')}</label>
        <input
          id={`${id}-reason`}
          value={reason}
          maxLength={500}
          onChange={(event) => setReason(event.target.value)}
        />
      </div>
      {error && (
        <p className="form-error" role="alert">
          {say(error)}
        </p>
      )}
      {conflict && (
        <div className="form-error" role="alert">
          <p>{t('milestoneForm.conflict')}</p>
          <p className="mono">
            {t('milestoneForm.current', {
              planned: conflict.planned_on ?? none,
              actual: conflict.actual_on ?? none,
              owner: conflict.owner ?? none,
            })}
          </p>
          <button type="button" className="button-small" onClick={onReload}>
            {t('milestoneForm.reload')}
          </button>
        </div>
      )}
      <div className="form-actions">
        <button type="submit" className="button-small button-accent" disabled={saving}>
          {saving ? t('milestoneForm.saving') : t('milestoneForm.save')}
        </button>
        <button type="button" className="button-small button-plain" onClick={onCancel}>
          {t('milestoneForm.cancel')}
        </button>
      </div>
      {/* the milestone's own papers, where a rule that it needs one (交地 → 交地确认书) is met */}
      <DocumentsSection
        subject={{ type: 'milestone', id: parcelId, kind: milestone.kind }}
        canWrite
        title={t('field.milestoneDocuments', { kind })}
        region={false}
        level="h5"
      />
    </form>
  )
}
