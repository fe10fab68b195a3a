import { useQuery } from '@tanstack/react-query'
import { useTranslation } from 'react-i18next'
import { LANDED_STAGES } from '../../../server/domain/vocabulary'
import { queries } from '../../api/queries'
import type { ProjectDetail } from '../../api/types'

/**
 * Where the project is (issue 15): its parcel — the land it acquired, or the one reserved for it — with a button
 * that opens the parcel; or, for a project without a site, a note saying it is not on the map.
 */
export function ProjectSite({
  detail,
  onSelectParcel,
}: {
  detail: ProjectDetail
  onSelectParcel?: (id: number) => void
}) {
  const { t } = useTranslation()
  const parcelId = detail.parcel_id
  const parcel = useQuery({ ...queries.parcel(parcelId ?? 0), enabled: parcelId != null })
  if (parcelId == null) {
    if (detail.location) return null
    return <p className="panel-note project-no-site">{t('pipeline.panel.noSite')}</p>
  }
  const code = parcel.data?.properties.code ?? `#${parcelId}`
  const landed = LANDED_STAGES.includes(detail.stage)
  return (
    <section className="panel-section project-site">
      <h3>{landed ? t('pipeline.panel.landed') : t('pipeline.panel.parcel', { code: '' }).trim()}</h3>
      <p className="reservation-line">
        <span>{landed ? t('pipeline.panel.landedOn', { code }) : t('pipeline.panel.parcel', { code })}</span>
        {onSelectParcel && (
          <button type="button" className="button-small" onClick={() => onSelectParcel(parcelId)}>
            {t('pipeline.panel.openParcel', { code })}
          </button>
        )}
      </p>
    </section>
  )
}
