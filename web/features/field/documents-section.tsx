import { useQuery, useQueryClient } from '@tanstack/react-query'
import { type ChangeEvent, type MouseEvent, useId, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { MILESTONE_KINDS, type MilestoneKind } from '../../../server/domain/vocabulary'
import { invalidateResources } from '../../api/change-invalidation'
import { queryKeys } from '../../api/query-keys'
import { formatTimestamp } from '../../i18n/formatters'
import { type Document, type FileOwner, fieldApi } from './field-api'
import { FilePreview, type PreviewItem, previewKind } from './file-preview'
import './field.css'

/** Whose documents: a parcel (with its milestones'), a project, an order, or one milestone of a parcel. */
export type DocumentsOf =
  | { type: FileOwner; id: number }
  | { type: 'milestone'; id: number; kind: MilestoneKind }

type DocumentsSectionProps = {
  subject: DocumentsOf
  canWrite: boolean
  /** the heading: 文件 by default (an order says 附件) */
  title?: string
  /** a region of its own (a panel's section); false inside a form that is one already (a milestone's) */
  region?: boolean
  /** the heading's level: a panel's section is h3, a card's part (an order's, a milestone's) h5 */
  level?: 'h3' | 'h5'
}

/**
 * A record's documents grouped by name, the newest version first and the earlier ones folded under it, each image
 * or PDF opened in a preview; and, for those who may, an upload (a file of a name already there becomes its next
 * version). A parcel's upload may go to one of its milestones.
 */
export function DocumentsSection({
  subject,
  canWrite,
  title,
  region = true,
  level: Heading = 'h3',
}: DocumentsSectionProps) {
  const { t } = useTranslation()
  const id = useId()
  const queryClient = useQueryClient()
  const [milestone, setMilestone] = useState<MilestoneKind | ''>('')
  const [status, setStatus] = useState<{ kind: 'busy' | 'done' | 'error'; text: string } | null>(null)
  const [preview, setPreview] = useState<PreviewItem | null>(null)
  // a milestone's documents are its parcel's, of its kind: one read serves the parcel and its milestones
  const owner = subject.type === 'milestone' ? ('parcel' as const) : subject.type
  const query = useQuery({
    queryKey: [...queryKeys.documents, owner, subject.id],
    queryFn: ({ signal }) => fieldApi.documents(owner, subject.id, signal),
  })
  const groups = new Map<string, Document[]>()
  for (const doc of query.data?.documents ?? []) {
    if (subject.type === 'milestone' && doc.milestone_kind !== subject.kind) continue
    const key = `${doc.milestone_kind ?? ''}/${doc.name}`
    groups.set(key, [...(groups.get(key) ?? []), doc])
  }
  const heading = title ?? t('field.documents')

  const upload = async (event: ChangeEvent<HTMLInputElement>) => {
    const input = event.target
    const file = input.files?.[0]
    if (!file) return
    setStatus({ kind: 'busy', text: t('field.uploading') })
    try {
      const target =
        subject.type === 'milestone'
          ? subject
          : subject.type === 'parcel' && milestone
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

  const body = (
    <>
      <Heading className="documents-title">{heading}</Heading>
      {query.isError && !query.data ? (
        <p className="panel-error">{query.error.message}</p>
      ) : groups.size === 0 ? (
        <p className="panel-note">{query.data ? t('field.noDocuments') : t('panel.loading')}</p>
      ) : (
        <ul className="documents" data-testid="documents">
          {[...groups.values()].map(([latest, ...older]) =>
            latest ? (
              <li key={latest.id}>
                <DocumentLink doc={latest} onPreview={setPreview} />
                {older.length > 0 && (
                  <details>
                    <summary>{t('field.olderVersions')}</summary>
                    <ul>
                      {older.map((doc) => (
                        <li key={doc.id}>
                          <DocumentLink doc={doc} onPreview={setPreview} />
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
      {preview && <FilePreview items={[preview]} onClose={() => setPreview(null)} />}
    </>
  )
  return region ? (
    <section className="panel-section documents-section" aria-label={heading}>
      {body}
    </section>
  ) : (
    <div className="documents-section">{body}</div>
  )
}

/**
 * One version: its name (an image or a PDF opens in the preview; a middle click or a long press still opens the
 * file itself), an image's thumbnail, and its milestone, version, author and time.
 */
function DocumentLink({ doc, onPreview }: { doc: Document; onPreview: (item: PreviewItem) => void }) {
  const { t } = useTranslation()
  const url = fieldApi.documentUrl(doc.id)
  const kind = previewKind(doc.media_type)
  const open = kind
    ? (event: MouseEvent<HTMLAnchorElement>) => {
        // with a modifier the browser opens the file itself (a new tab, a download)
        if (event.ctrlKey || event.metaKey || event.shiftKey || event.altKey) return
        event.preventDefault()
        onPreview({ url, name: doc.name, kind })
      }
    : undefined
  return (
    <span className="document" data-document-id={doc.id}>
      <a
        href={url}
        target="_blank"
        rel="noreferrer"
        onClick={open}
        aria-haspopup={kind ? 'dialog' : undefined}
        title={kind ? t('field.preview.open') : t('field.preview.download')}
      >
        {kind === 'image' && (
          <img
            className="document-thumb"
            src={fieldApi.documentThumbUrl(doc.id)}
            alt=""
            loading="lazy"
            width={48}
            height={36}
          />
        )}
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
