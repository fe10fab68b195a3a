import { useTranslation } from 'react-i18next'
import { filterText, hasFilter, type MapFilter, NO_FILTER } from './map-filter'

type MapFilterCardProps = { filter: MapFilter; onFilter: (filter: MapFilter) => void; parcels: number | null }

/** Over the map while a chart filter is on: what is filtered, and 清除筛选. */
export function MapFilterCard({ filter, onFilter, parcels }: MapFilterCardProps) {
  const { t } = useTranslation()
  if (!hasFilter(filter)) return null
  return (
    <section className="map-card map-filter-card" aria-label={t('leader.filter.title')}>
      <h2 className="map-card-title">{t('leader.filter.title')}</h2>
      <p>
        {filterText(filter, t)}
        {parcels !== null && (
          <span className="secondary"> · {t('leader.filter.ownerCount', { count: parcels })}</span>
        )}
      </p>
      <button type="button" className="button-small" onClick={() => onFilter(NO_FILTER)}>
        {t('leader.clearFilter')}
      </button>
    </section>
  )
}
