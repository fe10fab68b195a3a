import { useQuery } from '@tanstack/react-query'
import { useTranslation } from 'react-i18next'
import { firmQueries } from './firm-queries'
import { GradeChip } from './grade-chip'

type FirmOfParcelProps = {
  parcelId: number
  onOpenFirm?: ((firmId: number) => void) | undefined
}

/** In a parcel's panel: the firm using the parcel, its grade and score in the last finished year, and a way to its panel. */
export function FirmOfParcel({ parcelId, onOpenFirm }: FirmOfParcelProps) {
  const { t } = useTranslation()
  const evaluation = useQuery(firmQueries.evaluation(null))
  const firm = evaluation.data?.firms.find((f) => f.parcel_ids.includes(parcelId))
  if (!firm) return null
  return (
    <section className="panel-section" aria-label={t('efficiency.firm.ofParcel')}>
      <h3>{t('efficiency.firm.ofParcel')}</h3>
      <div className="firm-of-parcel">
        <strong>{firm.name}</strong>
        <GradeChip grade={firm.grade} />
        {firm.score !== null && (
          <span className="secondary">
            {t('efficiency.firm.scoreOf', { year: evaluation.data?.year, score: firm.score.toFixed(2) })}
          </span>
        )}
        {onOpenFirm && (
          <button type="button" className="button-small" onClick={() => onOpenFirm(firm.firm_id)}>
            {t('efficiency.firm.open')}
          </button>
        )}
      </div>
    </section>
  )
}
