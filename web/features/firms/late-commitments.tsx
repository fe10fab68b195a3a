import { useQuery } from '@tanstack/react-query'
import { useId } from 'react'
import { useTranslation } from 'react-i18next'
import { COMMITMENT_CHECKS } from '../../../server/domain/evaluation'
import { firmQueries } from './firm-queries'

type LateCommitmentsProps = { onSelectParcel: (parcelId: number) => void }

/**
 * 压实责任 for 标准地: the breached commitments as late items beside the late milestones, with their owner, the
 * checks breached and the days since the first fell due; a click selects and zooms to the parcel.
 */
export function LateCommitments({ onSelectParcel }: LateCommitmentsProps) {
  const { t, i18n } = useTranslation()
  const zh = i18n.language.startsWith('zh')
  const headingId = useId()
  const query = useQuery(firmQueries.lateCommitments())
  if (!query.data || query.data.length === 0) return null
  const items = [...query.data].sort((a, b) => b.days_late - a.days_late)
  return (
    <section className="late-list panel-body" aria-labelledby={headingId} data-testid="late-commitments">
      <h3 id={headingId}>
        {t('efficiency.late.title')}
        <span className="late-count">{t('lateList.count', { count: items.length })}</span>
      </h3>
      <ul>
        {items.map((item) => (
          <li key={item.commitment_id}>
            <button type="button" className="late-item" onClick={() => onSelectParcel(item.parcel_id)}>
              <span className="mono late-code">{item.code}</span>
              <span className="late-what">
                <span>
                  {item.breached
                    .map((k) => {
                      const check = COMMITMENT_CHECKS[k.check as keyof typeof COMMITMENT_CHECKS]
                      return `${check ? (zh ? check.zh : check.en) : k.check}${k.year ? ` ${k.year}` : ''}`
                    })
                    .join('、')}
                </span>
                <span className="late-name">
                  {item.firm_name} · {item.owner}
                </span>
              </span>
              <span className="late-days">{t('lateList.daysLate', { count: item.days_late })}</span>
            </button>
          </li>
        ))}
      </ul>
    </section>
  )
}
