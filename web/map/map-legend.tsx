import './map-legend.css'
import { useTranslation } from 'react-i18next'
import {
  INFRASTRUCTURE_PROGRESS_COLOURS,
  PARCEL_STATUS_COLOURS,
  PROJECT_STAGE_COLOURS,
} from '../../server/domain/colours'
import { COMMITMENT_STATUSES, GRADES } from '../../server/domain/evaluation'
import { PARCEL_STATUSES, PROJECT_STAGES, READINESS } from '../../server/domain/vocabulary'
import { EscalationLegend } from './escalation-legend'
import {
  AVAILABLE_AS_OF_COLOUR,
  COMMITMENT_COLOURS,
  GRADE_COLOURS,
  NO_FIRM_COLOUR,
  NO_READINESS_COLOUR,
  NOT_GRADED_COLOUR,
  type ParcelColourMode,
  READINESS_COLOURS,
} from './layers/parcels'
import type { OverlayVisibility } from './overlays'
import { ReadinessTerms } from './readiness-terms'

type MapLegendProps = {
  visibility: OverlayVisibility
  /** how the parcels are coloured: the parcel swatches follow it (status colours, or readiness colours) */
  colourMode?: ParcelColourMode
  /** the time slider's date: parcels available by then are painted one colour, the others paler */
  asOf?: string | null
}

/** Swatches for what is on the map (a section only while its overlay is shown), and the terms folded below. */
export function MapLegend({ visibility, colourMode = 'status', asOf = null }: MapLegendProps) {
  const { t } = useTranslation()
  const infra = INFRASTRUCTURE_PROGRESS_COLOURS
  return (
    <section className="map-card map-legend" aria-label={t('legend.title')}>
      <h2 className="map-card-title">{t('legend.title')}</h2>
      {visibility.parcels && asOf && (
        <div className="legend-group" data-colour-mode="as-of">
          <h3>
            {t('parcelView.asOf')} {asOf}
          </h3>
          <ul>
            <li>
              <span className="swatch swatch-fill" style={{ background: AVAILABLE_AS_OF_COLOUR }} />
              {t('parcelView.availableLegend')}
            </li>
            <li>
              <span className="swatch swatch-fill swatch-faded" />
              {t('parcelView.notYetLegend')}
            </li>
          </ul>
        </div>
      )}
      {visibility.parcels && colourMode === 'readiness' && (
        <div className="legend-group" data-colour-mode="readiness">
          <h3>{t('legend.parcelReadiness')}</h3>
          <ul>
            {READINESS.map((readiness) => (
              <li key={readiness}>
                <span className="swatch swatch-fill" style={{ background: READINESS_COLOURS[readiness] }} />
                {t(`readiness.${readiness}`)}
              </li>
            ))}
            <li>
              <span className="swatch swatch-fill" style={{ background: NO_READINESS_COLOUR }} />
              {t('parcelView.noReadiness')}
            </li>
          </ul>
        </div>
      )}
      {visibility.parcels && colourMode === 'grade' && (
        <div className="legend-group" data-colour-mode="grade">
          <h3>{t('efficiency.legend.grade')}</h3>
          <ul>
            {GRADES.map((grade) => (
              <li key={grade}>
                <span className="swatch swatch-fill" style={{ background: GRADE_COLOURS[grade] }} />
                {t(`efficiency.grade.${grade}`)}
              </li>
            ))}
            <li>
              <span className="swatch swatch-fill" style={{ background: NOT_GRADED_COLOUR }} />
              {t('efficiency.notGraded')}
            </li>
            <li>
              <span className="swatch swatch-fill" style={{ background: NO_FIRM_COLOUR }} />
              {t('efficiency.legend.noFirm')}
            </li>
          </ul>
          <p className="legend-note">{t('efficiency.legend.gradeNote')}</p>
        </div>
      )}
      {visibility.parcels && colourMode === 'commitment' && (
        <div className="legend-group" data-colour-mode="commitment">
          <h3>{t('efficiency.legend.commitment')}</h3>
          <ul>
            {COMMITMENT_STATUSES.map((status) => (
              <li key={status}>
                <span className="swatch swatch-fill" style={{ background: COMMITMENT_COLOURS[status] }} />
                {t(`efficiency.commitmentStatus.${status}`)}
              </li>
            ))}
            <li>
              <span className="swatch swatch-fill" style={{ background: NO_FIRM_COLOUR }} />
              {t('efficiency.legend.noCommitment')}
            </li>
          </ul>
        </div>
      )}
      {visibility.parcels && colourMode === 'escalation' && <EscalationLegend />}
      {visibility.parcels && colourMode === 'status' && (
        <div className="legend-group" data-colour-mode="status">
          <h3>{t('legend.parcelStatus')}</h3>
          <ul>
            {PARCEL_STATUSES.map((status) => (
              <li key={status}>
                <span className="swatch swatch-fill" style={{ background: PARCEL_STATUS_COLOURS[status] }} />
                {t(`parcelStatus.${status}`)}
              </li>
            ))}
          </ul>
          <p className="legend-note">{t('legend.parcelCells')}</p>
        </div>
      )}
      {visibility.projects && (
        <div className="legend-group">
          <h3>{t('legend.projectStage')}</h3>
          <ul>
            {PROJECT_STAGES.map((stage) => (
              <li key={stage}>
                <span className="swatch swatch-circle" style={{ background: PROJECT_STAGE_COLOURS[stage] }} />
                {t(`projectStage.${stage}`)}
              </li>
            ))}
          </ul>
        </div>
      )}
      {visibility.infrastructure && (
        <div className="legend-group">
          <h3>{t('legend.infrastructure')}</h3>
          <ul>
            <li>
              <span className="swatch swatch-line swatch-dashed" style={{ color: infra.planned }} />
              {t('legend.planned')}
            </li>
            <li>
              <span
                className="swatch swatch-line"
                style={{
                  background: `linear-gradient(to right, ${infra.in_progress_start}, ${infra.in_progress_end})`,
                }}
              />
              {t('legend.inProgress')}
            </li>
            <li>
              <span className="swatch swatch-line" style={{ background: infra.done }} />
              {t('legend.done')}
            </li>
            <li>
              <span className="swatch swatch-line" style={{ background: infra.late }} />
              {t('legend.late')}
            </li>
          </ul>
        </div>
      )}
      <ReadinessTerms />
    </section>
  )
}
