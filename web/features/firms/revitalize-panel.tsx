import { useQuery } from '@tanstack/react-query'
import { useId } from 'react'
import { useTranslation } from 'react-i18next'
import { formatMu } from '../../i18n/formatters'
import { PanelFrame } from '../shell/panel-frame'
import { firmQueries } from './firm-queries'

type RevitalizePanelProps = {
  onClose: () => void
  /** opens the parcel: its panel lists the projects it fits (matching as supply) */
  onSelectParcel: (parcelId: number) => void
  onOpenFirm: (firmId: number) => void
}

/**
 * The land to put back to use (盘活): the parcels of D-grade firms and of breached 标准地 commitments, with why
 * and how much; each opens on the map, where its panel ranks the projects looking for land it fits.
 */
export function RevitalizePanel({ onClose, onSelectParcel, onOpenFirm }: RevitalizePanelProps) {
  const { t } = useTranslation()
  const headingId = useId()
  const query = useQuery(firmQueries.revitalize())
  return (
    <PanelFrame headingId={headingId} heading={t('efficiency.revitalize.title')} onClose={onClose}>
      <p className="panel-note">{t('efficiency.revitalize.intro')}</p>
      {query.isPending && <p className="panel-note">{t('panel.loading')}</p>}
      {query.isError && (
        <p className="panel-error" role="alert">
          {t('panel.failed', { message: query.error.message })}
        </p>
      )}
      {query.data && (
        <>
          <p>
            <strong>{t('unit.mu', { value: formatMu(query.data.total_mu) })}</strong>{' '}
            <span className="secondary">
              {t('efficiency.kpi.revitalizeNote', { count: query.data.parcels.length })} ({query.data.year})
            </span>
          </p>
          {query.data.parcels.length === 0 ? (
            <p className="panel-note">{t('efficiency.revitalize.empty')}</p>
          ) : (
            <ul className="revitalize-list">
              {query.data.parcels.map((p) => (
                <li key={p.parcel_id} data-parcel-id={p.parcel_id}>
                  <button
                    type="button"
                    className="button-small mono"
                    onClick={() => onSelectParcel(p.parcel_id)}
                  >
                    {p.parcel_code ?? `#${p.parcel_id}`}
                  </button>
                  <span>{p.area_mu !== null ? t('unit.mu', { value: formatMu(p.area_mu) }) : ''}</span>
                  <button
                    type="button"
                    className="button-small button-plain"
                    onClick={() => onOpenFirm(p.firm_id)}
                  >
                    {p.firm_name}
                  </button>
                  <span className="secondary">
                    {p.reasons
                      .map((r) =>
                        r === 'grade_d' || r === 'commitment_breached'
                          ? t(`efficiency.revitalize.reason.${r}`)
                          : r,
                      )
                      .join('、')}
                  </span>
                </li>
              ))}
            </ul>
          )}
        </>
      )}
    </PanelFrame>
  )
}
