import { useTranslation } from 'react-i18next'
import { READINESS } from '../../server/domain/vocabulary'

/**
 * The land-readiness vocabulary (DOMAIN.md "When a parcel is available: one model"), folded under the legend:
 * each term in the very words the panel, the filters and the slider use, and what it means.
 */
export function ReadinessTerms() {
  const { t } = useTranslation()
  return (
    <details className="legend-terms">
      <summary>{t('terms.title')}</summary>
      <dl>
        <dt>{t('parcel.readyOn')}</dt>
        <dd>{t('terms.readyOn')}</dd>
        <dt>{t('parcel.handoverOn')}</dt>
        <dd>{t('terms.handoverOn')}</dd>
        <dt>{t('terms.dates')}</dt>
        <dd>{t('terms.datesMeaning')}</dd>
        <dt>{t('legend.parcelStatus')}</dt>
        <dd>{t('terms.statusMeaning')}</dd>
        <dt>{t('parcel.readiness')}</dt>
        <dd>
          {t('terms.readinessMeaning')}
          <ul>
            {READINESS.map((readiness) => (
              <li key={readiness}>
                <span className={`readiness readiness-${readiness}`}>{t(`readiness.${readiness}`)}</span>{' '}
                {t(`terms.${readiness}`)}
              </li>
            ))}
          </ul>
        </dd>
        <dt>{t('parcelView.asOfToggle')}</dt>
        <dd>{t('terms.sliderMeaning')}</dd>
      </dl>
    </details>
  )
}
