import type { UseQueryResult } from '@tanstack/react-query'
import { type ReactNode, useId, useMemo } from 'react'
import { useTranslation } from 'react-i18next'
import { SECTORS, type Sector } from '../../../server/domain/vocabulary'
import type { Dashboard, InfrastructureCollection, Project } from '../../api/types'
import type { Selection } from '../../map/overlays'
import { apiErrorMessage } from '../milestones/api-error-message'
import { PanelFrame } from '../shell/panel-frame'
import { ChartView } from './chart-view'
import {
  infrastructureOption,
  landByMonthOption,
  lateByOwnerOption,
  lateTotal,
  signedByMonthOption,
  signedBySectorOption,
} from './dashboard-charts'
import { dashboardKpis } from './dashboard-kpis'
import { type DashboardPeriod, PERIOD_PRESETS, periodOf, presetOf } from './dashboard-period'
import { EscalationKpis } from './escalation-kpis'
import { FilterDetails } from './filter-details'
import { LateLevelsChart } from './late-levels-chart'
import { filterText, hasFilter, type MapFilter, NO_FILTER } from './map-filter'
import { ZoneWideTag } from './zone-wide-tag'

type DashboardPanelProps = {
  today: string
  period: DashboardPeriod
  onPeriod: (period: DashboardPeriod) => void
  dashboard: UseQueryResult<Dashboard>
  infrastructure: InfrastructureCollection | undefined
  filter: MapFilter
  onFilter: (filter: MapFilter) => void
  onClose?: () => void
  /** the briefing export buttons */
  actions?: ReactNode
  /** the projects, for the list of those a sector bar counted */
  projects?: readonly Project[]
  /** opens a listed project, parcel or infrastructure item */
  onSelect?: (selection: Selection) => void
}

