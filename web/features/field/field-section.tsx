import { useQuery, useQueryClient } from '@tanstack/react-query'
import { type ChangeEvent, useId, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { MILESTONE_KINDS, type MilestoneKind } from '../../../server/domain/vocabulary'
import { invalidateResources } from '../../api/change-invalidation'
import { apiFetch } from '../../api/client'
import { queries } from '../../api/queries'
import { queryKeys } from '../../api/query-keys'
import { formatTimestamp } from '../../i18n/formatters'
import { type Document, fieldApi } from './field-api'
import { InspectionDialog, type InspectionSubject } from './inspection-dialog'
import { discardInspection } from './inspection-queue'
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

function InspectionTimeline({ subject }: { subject: Subject }) {
  const { t } = useTranslation()
  const query = useQuery({
    queryKey: [...queryKeys.inspections, subject.type, subject.id],
    queryFn: ({ signal }) => fieldApi.inspections(subject.type, subject.id, signal),
  })
  const inspections = query.data?.inspections ?? []
  if (query.isError) return <p className="panel-error">{query.error.message}</p>
  if (inspections.length === 0) return <p className="panel-note">{t('field.noInspections')}</p>
  return (
    <ol className="inspection-timeline" data-testid="inspection-timeline">
      {inspections.map((inspection) => (
        <li key={inspection.id} className={`inspection inspection-${inspection.finding}`}>
          <p>
            <span className={`finding-badge finding-${inspection.finding}`}>
              {t(`field.${inspection.finding}`)}
            </span>{' '}
            <span className="secondary">
              {t('field.by', { author: inspection.author, time: formatTimestamp(inspection.inspected_at) })}
            </span>
          </p>
          {inspection.note && <p className="inspection-note">{inspection.note}</p>}
          {inspection.photos.length > 0 && (
            <div className="inspection-photos">
              {inspection.photos.map((photo) => (
                <a
                  key={photo.seq}
                  href={fieldApi.photoUrl(inspection.id, photo.seq)}
                  target="_blank"
                  rel="noreferrer"
                >
                  <img
                    src={fieldApi.thumbUrl(inspection.id, photo.seq)}
                    alt={t('field.photoAlt', { n: photo.seq })}
                    loading="lazy"
                    width={72}
                    height={54}
                  />
                </a>
              ))}
            </div>
          )}
        </li>
      ))}
    </ol>
  )
}

/** Documents grouped by name, the newest version first; earlier versions fold under it. */
function DocumentsSection({ subject, canWrite }: { subject: Subject; canWrite: boolean }) {
  const { t } = useTranslation()
  const id = useId()
  const queryClient = useQueryClient()
  const [milestone, setMilestone] = useState<MilestoneKind | ''>('')
  const [status, setStatus] = useState<{ kind: 'busy' | 'done' | 'error'; text: string } | null>(null)
  const query = useQuery({
    queryKey: [...queryKeys.documents, subject.type, subject.id],
    queryFn: ({ signal }) => fieldApi.documents(subject.type, subject.id, signal),
  })
  const groups = new Map<string, Document[]>()
  for (const doc of query.data?.documents ?? []) {
    const key = `${doc.milestone_kind ?? ''}/${doc.name}`
    groups.set(key, [...(groups.get(key) ?? []), doc])
  }

  const upload = async (event: ChangeEvent<HTMLInputElement>) => {
    const input = event.target
    const file = input.files?.[0]
    if (!file) return
    setStatus({ kind: 'busy', text: t('field.uploading') })
    try {
      const target =
        subject.type === 'parcel' && milestone
          ? { type: 'milestone' as const, id: subject.id, kind: milestone }
          : { type: subject.type, id: subject.id }
      const doc = await fieldApi.uploadDocument(target, file)
      setStatus({
        kind: 'done',
        text: t('field.uploaded', { name: `${doc.name} (${t('field.version', { version: doc.version })})` }),
      })
      await invalidateResources(queryClient, ['documents'])
    } catch (failure) {
      setStatus({
        kind: 'error',
        text: t('field.uploadFailed', {
          message: failure instanceof Error ? failure.message : String(failure),
        }),
      })
    } finally {
      input.value = ''
    }
  }

  return (
    <section className="panel-section" aria-label={t('field.documents')}>
      <h3>{t('field.documents')}</h3>
      {groups.size === 0 ? (
        <p className="panel-note">{t('field.noDocuments')}</p>
      ) : (
        <ul className="documents" data-testid="documents">
          {[...groups.values()].map(([latest, ...older]) =>
            latest ? (
              <li key={latest.id}>
                <DocumentLink doc={latest} />
                {older.length > 0 && (
                  <details>
                    <summary>{t('field.olderVersions')}</summary>
                    <ul>
                      {older.map((doc) => (
                        <li key={doc.id}>
                          <DocumentLink doc={doc} />
                        </li>
                      ))}
                    </ul>
                  </details>
                )}
              </li>
            ) : null,
          )}
        </ul>
      )}
      {canWrite && (
        <div className="document-upload">
          {subject.type === 'parcel' && (
            <label className="field" htmlFor={`${id}-milestone`}>
              {t('field.uploadFor')}
              <select
                id={`${id}-milestone`}
                value={milestone}
                onChange={(event) => setMilestone(event.target.value as MilestoneKind | '')}
              >
                <option value="">{t('field.wholeRecord')}</option>
                {MILESTONE_KINDS.map((kind) => (
                  <option key={kind} value={kind}>
                    {t(`milestoneKind.${kind}`)}
                  </option>
                ))}
              </select>
            </label>
          )}
          <label className="field" htmlFor={`${id}-file`}>
            {t('field.upload')}
            <input
              id={`${id}-file`}
              type="file"
              accept=".pdf,.docx,.xlsx,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png"
              onChange={(event) => void upload(event)}
            />
          </label>
          <p className="panel-note">{t('field.accepted')}</p>
          {status && (
            <p
              className={status.kind === 'error' ? 'form-error' : 'panel-note'}
              role={status.kind === 'error' ? 'alert' : 'status'}
            >
              {status.text}
            </p>
          )}
        </div>
      )}
    </section>
  )
}

function DocumentLink({ doc }: { doc: Document }) {
  const { t } = useTranslation()
  return (
    <span className="document">
      <a href={fieldApi.documentUrl(doc.id)} target="_blank" rel="noreferrer">
        {doc.name}
      </a>{' '}
      <span className="secondary">
        {doc.milestone_kind && `${t(`milestoneKind.${doc.milestone_kind as MilestoneKind}`)} · `}
        {t('field.version', { version: doc.version })} · {doc.uploaded_by} ·{' '}
        {formatTimestamp(doc.uploaded_at)}
      </span>
    </span>
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
