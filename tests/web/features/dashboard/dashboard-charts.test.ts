import { describe, expect, it } from 'vitest'
import {
  landByMonthOption,
  lateByOwnerOption,
  signedByMonthOption,
  signedBySectorOption,
} from '../../../../web/features/dashboard/dashboard-charts'
import { dashboardKpis } from '../../../../web/features/dashboard/dashboard-kpis'
import { NO_FILTER } from '../../../../web/features/dashboard/map-filter'
import { dashboardFixture as data, english, zh } from '../../../support/dashboard-fixture'

type Bar = { value: number; itemStyle: { color: string } }
type Series = { name: string; itemStyle: { color: string }; data: Bar[] }
type Axis = { data?: string[]; name?: string; axisLabel: { interval?: number; hideOverlap?: boolean } }

describe('lateByOwnerOption', () => {
  it('gives each series the colour of its bars, so the legend shows the colours drawn', () => {
    const option = lateByOwnerOption(data, NO_FILTER, zh) as unknown as { series: Series[] }
    expect(option.series.map((s) => [s.name, s.itemStyle.color])).toEqual([
      ['滞后节点', '#d62f2f'],
      ['逾期难点', '#f08c1a'],
      ['滞后基础设施', '#7b3fa0'],
      ['跟进逾期', '#1f6fc5'],
      ['标准地违约', '#8a5a00'],
    ])
    for (const s of option.series) {
      expect(s.data.map((bar) => bar.itemStyle.color)).toEqual([s.itemStyle.color, s.itemStyle.color])
    }
  })

  it('pales the other owners once one is picked, the picked owner keeping the legend colours', () => {
    const option = lateByOwnerOption(data, { ...NO_FILTER, owner: '规划局' }, zh) as unknown as {
      series: Series[]
      yAxis: Axis
    }
    // fewest late items first (ECharts draws the first category at the bottom)
    expect(option.yAxis.data).toEqual(['规划局', '建设局'])
    const blockers = option.series[1] as Series
    expect(blockers.data.map((bar) => [bar.value, bar.itemStyle.color])).toEqual([
      [2, '#f08c1a'],
      [1, '#fbd9a8'],
    ])
  })
})

describe('dashboard charts', () => {
  it('show every category label: none is skipped or hidden as overlapping', () => {
    const options = [
      signedByMonthOption(data, zh),
      signedBySectorOption(data, NO_FILTER, zh),
      landByMonthOption(data, NO_FILTER, zh),
      lateByOwnerOption(data, NO_FILTER, zh),
    ] as unknown as { xAxis: Axis; yAxis: Axis }[]
    for (const option of options) {
      const category = option.xAxis.data ? option.xAxis : option.yAxis
      expect(category.axisLabel.interval).toBe(0)
      expect(category.axisLabel.hideOverlap).toBe(false)
    }
  })

  it('name the sectors in words and the amount axis in the interface language', () => {
    const sector = signedBySectorOption(data, NO_FILTER, english) as unknown as { yAxis: Axis }
    expect(sector.yAxis.data).toEqual(['Automotive & smart equipment', 'Biomedicine'])
    const month = signedByMonthOption(data, english) as unknown as { yAxis: Axis }
    expect(month.yAxis.name).toBe('100M CNY')
    expect((signedByMonthOption(data, zh) as unknown as { yAxis: Axis }).yAxis.name).toBe('亿元')
  })
})

describe('dashboardKpis', () => {
  it('gives the amount in 亿元 in Chinese and in 100M CNY in English, with no 亿元 left', () => {
    const amount = (t: typeof zh) => dashboardKpis(data, t).find((k) => k.key === 'amount')
    expect(amount(zh)).toEqual({ key: 'amount', label: '签约金额', value: '95.43 亿元', bySector: true })
    expect(amount(english)?.value).toBe('95.43 ×100M CNY')
    const englishText = JSON.stringify(dashboardKpis(data, english))
    expect(englishText).not.toMatch(/亿|个|项/)
  })

  it('marks the figures a sector filter narrows: the projects signed, expanding, landing and converting', () => {
    // the server counts these of the sector (server/db/dashboard.ts), the others over the whole zone
    expect(
      dashboardKpis(data, zh)
        .filter((k) => k.bySector)
        .map((k) => k.key),
    ).toEqual(['signed', 'amount', 'over10', 'over1', 'expansion', 'landing', 'conversion'])
  })
})