/** 领导看板: the period, KPI cards and charts; a click on a chart element filters the map. */
export function DashboardPanel({
  today,
  period,
  onPeriod,
  dashboard,
  infrastructure,
  filter,
  onFilter,
  onClose,
  actions,
  projects,
  onSelect,
}: DashboardPanelProps) {
  const { t, i18n } = useTranslation()
  const headingId = useId()
  const id = useId()
  const data = dashboard.data
  const active = presetOf(period, today)
  const language = i18n.resolvedLanguage

  // biome-ignore lint/correctness/useExhaustiveDependencies: labels follow the language
  const options = useMemo(
    () =>
      data && {
        byMonth: signedByMonthOption(data, t),
        bySector: signedBySectorOption(data, filter, t),
        land: landByMonthOption(data, filter, t),
        late: lateByOwnerOption(data, filter, t),
      },
    [data, filter, t, language],
  )
  // biome-ignore lint/correctness/useExhaustiveDependencies: labels follow the language
  const infraOption = useMemo(() => infrastructureOption(infrastructure, t), [infrastructure, t, language])
  const sortedSectors = useMemo(
    () => (data ? [...data.signed.by_sector].sort((a, b) => a.investment_wan - b.investment_wan) : []),
    [data],
  )
  const sortedOwners = useMemo(
    () => (data ? [...data.late_by_owner].sort((a, b) => lateTotal(a) - lateTotal(b)) : []),
    [data],
  )

  const pickSector = (sector: Sector | undefined) =>
    sector && onFilter({ ...NO_FILTER, sector: filter.sector === sector ? null : sector })
  const pickMonth = (month: string | undefined) =>
    month && onFilter({ ...NO_FILTER, month: filter.month === month ? null : month })
  const pickOwner = (owner: string | undefined) =>
    owner && onFilter({ ...NO_FILTER, owner: filter.owner === owner ? null : owner })

  return (
    <PanelFrame headingId={headingId} heading={t('leader.title')} onClose={onClose}>
      <div className="dashboard" data-refreshing={dashboard.isFetching ? 'true' : undefined}>
        <fieldset className="dashboard-period">
          <legend className="map-card-title">{t('leader.period.title')}</legend>
          <div className="segmented-buttons">
            {PERIOD_PRESETS.map((preset) => (
              <button
                key={preset}
                type="button"
                className="button-small"
                aria-pressed={active === preset}
                onClick={() => onPeriod(periodOf(preset, today))}
              >
                {t(`leader.period.${preset}`)}
              </button>
            ))}
          </div>
          <div className="dashboard-period-dates">
            <label htmlFor={`${id}-from`}>{t('leader.period.from')}</label>
            <input
              id={`${id}-from`}
              type="date"
              value={period.from}
              onChange={(event) => event.target.value && onPeriod({ ...period, from: event.target.value })}
            />
            <label htmlFor={`${id}-to`}>{t('leader.period.to')}</label>
            <input
              id={`${id}-to`}
              type="date"
              value={period.to}
              onChange={(event) => event.target.value && onPeriod({ ...period, to: event.target.value })}
            />
          </div>
        </fieldset>

        {actions}

        {hasFilter(filter) && (
          <p className="dashboard-filter" role="status">
            <span>{filterText(filter, t)}</span>
            <button type="button" className="button-small" onClick={() => onFilter(NO_FILTER)}>
              {t('leader.clearFilter')}
            </button>
          </p>
        )}
        <FilterDetails filter={filter} data={data} projects={projects} period={period} onSelect={onSelect} />

        {dashboard.isError && (
          <p className="panel-error" role="alert">
            {t('panel.failed', { message: apiErrorMessage(dashboard.error) })}
          </p>
        )}
        {dashboard.isPending && <p className="panel-note">{t('panel.loading')}</p>}

        {data && options && (
          <>
            <dl className="kpi-cards" aria-label={t('leader.kpiTitle')}>
              {dashboardKpis(data, t).map((kpi) => (
                <div
                  key={kpi.key}
                  className={kpi.alert ? 'kpi-card kpi-card-alert' : 'kpi-card'}
                  data-kpi={kpi.key}
                >
                  <dt>
                    {kpi.label}
                    {/* a sector filter narrows the project figures only: the others say they are zone-wide */}
                    {filter.sector && !kpi.bySector && <ZoneWideTag />}
                  </dt>
                  <dd>{kpi.value}</dd>
                </div>
              ))}
              <EscalationKpis zoneWide={filter.sector !== null} />
            </dl>
            <p className="panel-note">{t('leader.ratesNote')}</p>

            <h3 className="dashboard-chart-title">{t('leader.chart.byMonth')}</h3>
            <ChartView
              name="signed-by-month"
              option={options.byMonth}
              label={t('leader.chart.byMonth')}
              height={170}
            />

            <h3 className="dashboard-chart-title">
              {t('leader.chart.bySector')} <span className="secondary">{t('leader.chart.clickSector')}</span>
            </h3>
            <ChartView
              name="signed-by-sector"
              option={options.bySector}
              label={t('leader.chart.bySector')}
              height={220}
              onClick={(click) => pickSector(sortedSectors[click.dataIndex]?.sector)}
            />
            <ChipRow
              label={t('leader.chart.bySector')}
              items={SECTORS.filter((s) => data.signed.by_sector.some((b) => b.sector === s)).map((s) => ({
                key: s,
                label: t(`sector.${s}`),
                pressed: filter.sector === s,
              }))}
              onPick={(key) => pickSector(key as Sector)}
            />

            <h3 className="dashboard-chart-title">
              {t('leader.chart.land')} <span className="secondary">{t('leader.chart.clickMonth')}</span>
            </h3>
            <ChartView
              name="land-by-month"
              option={options.land}
              label={t('leader.chart.land')}
              height={170}
              onClick={(click) => pickMonth(data.land.available_mu_by_month[click.dataIndex]?.month)}
            />

            <h3 className="dashboard-chart-title">
              {t('leader.chart.lateByOwner')}{' '}
              <span className="secondary">{t('leader.chart.clickOwner')}</span>
            </h3>
            <ChartView
              name="late-by-owner"
              option={options.late}
              label={t('leader.chart.lateByOwner')}
              height={Math.max(180, 28 + sortedOwners.length * 22)}
              onClick={(click) => pickOwner(sortedOwners[click.dataIndex]?.owner)}
            />
            {/* the chart's order top down: the owner with the most late items first */}
            <ChipRow
              label={t('leader.chart.lateByOwner')}
              items={[...sortedOwners].reverse().map((o) => ({
                key: o.owner,
                label: t('leader.filter.ownerChip', { owner: o.owner, count: lateTotal(o) }),
                pressed: filter.owner === o.owner,
              }))}
              onPick={pickOwner}
            />
            <LateLevelsChart />

            <h3 className="dashboard-chart-title">{t('leader.chart.infrastructure')}</h3>
            <ChartView
              name="infrastructure"
              option={infraOption}
              label={t('leader.chart.infrastructure')}
              height={170}
            />
          </>
        )}
      </div>
    </PanelFrame>
  )
}

type ChipRowProps = {
  label: string
  items: { key: string; label: string; pressed: boolean }[]
  onPick: (key: string) => void
}

/** The chart's categories as buttons, so the filter works from the keyboard too. */
function ChipRow({ label, items, onPick }: ChipRowProps) {
  return (
    <fieldset className="chip-row" aria-label={label}>
      {items.map((item) => (
        <button
          key={item.key}
          type="button"
          className="chip"
          aria-pressed={item.pressed}
          onClick={() => onPick(item.key)}
        >
          {item.label}
        </button>
      ))}
    </fieldset>
  )
}
