import type { ReactNode } from 'react'
import { useTranslation } from 'react-i18next'

type PanelFrameProps = {
  headingId: string
  heading: string
  onClose?: () => void
  accent?: ReactNode
  children: ReactNode
}

/** The side panel's frame: a complementary landmark named by its heading, with a close button. */
export function PanelFrame({ headingId, heading, onClose, accent, children }: PanelFrameProps) {
  const { t } = useTranslation()
  return (
    // the explicit role keeps the landmark even where an <aside> nested in a section would lose it
    // biome-ignore lint/a11y/noRedundantRoles: see above
    <aside className="panel" role="complementary" aria-labelledby={headingId}>
      <header className="panel-header">
        <div className="panel-title">
          <h2 id={headingId}>{heading}</h2>
          {accent}
        </div>
        {onClose && (
          <button type="button" className="panel-close" onClick={onClose} aria-label={t('panel.close')}>
            <span aria-hidden="true">×</span>
          </button>
        )}
      </header>
      <div className="panel-body">{children}</div>
    </aside>
  )
}
