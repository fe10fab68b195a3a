import { type ReactNode, useEffect, useId, useRef, useState } from 'react'
import { useTranslation } from 'react-i18next'

type HeaderMenuProps = { children: ReactNode }

/**
 * On a phone the header's tools (who is signed in, import and export, language, 退出登录) do not fit beside the
 * brand: they go behind one menu button, and open as a list under the header. A click elsewhere or Escape closes it.
 */
export function HeaderMenu({ children }: HeaderMenuProps) {
  const { t } = useTranslation()
  const id = useId()
  const [open, setOpen] = useState(false)
  const root = useRef<HTMLDivElement>(null)

  useEffect(() => {
    if (!open) return
    const close = (event: Event) => {
      if (
        event instanceof KeyboardEvent
          ? event.key === 'Escape'
          : !root.current?.contains(event.target as Node)
      ) {
        setOpen(false)
      }
    }
    document.addEventListener('pointerdown', close)
    document.addEventListener('keydown', close)
    return () => {
      document.removeEventListener('pointerdown', close)
      document.removeEventListener('keydown', close)
    }
  }, [open])

  return (
    <div ref={root} className="header-menu">
      <button
        type="button"
        className="button-quiet header-menu-button"
        aria-expanded={open}
        aria-controls={id}
        onClick={() => setOpen((current) => !current)}
      >
        <span aria-hidden="true">☰</span> {t('header.menu')}
      </button>
      <div id={id} className="header-menu-list" hidden={!open}>
        {children}
      </div>
    </div>
  )
}
