import { useTranslation } from 'react-i18next'
import type { MatchReason } from '../../api/types'

type Criterion = 'area' | 'timing' | 'infrastructure' | 'chain' | 'shape'
const CRITERIA: readonly string[] = ['area', 'timing', 'infrastructure', 'chain', 'shape']

/**
 * The reasons card: each criterion in words with what it measures, its score out of 100, its share of the total
 * (the weight over the sum of weights) and the numbers behind it — readable without knowing the model.
 */
export function MatchReasons({ reasons }: { reasons: readonly MatchReason[] }) {
  const { t, i18n } = useTranslation()
  const zh = i18n.language.startsWith('zh')
  const totalWeight = reasons.reduce((n, r) => n + r.weight, 0) || 1
  return (
    <ul className="match-reasons">
      {reasons.map((reason) => {
        const known = CRITERIA.includes(reason.criterion)
        return (
          <li key={reason.criterion}>
            <span className="match-criterion">
              {known ? t(`invest.criterion.${reason.criterion as Criterion}`) : reason.criterion}
            </span>
            <span className="match-criterion-score mono">
              {t('pipeline.match.score', { score: Math.round(reason.score) })}
              <span className="secondary">
                {' '}
                · {t('pipeline.match.share', { pct: Math.round((reason.weight / totalWeight) * 100) })}
              </span>
            </span>
            <span className="match-detail">
              {known && (
                <span className="secondary match-help">
                  {t(`pipeline.match.help.${reason.criterion as Criterion}`)}
                </span>
              )}
              {zh ? reason.detail_zh : reason.detail}
            </span>
          </li>
        )
      })}
    </ul>
  )
}
