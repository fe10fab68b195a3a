import { useQuery } from '@tanstack/react-query'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { apiFetch } from '../../api/client'
import { queries } from '../../api/queries'
import { DocumentsSection } from './documents-section'
import { InspectionDialog, type InspectionSubject } from './inspection-dialog'
import { discardInspection } from './inspection-queue'
import { InspectionTimeline } from './inspection-timeline'
import { useInspectionQueue } from './use-inspection-queue'
import './field.css'

type Subject = { type: 'parcel' | 'project'; id: number; label: string }

/**
 * A parcel's or a project's field records: "record inspection" (for the roles that inspect), its inspections with
 * their photos, and its documents with their versions and an upload.
 */
export function FieldSection({ subject }: { subject: Subject }) {
  const { t } = useTranslation()
  // every role inspects and attaches papers (the permission table: land officers, investment teams, leaders, admins)
  const canWrite = useQuery(queries.me()).data !== undefined
  const [inspecting, setInspecting] = useState<InspectionSubject | null>(null)
  return (
    <>
      <section className="panel-section" aria-label={t('field.timeline')}>
        <div className="section-head">
          <h3>{t('field.timeline')}</h3>
          {canWrite && (
            <button
              type="button"
              className="button-small"
              onClick={() => setInspecting({ type: subject.type, id: subject.id, label: subject.label })}
            >
              {t('field.inspect')}
            </button>
          )}
        </div>
        <InspectionQueue />
        <InspectionTimeline subject={subject} />
      </section>
      <DocumentsSection subject={subject} canWrite={canWrite} />
      {inspecting && <InspectionDialog subject={inspecting} onClose={() => setInspecting(null)} />}
    </>
  )
}

/** The records waiting on this device, and those the server refused, with why. */
export function InspectionQueue() {
  const { t } = useTranslation()
  const queue = useInspectionQueue()
  const troubled = queue.items.filter((item) => item.state !== 'queued')
  if (queue.items.length === 0) return null
  return (
    <div className="inspection-queue" role="status" data-testid="inspection-queue">
      {queue.waiting > 0 && (
        <p className="panel-note">
          {t('field.queue', { count: queue.waiting })}
          {!queue.online && ` · ${t('field.offline')}`}{' '}
          <button type="button" className="button-small" onClick={() => void queue.sync()}>
            {t('field.sendNow')}
          </button>
        </p>
      )}
      {troubled.map((item) => (
        <p key={item.client_id} className="form-error">
          {item.subject_label}:{' '}
          {item.state === 'conflict'
            ? t('field.conflict')
            : t('field.refused', { message: item.error ?? '' })}{' '}
          <button
            type="button"
            className="button-small button-plain"
            onClick={() => void discardInspection(item.client_id)}
          >
            {t('field.discard')}
          </button>
        </p>
      ))}
    </div>
  )
}

/**
 * For a field team: finds the parcel under the device's position and opens it (the parcels whose shape meets the
 * point, asked of the API like any list).
 */
export function InspectHereButton({ onSelectParcel }: { onSelectParcel: (id: number) => void }) {
  const { t } = useTranslation()
  const [message, setMessage] = useState<string | null>(null)
  const locate = () => {
    setMessage(t('field.locating'))
    navigator.geolocation.getCurrentPosition(
      async ({ coords }) => {
        try {
          const { longitude: lon, latitude: lat } = coords
          // a box of about a metre around the position (a box of no size meets nothing)
          const d = 0.00001
          const box = [lon - d, lat - d, lon + d, lat + d].map((v) => v.toFixed(6)).join(',')
          const response = await apiFetch(`/api/parcels?bbox=${box}&limit=5`, {
            headers: { Accept: 'application/json' },
          })
          const found = (await response.json()) as { features: { id?: number; properties: { id: number } }[] }
          const first = found.features[0]
          if (!first) {
            setMessage(t('field.noParcelHere'))
            return
          }
          setMessage(null)
          onSelectParcel(first.properties.id)
        } catch (failure) {
          setMessage(
            t('field.locationDenied', {
              message: failure instanceof Error ? failure.message : String(failure),
            }),
          )
        }
      },
      (failure) => setMessage(t('field.locationDenied', { message: failure.message })),
      { enableHighAccuracy: true, timeout: 15_000, maximumAge: 30_000 },
    )
  }
  return (
    <div className="inspect-here">
      <button type="button" className="button-quiet board-open" onClick={locate}>
        {t('field.inspectHere')}
      </button>
      {message && (
        <p className="panel-note" role="status">
          {message}
        </p>
      )}
      <InspectionQueue />
    </div>
  )
}
