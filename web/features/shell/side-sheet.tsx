import { type PointerEvent, type ReactNode, useRef, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { useNarrowScreen } from './use-narrow-screen'

type SideSheetProps = {
  /** what the panel shows (a parcel, a project, the overview…): a new key folds the sheet to its first view */
  openKey: string
  children: ReactNode
}

type SheetState = 'folded' | 'expanded'

/** A drag shorter than this (px) is a tap on the handle: it toggles. */
const DRAG_THRESHOLD = 24

/**
 * The side panel beside the map; on a phone, a bottom sheet over the map. Folded, it shows the panel's heading
 * and first lines under the map (the map keeps most of the screen); the handle expands it to nearly the whole
 * height and folds it again, by a tap or by dragging it up or down. What the panel shows changing (another
 * parcel tapped) folds it again, so the map stays in view.
 */
export function SideSheet({ openKey, children }: SideSheetProps) {
  const { t } = useTranslation()
  const narrow = useNarrowScreen()
  const [state, setState] = useState<SheetState>('folded')
  // another parcel, project or screen in the panel: folded again, so the map stays in view (adjusted while
  // rendering, not remounted: the panel's own state, an open dialog, must survive)
  const [shownKey, setShownKey] = useState(openKey)
  if (shownKey !== openKey) {
    setShownKey(openKey)
    setState('folded')
  }
  // while a drag is under way: where it started and how far it went (px, up is negative)
  const drag = useRef<{ startY: number; startHeight: number; pointerId: number } | null>(null)
  const sheet = useRef<HTMLDivElement>(null)
  // the sheet's height while it follows a finger (px), null otherwise
  const [height, setHeight] = useState<number | null>(null)

  const down = (event: PointerEvent<HTMLButtonElement>) => {
    const startHeight = sheet.current?.getBoundingClientRect().height ?? 0
    drag.current = { startY: event.clientY, startHeight, pointerId: event.pointerId }
    event.currentTarget.setPointerCapture(event.pointerId)
  }
  const move = (event: PointerEvent<HTMLButtonElement>) => {
    const started = drag.current
    if (started?.pointerId !== event.pointerId) return
    const moved = event.clientY - started.startY
    if (Math.abs(moved) > DRAG_THRESHOLD) setHeight(Math.max(48, started.startHeight - moved))
  }
  const up = (event: PointerEvent<HTMLButtonElement>) => {
    const started = drag.current
    if (started?.pointerId !== event.pointerId) return
    drag.current = null
    setHeight(null)
    const moved = event.clientY - started.startY
    if (moved < -DRAG_THRESHOLD) setState('expanded')
    else if (moved > DRAG_THRESHOLD) setState('folded')
    else setState((current) => (current === 'folded' ? 'expanded' : 'folded'))
  }
  const cancel = () => {
    drag.current = null
    setHeight(null)
  }

  // the same elements on a wide screen and a phone, so turning a phone or resizing the window keeps the panel's state
  return (
    <div
      ref={sheet}
      className={narrow ? 'side-panel bottom-sheet' : 'side-panel'}
      data-sheet={narrow ? state : undefined}
      data-dragging={narrow && height !== null ? 'true' : undefined}
      style={narrow && height !== null ? { height } : undefined}
    >
      {narrow && (
        <button
          type="button"
          className="sheet-handle"
          aria-expanded={state === 'expanded'}
          aria-label={state === 'expanded' ? t('sheet.fold') : t('sheet.expand')}
          onPointerDown={down}
          onPointerMove={move}
          onPointerUp={up}
          onPointerCancel={cancel}
          onKeyDown={(event) => {
            // the pointer handlers decide for a pointer; Enter and Space toggle
            if (event.key === 'Enter' || event.key === ' ') {
              event.preventDefault()
              setState((current) => (current === 'folded' ? 'expanded' : 'folded'))
            }
          }}
        >
          <span className="sheet-grip" aria-hidden="true" />
        </button>
      )}
      <div className="sheet-content">{children}</div>
    </div>
  )
}
