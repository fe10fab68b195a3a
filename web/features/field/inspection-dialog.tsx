import { type FormEvent, useEffect, useId, useRef, useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { MilestoneKind } from '../../../server/domain/vocabulary'
import { enqueueInspection, syncInspections } from './inspection-queue'

export interface InspectionSubject {
  type: 'parcel' | 'project' | 'milestone' | 'blocker' | 'order'
  id: number
  kind?: MilestoneKind
  /** what the user knows it by: a parcel's code, a project's name */
  label: string
}

type Position = { lon: number; lat: number; accuracy: number }

/**
 * Records an inspection on site: a finding, a note and photos (camera or gallery), with the device's position
 * when it gives one. Saving writes to the phone first (IndexedDB) and then tries to send, so it works offline.
 */
export function InspectionDialog({
  subject,
  onClose,
  onSaved,
}: {
  subject: InspectionSubject
  onClose: () => void
  onSaved?: () => void
}) {
  const { t } = useTranslation()
  const id = useId()
  const dialogRef = useRef<HTMLDialogElement>(null)
  const [finding, setFinding] = useState<'normal' | 'problem'>('normal')
  const [note, setNote] = useState('')
  const [photos, setPhotos] = useState<File[]>([])
  const [position, setPosition] = useState<Position | null | 'pending'>('pending')
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)

  useEffect(() => {
    const dialog = dialogRef.current
    if (dialog && !dialog.open) dialog.showModal()
  }, [])

  // the device's position, asked once when the form opens (the photos' EXIF is the server's fallback)
  useEffect(() => {
    if (!('geolocation' in navigator)) {
      setPosition(null)
      return
    }
    let live = true
    navigator.geolocation.getCurrentPosition(
      (p) => {
        if (live)
          setPosition({ lon: p.coords.longitude, lat: p.coords.latitude, accuracy: p.coords.accuracy })
      },
      () => {
        if (live) setPosition(null)
      },
      { enableHighAccuracy: true, timeout: 15_000, maximumAge: 60_000 },
    )
    return () => {
      live = false
    }
  }, [])

  const submit = async (event: FormEvent) => {
    event.preventDefault()
    setBusy(true)
    setError(null)
    try {
      const located = position !== 'pending' && position !== null ? position : null
      await enqueueInspection({
        client_id: crypto.randomUUID(),
        subject_type: subject.type,
        subject_id: subject.id,
        ...(subject.kind ? { milestone_kind: subject.kind } : {}),
        subject_label: subject.label,
        finding,
        note: note.trim(),
        ...(located ? { lon: located.lon, lat: located.lat, accuracy_m: located.accuracy } : {}),
        inspected_at: new Date().toISOString(),
        photos: photos.map((file) => ({ name: file.name, blob: file })),
      })
      void syncInspections()
      onSaved?.()
      dialogRef.current?.close()
    } catch (failure) {
      setError(failure instanceof Error ? failure.message : String(failure))
      setBusy(false)
    }
  }

  return (
    <dialog
      ref={dialogRef}
      className="dialog inspection-dialog"
      aria-labelledby={`${id}-title`}
      onClose={onClose}
    >
      <form onSubmit={(event) => void submit(event)}>
        <h3 id={`${id}-title`}>{t('field.inspectTitle', { subject: subject.label })}</h3>
        <fieldset className="finding">
          <legend>{t('field.finding')}</legend>
          {(['normal', 'problem'] as const).map((value) => (
            <label key={value} className={`finding-option finding-${value}`}>
              <input
                type="radio"
                name={`${id}-finding`}
                value={value}
                checked={finding === value}
                onChange={() => setFinding(value)}
              />
              {t(`field.${value}`)}
            </label>
          ))}
        </fieldset>
        <label className="field" htmlFor={`${id}-note`}>
          {t('field.note')}
          <textarea
            id={`${id}-note`}
            rows={3}
            maxLength={4000}
            value={note}
            placeholder={t('field.notePlaceholder')}
            onChange={(event) => setNote(event.target.value)}
          />
        </label>
        <label className="field" htmlFor={`${id}-photos`}>
          {t('field.addPhotos')}
          <input
            id={`${id}-photos`}
            type="file"
            accept="image/jpeg,image/png,image/webp"
            multiple
            onChange={(event) => setPhotos([...(event.target.files ?? [])].slice(0, 10))}
          />
        </label>
        {photos.length > 0 && <p className="panel-note">{t('field.photoCount', { count: photos.length })}</p>}
        <p className="panel-note" role="status" data-testid="inspection-position">
          {position === 'pending'
            ? t('field.locating')
            : position
              ? t('field.located', {
                  lat: position.lat.toFixed(6),
                  lon: position.lon.toFixed(6),
                  accuracy: Math.round(position.accuracy),
                })
              : t('field.noPosition')}
        </p>
        {error && (
          <p className="form-error" role="alert">
            {error}
          </p>
        )}
        <div className="form-actions">
          <button type="submit" className="button-small button-accent" disabled={busy}>
            {t('field.save')}
          </button>
          <button
            type="button"
            className="button-small button-plain"
            onClick={() => dialogRef.current?.close()}
          >
            {t('field.cancel')}
          </button>
        </div>
      </form>
    </dialog>
  )
}
