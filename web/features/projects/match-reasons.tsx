import { useTranslation } from 'react-i18next'
import type { MatchReason } from '../../api/types'

type Criterion = 'area' | 'timing' | 'infrastructure' | 'chain' | 'shape'
const CRITERIA: readonly string[] = ['area', 'timing', 'infrastructure', 'chain', 'shape']

/** The reasons card: each criterion's score, weight and the numbers behind it. */
export function MatchReasons({ reasons }: { reasons: readonly MatchReason[] }) {
  const { t, i18n } = useTranslation()
  const zh = i18n.language.startsWith('zh')
  return (
    <ul className="match-reasons">
      {reasons.map((reason) => (
        <li key={reason.criterion}>
          <span className="match-criterion">
            {CRITERIA.includes(reason.criterion)
              ? t(`invest.criterion.${reason.criterion as Criterion}`)
              : reason.criterion}
          </span>
          <span className="match-criterion-score mono">
            {Math.round(reason.score)}
            <span className="secondary"> · {t('invest.weight', { weight: reason.weight })}</span>
          </span>
          <span className="match-detail">{zh ? reason.detail_zh : reason.detail}</span>
        </li>
      ))}
    </ul>
  )
}
