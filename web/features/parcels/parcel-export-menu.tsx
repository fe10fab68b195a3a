import { useEffect, useRef } from 'react'
import { useTranslation } from 'react-i18next'

const FORMATS = ['geojson', 'csv', 'xlsx', 'txt'] as const

/**
 * The header's 导出地块 menu, for land officers and admins: every parcel as GeoJSON, CSV, XLSX or boundary-point TXT
 * (GET /api/parcels/export). Plain links, so the browser sends the session cookie and saves the file itself; the
 * CSV and XLSX headers and words are in the interface's language (`lang`), not the browser's Accept-Language.
 */
export function ParcelExportMenu() {
  // the hook re-renders the links when the user switches the language
  const { t, i18n } = useTranslation()
  const lang = i18n.resolvedLanguage === 'en' ? 'en' : 'zh-CN'
  const menu = useRef<HTMLDetailsElement>(null)

  // a <details> stays open until its summary is clicked again: close it on a click elsewhere or Escape
  useEffect(() => {
    const close = (event: Event) => {
      const details = menu.current
      if (!details?.open) return
      if (event instanceof KeyboardEvent ? event.key === 'Escape' : !details.contains(event.target as Node)) {
        details.open = false
      }
    }
    document.addEventListener('pointerdown', close)
    document.addEventListener('keydown', close)
    return () => {
      document.removeEventListener('pointerdown', close)
      document.removeEventListener('keydown', close)
    }
  }, [])

  return (
    <details ref={menu} className="export-menu">
      <summary className="button-quiet">{t('admin.parcelExport.open')}</summary>
      <ul aria-label={t('admin.parcelExport.label')}>
        {FORMATS.map((format) => (
          <li key={format}>
            <a
              href={`/api/parcels/export?format=${format}&lang=${lang}`}
              download
              onClick={() => {
                if (menu.current) menu.current.open = false
              }}
            >
              {t(`admin.parcelExport.${format}`)}
            </a>
          </li>
        ))}
      </ul>
    </details>
  )
}
