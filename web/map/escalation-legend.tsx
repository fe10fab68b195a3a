import { useTranslation } from 'react-i18next'
import { ESCALATION_COLOURS } from '../../server/domain/colours'

const ROWS = ['red', 'yellow', 'normal', 'none'] as const

/** The legend of the parcels' 督办 colour mode: a parcel takes the level of its worst late item. */
export function EscalationLegend() {
  const { t } = useTranslation()
  return (
    <div className="legend-group" data-colour-mode="escalation">
      <h3>{t('meetings.map.legend')}</h3>
      <ul>
        {ROWS.map((row) => (
          <li key={row}>
            <span
              className="swatch swatch-fill"
              style={{
                background: ESCALATION_COLOURS[row],
                ...(row === 'red' || row === 'yellow'
                  ? { outline: `2px solid ${ESCALATION_COLOURS[row]}`, outlineOffset: 1 }
                  : {}),
              }}
            />
            {t(`meetings.map.${row}`)}
          </li>
        ))}
      </ul>
    </div>
  )
}
