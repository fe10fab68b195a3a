import { useEffect, useId, useRef, useState } from 'react'
import { useTranslation } from 'react-i18next'

/** A file the browser shows itself: a photo or an image document, or a PDF. */
export interface PreviewItem {
  /** the full file (GET /api/documents/:id/content, GET /api/inspections/:id/photos/:seq) */
  url: string
  name: string
  kind: 'image' | 'pdf'
}

/** How a file of `mediaType` is previewed in the page, or null when it is only downloaded (DOCX, XLSX). */
export function previewKind(mediaType: string): PreviewItem['kind'] | null {
  if (mediaType === 'application/pdf') return 'pdf'
  if (mediaType.startsWith('image/')) return 'image'
  return null
}

/**
 * A lightbox over the page: a photo at full size or a PDF in the browser's own viewer, with the file's name, a link
 * that opens it in a new tab, and — for a set of photos — the previous and next (buttons, ← and →). Closes with its
 * button, Esc or a tap beside it; the whole screen on a phone. A browser without a PDF viewer (Chrome on Android)
 * gets the link instead of an empty frame.
 */
export function FilePreview({
  items,
  start = 0,
  onClose,
}: {
  items: readonly PreviewItem[]
  start?: number
  onClose: () => void
}) {
  const { t } = useTranslation()
  const id = useId()
  const dialogRef = useRef<HTMLDialogElement>(null)
  const [index, setIndex] = useState(start)
  const item = items[index]
  const many = items.length > 1

  useEffect(() => {
    const dialog = dialogRef.current
    if (dialog && !dialog.open) dialog.showModal()
  }, [])

  const step = (by: number) => setIndex((i) => (i + by + items.length) % items.length)
  if (!item) return null
  const pdfShown = item.kind === 'pdf' && navigator.pdfViewerEnabled !== false

  return (
    <dialog
      ref={dialogRef}
      className="dialog file-preview"
      aria-labelledby={`${id}-title`}
      data-testid="file-preview"
      onClose={onClose}
      onClick={(event) => {
        // a tap on the backdrop (the dialog itself, outside its content) closes it
        if (event.target === event.currentTarget) dialogRef.current?.close()
      }}
      onKeyDown={(event) => {
        if (!many) return
        if (event.key === 'ArrowLeft') step(-1)
        if (event.key === 'ArrowRight') step(1)
      }}
    >
      <div className="file-preview-head">
        <h3 id={`${id}-title`}>
          {item.name}
          {many && (
            <span className="secondary">
              {' '}
              {t('field.preview.position', { n: index + 1, count: items.length })}
            </span>
          )}
        </h3>
        <a className="button-small button-plain" href={item.url} target="_blank" rel="noreferrer">
          {t('field.preview.newTab')}
        </a>
        <button type="button" className="button-small" onClick={() => dialogRef.current?.close()}>
          {t('field.preview.close')}
        </button>
      </div>
      <div className="file-preview-body">
        {item.kind === 'image' ? (
          <img src={item.url} alt={item.name} />
        ) : pdfShown ? (
          <iframe src={item.url} title={item.name} />
        ) : (
          <p className="panel-note">
            {t('field.preview.noPdfViewer')}{' '}
            <a href={item.url} target="_blank" rel="noreferrer">
              {t('field.preview.newTab')}
            </a>
          </p>
        )}
      </div>
      {many && (
        <div className="file-preview-nav">
          <button type="button" className="button-small" onClick={() => step(-1)}>
            {t('field.preview.previous')}
          </button>
          <button type="button" className="button-small" onClick={() => step(1)}>
            {t('field.preview.next')}
          </button>
        </div>
      )}
    </dialog>
  )
}
