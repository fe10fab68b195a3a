import { useQuery } from '@tanstack/react-query'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { queryKeys } from '../../api/query-keys'
import { formatTimestamp } from '../../i18n/formatters'
import { type FileOwner, fieldApi } from './field-api'
import { FilePreview, type PreviewItem } from './file-preview'
import './field.css'

/**
 * A record's inspections, newest first: finding, author and time, note, and the photos as the server's thumbnails;
 * a photo opens at full size in the lightbox, with the inspection's other photos a swipe of ← → away.
 */
export function InspectionTimeline({ subject }: { subject: { type: FileOwner; id: number } }) {
  const { t } = useTranslation()
  const [preview, setPreview] = useState<{ items: PreviewItem[]; start: number } | null>(null)
  const query = useQuery({
    queryKey: [...queryKeys.inspections, subject.type, subject.id],
    queryFn: ({ signal }) => fieldApi.inspections(subject.type, subject.id, signal),
  })
  const inspections = query.data?.inspections ?? []
  if (query.isError) return <p className="panel-error">{query.error.message}</p>
  if (inspections.length === 0) return <p className="panel-note">{t('field.noInspections')}</p>
  return (
    <>
      <ol className="inspection-timeline" data-testid="inspection-timeline">
        {inspections.map((inspection) => {
          const photos = inspection.photos.map((photo) => ({
            url: fieldApi.photoUrl(inspection.id, photo.seq),
            name: t('field.photoAlt', { n: photo.seq }),
            kind: 'image' as const,
          }))
          return (
            <li key={inspection.id} className={`inspection inspection-${inspection.finding}`}>
              <p>
                <span className={`finding-badge finding-${inspection.finding}`}>
                  {t(`field.${inspection.finding}`)}
                </span>{' '}
                <span className="secondary">
                  {t('field.by', {
                    author: inspection.author,
                    time: formatTimestamp(inspection.inspected_at),
                  })}
                </span>
              </p>
              {inspection.note && <p className="inspection-note">{inspection.note}</p>}
              {inspection.photos.length > 0 && (
                <div className="inspection-photos">
                  {inspection.photos.map((photo, index) => (
                    <a
                      key={photo.seq}
                      href={fieldApi.photoUrl(inspection.id, photo.seq)}
                      aria-haspopup="dialog"
                      onClick={(event) => {
                        event.preventDefault()
                        setPreview({ items: photos, start: index })
                      }}
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
          )
        })}
      </ol>
      {preview && (
        <FilePreview items={preview.items} start={preview.start} onClose={() => setPreview(null)} />
      )}
    </>
  )
}
