import type { TFunction } from 'i18next'
import type { BriefingBody, Dashboard, Zone } from '../../api/types'
import { formatTimestamp } from '../../i18n/formatters'
import type { ParcelView } from '../../map/map-view'
import type { OverlayVisibility } from '../../map/overlays'
import { LATE_SERIES, lateTotal } from '../dashboard/dashboard-charts'
import { dashboardKpis } from '../dashboard/dashboard-kpis'
import type { DashboardPeriod } from '../dashboard/dashboard-period'
import { itemLabel, ownerItems } from '../dashboard/filter-items'
import { filterText, hasFilter, type MapFilter } from '../dashboard/map-filter'
import { briefingLegend } from './briefing-legend'

export type BriefingContent = Omit<BriefingBody, 'map_png' | 'map_scale'>

type ContentInput = {
  zone: Pick<Zone, 'name' | 'today'>
  data: Dashboard
  /** when the figures were fetched (ms since the epoch): the "as of" stamp */
  fetchedAt: number
  period: DashboardPeriod
  filter: MapFilter
  parcelView: Pick<ParcelView, 'colourMode' | 'asOf'>
  visibility: OverlayVisibility
  t: TFunction
  language: string
}

const TOP_CATEGORIES = 8
const LATE_OWNERS = 6
const LATE_ITEMS = 4

/**
 * What the A3 briefing shows besides the map (issue 15): the period, filter and playback date, an "as of" stamp,
 * the headline figures as the dashboard shows them for the active period and sector, the four charts, the owners
 * with the most late items and their longest late ones, and the legend of what the map shows in its colour mode.
 */
export function briefingContent(input: ContentInput): BriefingContent {
  const { data, period, filter, parcelView, t } = input
  const subtitle = [
    t('leader.briefing.period', { from: period.from, to: period.to }),
    hasFilter(filter) ? filterText(filter, t) : null,
    // which headline figures the filter narrows: a sector the project figures only, the others none
    filter.sector
      ? t('pipeline.leader.kpisFollowBriefing', { sector: t(`sector.${filter.sector}`) })
      : hasFilter(filter)
        ? t('pipeline.leader.kpisDoNot')
        : null,
    parcelView.asOf ? t('leader.briefing.asOf', { date: parcelView.asOf }) : null,
  ]
    .filter(Boolean)
    .join(' · ')
  return {
    title: t('leader.briefing.docTitle', { zone: input.zone.name }),
    subtitle,
    date: input.zone.today,
    stamp: t('leader.briefing.stamp', { time: formatTimestamp(new Date(input.fetchedAt).toISOString()) }),
    kpis: dashboardKpis(data, t).map(({ label, value, alert }) => ({
      label,
      value,
      ...(alert ? { alert } : {}),
    })),
    charts: briefingCharts(data, filter, t, input.language),
    late: lateByOwner(data, filter, t),
    headings: { legend: t('legend.title'), late: t('leader.chart.lateByOwner') },
    legend: briefingLegend(input.visibility, parcelView, t, filter.month !== null || filter.owner !== null),
  }
}

/** "2026-03" → "3月" / "Mar"; with the year when the months run over more than a year ("26/3"). */
function monthLabels(months: readonly string[], language: string): string[] {
  const short = new Intl.DateTimeFormat(language, { month: 'short', timeZone: 'UTC' })
  return months.map((month) => {
    const [year, number] = month.split('-').map(Number) as [number, number]
    return months.length > 12 ? `${year % 100}/${number}` : short.format(Date.UTC(year, number - 1, 15))
  })
}

function briefingCharts(data: Dashboard, filter: MapFilter, t: TFunction, language: string) {
  const sectors = [...data.signed.by_sector]
    .sort((a, b) => b.investment_wan - a.investment_wan)
    .slice(0, TOP_CATEGORIES)
  const land = data.land.available_mu_by_month
  const owners = [...data.late_by_owner].sort((a, b) => lateTotal(b) - lateTotal(a)).slice(0, TOP_CATEGORIES)
  const landMonths = monthLabels(
    land.map((m) => m.month),
    language,
  )
  return [
    {
      title: `${t('leader.chart.byMonth')}（${t('leader.unit.yiAxis')}）`,
      categories: monthLabels(
        data.signed.by_month.map((m) => m.month),
        language,
      ),
      series: [
        {
          name: t('leader.chart.amount'),
          colour: '#1f6fc5',
          values: data.signed.by_month.map((m) => m.investment_yi),
        },
      ],
    },
    {
      title: `${t('leader.chart.bySector')}（${t('leader.unit.yiAxis')}）`,
      horizontal: true,
      categories: sectors.map((s) => t(`sector.${s.sector}`)),
      series: [
        { name: t('leader.chart.amount'), colour: '#1f6fc5', values: sectors.map((s) => s.investment_yi) },
      ],
      ...(filter.sector ? { highlight: t(`sector.${filter.sector}`) } : {}),
    },
    {
      title: `${t('leader.chart.land')}（${t('leader.unit.muAxis')}）`,
      categories: landMonths,
      series: [{ name: t('leader.chart.land'), colour: '#3fae6a', values: land.map((m) => m.mu) }],
      ...(filter.month ? { highlight: landMonths[land.findIndex((m) => m.month === filter.month)] } : {}),
    },
    {
      title: t('leader.chart.lateByOwner'),
      horizontal: true,
      categories: owners.map((o) => o.owner),
      series: LATE_SERIES(t).map((s) => ({
        name: s.name,
        colour: s.colour,
        values: owners.map((o) => o[s.key]),
      })),
      ...(filter.owner ? { highlight: filter.owner } : {}),
    },
  ]
}

/** The owners with the most late items (only the filtered one when an owner is picked), their longest late first. */
function lateByOwner(data: Dashboard, filter: MapFilter, t: TFunction) {
  const owners = [...data.late_by_owner]
    .filter((o) => filter.owner === null || o.owner === filter.owner)
    .sort((a, b) => lateTotal(b) - lateTotal(a) || a.owner.localeCompare(b.owner))
    .slice(0, LATE_OWNERS)
  return owners.map((o) => ({
    owner: o.owner,
    count: lateTotal(o),
    items: [...ownerItems(data, o.owner)]
      .sort((a, b) => b.days_late - a.days_late)
      .slice(0, filter.owner ? 12 : LATE_ITEMS)
      .map((item) => ({
        label: itemLabel(item, t),
        detail: `${item.due_on} · ${t('pipeline.leader.daysLate', { days: item.days_late })}`,
      })),
  }))
}
