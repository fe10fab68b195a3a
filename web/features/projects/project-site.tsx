import { useQuery, useQueryClient } from '@tanstack/react-query'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { LANDED_STAGES } from '../../../server/domain/vocabulary'
import { invalidateResources } from '../../api/change-invalidation'
import { api } from '../../api/client'
import { queries } from '../../api/queries'
import type { ProjectDetail } from '../../api/types'
import type { LonLat } from '../../map/measure'
import { type ShownError, useShownError } from '../milestones/shown-error'

/** Placing a project by hand: the map's next click calls onPoint; null stops it. */
export type PlaceOnMap = (placing: { onPoint: (point: LonLat) => void } | null) => void

/**
 * Where the project is (issue 15): its parcel — the land it acquired, or the one reserved for it — with a button
 * that opens the parcel; or, for a project without a parcel, its point placed by hand, or a note that it has no
 * site. Without a parcel, 在地图上标注 lets the investment team click its place on the map (PATCH location with
 * the version read), and the marker appears there.
 */
export function ProjectSite({
  detail,
  onSelectParcel,
  onPlace,
  placing = false,
}: {
  detail: ProjectDetail
  onSelectParcel?: (id: number) => void
  /** given to those who may edit the project */
  onPlace?: PlaceOnMap
  /** whether the map is waiting for this project's click */
  placing?: boolean
}) {
  const { t } = useTranslation()
  const say = useShownError()
  const queryClient = useQueryClient()
  const [error, setError] = useState<ShownError | null>(null)
  const [saving, setSaving] = useState(false)
  const parcelId = detail.parcel_id
  const parcel = useQuery({ ...queries.parcel(parcelId ?? 0), enabled: parcelId != null })
  if (parcelId == null) {
    const place = (point: LonLat) => {
      onPlace?.(null)
      setSaving(true)
      setError(null)
      const coordinates: [number, number] = [Number(point[0].toFixed(7)), Number(point[1].toFixed(7))]
      api
        .patchProject(detail.id, { location: { type: 'Point', coordinates }, version: detail.version })
        .then(() => invalidateResources(queryClient, ['projects']))
        .catch((failure) => setError({ failure }))
        .finally(() => setSaving(false))
    }
    const [lon, lat] = detail.location?.coordinates ?? []
    return (
      <section className="panel-section project-site">
        {detail.location ? (
          <p className="panel-note project-placed" data-location={`${lon},${lat}`}>
            {t('pipeline.panel.placed', { lon: Number(lon).toFixed(5), lat: Number(lat).toFixed(5) })}
          </p>
        ) : (
          <p className="panel-note project-no-site">{t('pipeline.panel.noSite')}</p>
        )}
        {onPlace && !placing && (
          <button
            type="button"
            className="button-small"
            disabled={saving}
            onClick={() => onPlace({ onPoint: place })}
          >
            {saving
              ? t('pipeline.panel.placing')
              : detail.location
                ? t('pipeline.panel.movePlace')
                : t('pipeline.panel.place')}
          </button>
        )}
        {placing && (
          <p className="reservation-line" role="status">
            <span>{t('pipeline.panel.placeHint')}</span>
            <button type="button" className="button-small" onClick={() => onPlace?.(null)}>
              {t('pipeline.panel.cancelPlace')}
            </button>
          </p>
        )}
        {error && (
          <p className="panel-error" role="alert">
            {say(error)}
          </p>
        )}
      </section>
    )
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
