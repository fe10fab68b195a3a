import { useQuery } from '@tanstack/react-query'
import { useId, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { COMMITMENT_CHECKS, INDICATORS, type IndicatorKey } from '../../../server/domain/evaluation'
import { formatMu } from '../../i18n/formatters'
import { PanelFrame } from '../shell/panel-frame'
import { CommitmentForm } from './commitment-form'
import { type FirmCommitment, firmQueries } from './firm-queries'
import { GradeChip } from './grade-chip'

type FirmPanelProps = {
  firmId: number
  onClose: () => void
  /** shows one of the firm's parcels on the map */
  onSelectParcel?: (id: number) => void
  /** land officers and admins: create and edit the firm's 标准地 commitments */
  canEdit?: boolean
}

const two = new Intl.NumberFormat('en-US', { maximumFractionDigits: 2 })
const fmt = (value: number | null | undefined) =>
  value === null || value === undefined ? '—' : two.format(value)

/**
 * A firm (亩均效益): its land, its reported figures year by year with the values per mu, the latest graded year's
 * score broken down indicator by indicator and its grade, and its 标准地 commitments with their shortfalls.
 */
export function FirmPanel({ firmId, onClose, onSelectParcel, canEdit = false }: FirmPanelProps) {
  const { t, i18n } = useTranslation()
  const zh = i18n.language.startsWith('zh')
  const headingId = useId()
  const query = useQuery(firmQueries.firm(firmId))
  // the commitment being edited (its id), 'new' for one being added, null for none
  const [editing, setEditing] = useState<number | 'new' | null>(null)
  if (!query.data) {
    return (
      <PanelFrame headingId={headingId} heading={t('efficiency.firm.title')} onClose={onClose}>
        {query.isError ? (
          <p className="panel-error" role="alert">
            {t('panel.failed', { message: query.error.message })}
          </p>
        ) : (
          <p className="panel-note">{t('panel.loading')}</p>
        )}
      </PanelFrame>
    )
  }
  const firm = query.data
  // the firm's parcels whose sale has no commitment yet
  const unsold = firm.parcels.filter((p) => !firm.commitments.some((c) => c.parcel_id === p.id))
  const years = [...firm.years].sort((a, b) => b.year - a.year)
  const latest = years.find((y) => y.score !== null) ?? years[0]
  const label = (key: string) => {
    const indicator = INDICATORS[key as IndicatorKey]
    return indicator ? `${zh ? indicator.zh : indicator.en}` : key
  }
  const unit = (key: string) => INDICATORS[key as IndicatorKey]?.unit ?? ''
  return (
    <PanelFrame
      headingId={headingId}
      heading={firm.name}
      onClose={onClose}
      accent={latest ? <GradeChip grade={latest.grade} /> : undefined}
    >
      <dl className="facts" data-testid="firm-facts">
        <dt>{t('efficiency.firm.sector')}</dt>
        <dd>{firm.sector ? t(`sector.${firm.sector}`, { defaultValue: firm.sector }) : t('common.none')}</dd>
        {firm.credit_code && (
          <>
            <dt>{t('efficiency.firm.creditCode')}</dt>
            <dd className="mono">{firm.credit_code}</dd>
          </>
        )}
        <dt>{t('efficiency.firm.land')}</dt>
        <dd>{t('unit.mu', { value: formatMu(firm.area_mu) })}</dd>
        <dt>{t('efficiency.firm.parcels')}</dt>
        <dd className="firm-parcels">
          {firm.parcels.map((parcel) => (
            <button
              key={parcel.id}
              type="button"
              className="button-small button-plain mono"
              title={t('unit.mu', { value: formatMu(parcel.area_mu) })}
              data-parcel-id={parcel.id}
              onClick={() => onSelectParcel?.(parcel.id)}
            >
              {parcel.code}
            </button>
          ))}
        </dd>
      </dl>

      {latest && (
        <section
          className="panel-section"
          aria-label={t('efficiency.firm.scoreTitle', { year: latest.year })}
        >
          <h3>{t('efficiency.firm.scoreTitle', { year: latest.year })}</h3>
          {latest.score !== null ? (
            <>
              <p className="firm-score">
                <span>{t('efficiency.firm.score')}</span>{' '}
                <strong data-testid="firm-score" className="mono">
                  {latest.score.toFixed(2)}
                </strong>{' '}
                <GradeChip grade={latest.grade} />
                {latest.rank !== null && (
                  <span className="secondary"> {t('efficiency.firm.rank', { rank: latest.rank })}</span>
                )}
              </p>
              <table className="data-table firm-breakdown">
                <thead>
                  <tr>
                    <th scope="col">{t('efficiency.firm.indicator')}</th>
                    <th scope="col">{t('efficiency.firm.value')}</th>
                    <th scope="col">{t('efficiency.firm.indicatorScore')}</th>
                    <th scope="col">{t('efficiency.firm.weight')}</th>
                    <th scope="col">{t('efficiency.firm.points')}</th>
                  </tr>
                </thead>
                <tbody>
                  {latest.breakdown.map((part) => (
                    <tr key={part.key} data-indicator={part.key}>
                      <th scope="row">{label(part.key)}</th>
                      <td className="mono">
                        {fmt(part.value)} <span className="secondary">{unit(part.key)}</span>
                      </td>
                      <td className="mono">{fmt(part.score)}</td>
                      <td className="mono">{fmt(part.weight)}</td>
                      <td className="mono">{fmt(part.points)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
              <p className="legend-note">{t('efficiency.firm.formula')}</p>
            </>
          ) : (
            <p className="panel-note">
              {t('efficiency.notGraded')}
              {latest.not_graded
                ? `：${zh ? latest.not_graded.message['zh-CN'] : latest.not_graded.message.en}`
                : ''}
            </p>
          )}
        </section>
      )}

      <section className="panel-section">
        <h3>{t('efficiency.firm.yearsTitle')}</h3>
        {years.length === 0 ? (
          <p className="panel-note">{t('efficiency.firm.noYears')}</p>
        ) : (
          <div className="table-scroll">
            <table className="data-table firm-years">
              <thead>
                <tr>
                  <th scope="col">{t('efficiency.firm.year')}</th>
                  <th scope="col">{t('efficiency.figure.tax')}</th>
                  <th scope="col">{t('efficiency.figure.output')}</th>
                  <th scope="col">{t('efficiency.figure.energy')}</th>
                  <th scope="col">{t('efficiency.figure.employees')}</th>
                  <th scope="col">{t('efficiency.figure.rd')}</th>
                  <th scope="col">{t('efficiency.firm.taxPerMu')}</th>
                  <th scope="col">{t('efficiency.firm.outputPerMu')}</th>
                  <th scope="col">{t('efficiency.firm.score')}</th>
                </tr>
              </thead>
              <tbody>
                {years.map((y) => (
                  <tr key={y.year} data-year={y.year}>
                    <th scope="row" className="mono">
                      {y.year}
                    </th>
                    <td className="mono">{fmt(y.tax_wan)}</td>
                    <td className="mono">{fmt(y.output_wan)}</td>
                    <td className="mono">{fmt(y.energy_tce)}</td>
                    <td className="mono">{fmt(y.employees)}</td>
                    <td className="mono">{fmt(y.rd_wan)}</td>
                    <td className="mono">{fmt((y.per_mu as Record<string, number | null>).tax_per_mu)}</td>
                    <td className="mono">{fmt((y.per_mu as Record<string, number | null>).output_per_mu)}</td>
                    <td className="mono">
                      {y.score !== null
                        ? `${y.score.toFixed(2)} ${y.grade ?? ''}`
                        : t('efficiency.notGraded')}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        <p className="legend-note">{t('efficiency.firm.units')}</p>
      </section>

      <section className="panel-section" aria-label={t('efficiency.firm.commitmentsTitle')}>
        <div className="section-head">
          <h3>{t('efficiency.firm.commitmentsTitle')}</h3>
          {canEdit && unsold.length > 0 && editing === null && (
            <button type="button" className="button-small" onClick={() => setEditing('new')}>
              {t('efficiency.commitmentForm.add')}
            </button>
          )}
        </div>
        {editing === 'new' && (
          <CommitmentForm firmId={firm.id} parcels={unsold} onDone={() => setEditing(null)} />
        )}
        {firm.commitments.length === 0 ? (
          <p className="panel-note">{t('efficiency.firm.noCommitments')}</p>
        ) : (
          <ul className="firm-commitments">
            {firm.commitments.map((c) =>
              editing === c.id ? (
                <li key={c.id}>
                  <CommitmentForm firmId={firm.id} commitment={c} onDone={() => setEditing(null)} />
                </li>
              ) : (
                <CommitmentItem
                  key={c.id}
                  commitment={c}
                  onSelectParcel={onSelectParcel}
                  onEdit={canEdit && editing === null ? () => setEditing(c.id) : undefined}
                />
              ),
            )}
          </ul>
        )}
      </section>
    </PanelFrame>
  )
}

function CommitmentItem({
  commitment: c,
  onSelectParcel,
  onEdit,
}: {
  commitment: FirmCommitment
  onSelectParcel?: ((id: number) => void) | undefined
  onEdit?: (() => void) | undefined
}) {
  const { t, i18n } = useTranslation()
  const zh = i18n.language.startsWith('zh')
  return (
    <li data-commitment-status={c.status}>
      <div className="section-head">
        <button
          type="button"
          className="button-small button-plain mono"
          onClick={() => onSelectParcel?.(c.parcel_id)}
        >
          {c.parcel_code}
        </button>
        <span className={`status-chip commitment-${c.status}`}>
          {t(`efficiency.commitmentStatus.${c.status}`)}
        </span>
        {onEdit && (
          <button type="button" className="button-small" onClick={onEdit} data-edit-commitment={c.id}>
            {t('efficiency.commitmentForm.edit')}
          </button>
        )}
      </div>
      <p className="secondary">
        {t('efficiency.commitment.summary', {
          sold: c.sold_on,
          start: c.committed.start_by,
          complete: c.committed.complete_by,
        })}
      </p>
      <table className="data-table">
        <thead>
          <tr>
            <th scope="col">{t('efficiency.commitment.check')}</th>
            <th scope="col">{t('efficiency.commitment.due')}</th>
            <th scope="col">{t('efficiency.commitment.committed')}</th>
            <th scope="col">{t('efficiency.commitment.actual')}</th>
            <th scope="col">{t('efficiency.commitment.shortfall')}</th>
          </tr>
        </thead>
        <tbody>
          {c.checks.map((k) => {
            const check = COMMITMENT_CHECKS[k.check as keyof typeof COMMITMENT_CHECKS]
            const days = k.check === 'start' || k.check === 'completion'
            return (
              <tr key={`${k.check}-${k.year ?? ''}`} data-check-status={k.status}>
                <th scope="row">
                  {check ? (zh ? check.zh : check.en) : k.check}
                  {k.year ? ` ${k.year}` : ''}
                </th>
                <td className="mono">{k.due_on}</td>
                <td className="mono">{days ? '—' : fmt(k.committed)}</td>
                <td className="mono">{days ? '—' : fmt(k.actual)}</td>
                <td className={k.status === 'breached' ? 'mono shortfall' : 'mono'}>
                  {k.status === 'pending'
                    ? t('efficiency.commitmentStatus.pending')
                    : k.status === 'met'
                      ? t('efficiency.commitmentStatus.met')
                      : days
                        ? t('efficiency.commitment.daysLate', { days: k.shortfall ?? 0 })
                        : `${fmt(k.shortfall)} ${check?.unit ?? ''}`}
                </td>
              </tr>
            )
          })}
        </tbody>
      </table>
    </li>
  )
}
