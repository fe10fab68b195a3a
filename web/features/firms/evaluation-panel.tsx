import { useQuery } from '@tanstack/react-query'
import { useId, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { formatMu } from '../../i18n/formatters'
import { PanelFrame } from '../shell/panel-frame'
import { firmQueries } from './firm-queries'
import { GradeChip } from './grade-chip'

type EvaluationPanelProps = {
  /** the last finished year: graded by default, and the latest one offered */
  lastYear: number
  onClose: () => void
  onOpenFirm: (firmId: number) => void
}

// the years offered: the last finished one and the four before it
const YEARS_BACK = 5
const two = new Intl.NumberFormat('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })

/**
 * 亩均评价 (issue 18): a year's grading of every firm, as the county systems publish it — rank, score, grade, tax
 * per mu and land — best first, then the firms not graded that year with the reason; each firm opens its panel.
 */
export function EvaluationPanel({ lastYear, onClose, onOpenFirm }: EvaluationPanelProps) {
  const { t, i18n } = useTranslation()
  const zh = i18n.language.startsWith('zh')
  const id = useId()
  const [year, setYear] = useState(lastYear)
  const query = useQuery(firmQueries.evaluation(year))
  const data = query.data
  const graded = data?.firms.filter((f) => f.grade !== null) ?? []
  const notGraded = data?.firms.filter((f) => f.grade === null) ?? []
  return (
    <PanelFrame headingId={`${id}-title`} heading={t('efficiency.ranking.title')} onClose={onClose}>
      <label htmlFor={`${id}-year`} className="ranking-year">
        {t('efficiency.ranking.year')}{' '}
        <select id={`${id}-year`} value={year} onChange={(e) => setYear(Number(e.target.value))}>
          {Array.from({ length: YEARS_BACK }, (_, i) => lastYear - i).map((y) => (
            <option key={y} value={y}>
              {y}
            </option>
          ))}
        </select>
      </label>
      {query.isPending && <p className="panel-note">{t('panel.loading')}</p>}
      {query.isError && (
        <p className="panel-error" role="alert">
          {t('panel.failed', { message: query.error.message })}
        </p>
      )}
      {data && (
        <>
          <p className="ranking-counts" data-testid="ranking-counts">
            {t('efficiency.ranking.counts', {
              a: data.counts.A,
              b: data.counts.B,
              c: data.counts.C,
              d: data.counts.D,
              none: data.counts.not_graded,
            })}
          </p>
          {graded.length === 0 ? (
            <p className="panel-note">{t('efficiency.ranking.empty', { year: data.year })}</p>
          ) : (
            <div className="table-scroll">
              <table className="data-table ranking-table">
                <caption>
                  {t('efficiency.ranking.caption', { year: data.year, count: graded.length })}
                </caption>
                <thead>
                  <tr>
                    <th scope="col">{t('efficiency.ranking.rank')}</th>
                    <th scope="col">{t('efficiency.ranking.firm')}</th>
                    <th scope="col">{t('efficiency.firm.score')}</th>
                    <th scope="col">{t('efficiency.ranking.grade')}</th>
                    <th scope="col">{t('efficiency.ranking.taxPerMu')}</th>
                    <th scope="col">{t('efficiency.firm.land')}</th>
                  </tr>
                </thead>
                <tbody>
                  {graded.map((f) => (
                    <tr key={f.firm_id} data-firm-id={f.firm_id}>
                      <td className="mono">{f.rank}</td>
                      <th scope="row">
                        <button
                          type="button"
                          className="button-small button-plain"
                          onClick={() => onOpenFirm(f.firm_id)}
                        >
                          {f.name}
                        </button>
                      </th>
                      <td className="mono">{f.score === null ? '—' : two.format(f.score)}</td>
                      <td>
                        <GradeChip grade={f.grade} />
                      </td>
                      <td className="mono">
                        {typeof f.indicators.tax_per_mu === 'number'
                          ? two.format(f.indicators.tax_per_mu)
                          : '—'}
                      </td>
                      <td className="mono">{f.area_mu === null ? '—' : formatMu(f.area_mu)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          {notGraded.length > 0 && (
            <section className="panel-section" aria-label={t('efficiency.ranking.notGradedTitle')}>
              <h3>{t('efficiency.ranking.notGradedTitle')}</h3>
              <ul className="ranking-not-graded">
                {notGraded.map((f) => (
                  <li key={f.firm_id} data-firm-id={f.firm_id}>
                    <button
                      type="button"
                      className="button-small button-plain"
                      onClick={() => onOpenFirm(f.firm_id)}
                    >
                      {f.name}
                    </button>{' '}
                    <span className="secondary">
                      {f.not_graded ? (zh ? f.not_graded.message['zh-CN'] : f.not_graded.message.en) : ''}
                    </span>
                  </li>
                ))}
              </ul>
            </section>
          )}
          <p className="legend-note">{t('efficiency.firm.formula')}</p>
        </>
      )}
    </PanelFrame>
  )
}
