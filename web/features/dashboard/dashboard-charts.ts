import type { TFunction } from 'i18next'
import { INFRASTRUCTURE_PROGRESS_COLOURS } from '../../../server/domain/colours'
import { INFRASTRUCTURE_KINDS } from '../../../server/domain/vocabulary'
import type { Dashboard, InfrastructureCollection } from '../../api/types'
import type { ChartOption } from './echarts-core'
import type { MapFilter } from './map-filter'

const ACCENT = '#1f6fc5'
const SELECTED = '#e91e63'
const GRID = { left: 8, right: 16, top: 24, bottom: 8, containLabel: true }
// every category label shown (none skipped), long ones wrapped by the grid's containLabel
const AXIS_LABEL = { fontSize: 11, interval: 0, hideOverlap: false }

const bar = (value: number, selected: boolean, colour = ACCENT) => ({
  value,
  itemStyle: { color: selected ? SELECTED : colour },
})

/** 签约金额按月 (亿元). */
export function signedByMonthOption(data: Dashboard, t: TFunction): ChartOption {
  const months = data.signed.by_month
  return {
    grid: GRID,
    tooltip: { trigger: 'axis', valueFormatter: (v) => t('leader.unit.yi', { value: Number(v).toFixed(2) }) },
    xAxis: { type: 'category', data: months.map((m) => m.month), axisLabel: AXIS_LABEL },
    yAxis: { type: 'value', name: t('leader.unit.yiAxis'), axisLabel: AXIS_LABEL },
    series: [
      {
        type: 'bar',
        name: t('leader.chart.amount'),
        data: months.map((m) => m.investment_yi),
        itemStyle: { color: ACCENT },
      },
    ],
  }
}

/** 签约金额按产业 (亿元), largest first; the filtered sector is highlighted. */
export function signedBySectorOption(data: Dashboard, filter: MapFilter, t: TFunction): ChartOption {
  const sectors = [...data.signed.by_sector].sort((a, b) => a.investment_wan - b.investment_wan)
  return {
    grid: GRID,
    tooltip: {
      trigger: 'axis',
      axisPointer: { type: 'shadow' },
      valueFormatter: (v) => t('leader.unit.yi', { value: Number(v).toFixed(2) }),
    },
    xAxis: { type: 'value', axisLabel: AXIS_LABEL },
    yAxis: { type: 'category', data: sectors.map((s) => t(`sector.${s.sector}`)), axisLabel: AXIS_LABEL },
    series: [
      {
        type: 'bar',
        name: t('leader.chart.amount'),
        data: sectors.map((s) => bar(s.investment_yi, filter.sector === s.sector)),
        label: { show: true, position: 'right', fontSize: 10, formatter: (p) => Number(p.value).toFixed(2) },
      },
    ],
  }
}

/** 供地按月 (亩); the filtered month is highlighted. */
export function landByMonthOption(data: Dashboard, filter: MapFilter, t: TFunction): ChartOption {
  const months = data.land.available_mu_by_month
  return {
    grid: GRID,
    tooltip: { trigger: 'axis', valueFormatter: (v) => t('leader.unit.mu', { value: Number(v).toFixed(2) }) },
    xAxis: { type: 'category', data: months.map((m) => m.month), axisLabel: AXIS_LABEL },
    yAxis: { type: 'value', name: t('leader.unit.muAxis'), axisLabel: AXIS_LABEL },
    series: [
      {
        type: 'bar',
        name: t('leader.chart.land'),
        data: months.map((m) => bar(m.mu, filter.month === m.month, '#3fae6a')),
      },
    ],
  }
}

/** The late-by-owner chart's series (stacked), with their colours and the pale ones of owners not picked. */
export const LATE_SERIES = (t: TFunction) =>
  [
    { key: 'milestones', name: t('leader.chart.lateMilestones'), colour: '#d62f2f', pale: '#f3b4b4' },
    { key: 'blockers', name: t('leader.chart.overdueBlockers'), colour: '#f08c1a', pale: '#fbd9a8' },
    {
      key: 'infrastructure',
      name: t('pipeline.leader.lateInfrastructure'),
      colour: '#7b3fa0',
      pale: '#d9c3e6',
    },
    { key: 'follow_ups', name: t('pipeline.leader.lateFollowUps'), colour: '#1f6fc5', pale: '#b9d3f0' },
    // breached 标准地 commitments (issue 18)
    { key: 'commitments', name: t('efficiency.kpi.lateCommitments'), colour: '#8a5a00', pale: '#e6d3b0' },
  ] as const

/**
 * 滞后事项按责任单位: late milestones, overdue blockers, late infrastructure, late follow-ups and breached 标准地
 * commitments, stacked; each
 * series carries its colour so the legend shows the bars' colours; the filtered owner is highlighted.
 */
export function lateByOwnerOption(data: Dashboard, filter: MapFilter, t: TFunction): ChartOption {
  const owners = [...data.late_by_owner].sort((a, b) => lateTotal(a) - lateTotal(b))
  const faded = (owner: string) => filter.owner !== null && filter.owner !== owner
  const series = LATE_SERIES(t)
  return {
    grid: { ...GRID, top: 44 },
    legend: { top: 0, textStyle: { fontSize: 11 } },
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    xAxis: { type: 'value', axisLabel: AXIS_LABEL, minInterval: 1 },
    yAxis: { type: 'category', data: owners.map((o) => o.owner), axisLabel: AXIS_LABEL },
    series: series.map((s) => ({
      type: 'bar' as const,
      stack: 'late',
      name: s.name,
      // the series colour is what the legend shows
      itemStyle: { color: s.colour },
      data: owners.map((o) => ({
        value: o[s.key],
        itemStyle: { color: faded(o.owner) ? s.pale : s.colour },
      })),
    })),
  }
}

/** All late items of an owner. */
export function lateTotal(o: Dashboard['late_by_owner'][number]): number {
  return o.milestones + o.blockers + o.infrastructure + o.follow_ups + o.commitments
}

/** 基础设施进度: average progress (%) per kind, and how many of each kind are late. */
export function infrastructureOption(
  infrastructure: InfrastructureCollection | undefined,
  t: TFunction,
): ChartOption {
  const kinds = INFRASTRUCTURE_KINDS.map((kind) => {
    const items = (infrastructure?.features ?? []).filter((f) => f.properties.kind === kind)
    const avg = items.length ? items.reduce((n, f) => n + f.properties.progress_pct, 0) / items.length : 0
    return { kind, count: items.length, avg, late: items.filter((f) => f.properties.late).length }
  }).filter((k) => k.count > 0)
  const c = INFRASTRUCTURE_PROGRESS_COLOURS
  return {
    grid: GRID,
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    xAxis: {
      type: 'category',
      data: kinds.map((k) => t(`infrastructureKind.${k.kind}`)),
      axisLabel: { ...AXIS_LABEL, rotate: kinds.length > 5 ? 30 : 0 },
    },
    yAxis: { type: 'value', max: 100, axisLabel: { ...AXIS_LABEL, formatter: '{value}%' } },
    series: [
      {
        type: 'bar',
        name: t('leader.chart.avgProgress'),
        data: kinds.map((k) => ({
          value: Math.round(k.avg * 10) / 10,
          itemStyle: { color: k.late > 0 ? c.late : k.avg >= 100 ? c.done : c.in_progress_end },
        })),
        label: { show: true, position: 'top', fontSize: 10, formatter: '{c}%' },
      },
    ],
  }
}
