import './measure-card.css'
import { useTranslation } from 'react-i18next'
import { formatArea, formatLength, type LonLat, lineLength, polygonArea } from '../../map/measure'

export type MeasureMode = 'distance' | 'area'
export type Measuring = { mode: MeasureMode; points: LonLat[] }

type MeasureCardProps = {
  /** null while the tool is closed */
  measuring: Measuring | null
  onChange: (measuring: Measuring | null) => void
}

/**
 * The measuring tool over the map: a button opens it; clicks (or taps) on the map add points; it shows the
 * distance along them or the area and perimeter of the polygon they make, in m / km and m² / 亩.
 */
export function MeasureCard({ measuring, onChange }: MeasureCardProps) {
  const { t } = useTranslation()
  if (!measuring) {
    return (
      <button
        type="button"
        className="map-card measure-open"
        onClick={() => onChange({ mode: 'distance', points: [] })}
      >
        <span aria-hidden="true">📏</span> {t('mapTools.measure.open')}
      </button>
    )
  }
  const { mode, points } = measuring
  const area = mode === 'area' ? polygonArea(points) : null
  return (
    <section className="map-card measure-card" aria-label={t('mapTools.measure.title')}>
      <div className="measure-head">
        <fieldset className="measure-modes">
          <legend className="visually-hidden">{t('mapTools.measure.title')}</legend>
          {(['distance', 'area'] as const).map((m) => (
            <label key={m}>
              <input
                type="radio"
                name="measure-mode"
                checked={mode === m}
                onChange={() => onChange({ mode: m, points })}
              />
              {t(`mapTools.measure.${m}`)}
            </label>
          ))}
        </fieldset>
        <button
          type="button"
          className="button-small measure-close"
          aria-label={t('mapTools.measure.close')}
          onClick={() => onChange(null)}
        >
          ×
        </button>
      </div>
      <p className="measure-hint">
        {mode === 'distance' ? t('mapTools.measure.hintDistance') : t('mapTools.measure.hintArea')}
      </p>
      <dl className="measure-result" aria-live="polite">
        <dt>{t('mapTools.measure.points', { count: points.length })}</dt>
        <dd />
        {area ? (
          <>
            <dt>{t('mapTools.measure.areaValue')}</dt>
            <dd data-measure="area">{formatArea(area.areaM2)}</dd>
            <dt>{t('mapTools.measure.perimeter')}</dt>
            <dd data-measure="perimeter">{formatLength(area.perimeterM)}</dd>
          </>
        ) : (
          <>
            <dt>{t('mapTools.measure.length')}</dt>
            <dd data-measure="length">{formatLength(lineLength(points))}</dd>
          </>
        )}
      </dl>
      <div className="measure-actions">
        <button
          type="button"
          className="button-small"
          disabled={points.length === 0}
          onClick={() => onChange({ mode, points: points.slice(0, -1) })}
        >
          {t('mapTools.measure.undo')}
        </button>
        <button
          type="button"
          className="button-small"
          disabled={points.length === 0}
          onClick={() => onChange({ mode, points: [] })}
        >
          {t('mapTools.measure.clear')}
        </button>
      </div>
    </section>
  )
}
