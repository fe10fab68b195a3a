import { describe, expect, it } from 'vitest'
import { briefingContent } from '../../../../web/features/briefing/briefing-content'
import { NO_FILTER } from '../../../../web/features/dashboard/map-filter'
import { dashboardFixture as data, zh } from '../../../support/dashboard-fixture'

const content = (filter: typeof NO_FILTER) =>
  briefingContent({
    zone: { name: '示范园区', today: '2026-11-28' },
    data,
    fetchedAt: Date.parse('2026-11-28T02:30:00Z'),
    period: { from: '2026-01-01', to: '2026-04-30' },
    filter,
    parcelView: { colourMode: 'status', asOf: null },
    visibility: { parcels: true, projects: true, infrastructure: true },
    t: zh,
    language: 'zh-CN',
  })

describe('briefingContent', () => {
  it('says under a sector filter which headline figures count the sector and that the others are zone-wide', () => {
    expect(content({ ...NO_FILTER, sector: 'automotive' }).subtitle).toBe(
      '统计期间 2026-01-01 至 2026-04-30 · 产业：汽车智装 · 签约、增资扩产、落地率和转化率只统计汽车智装，其余指标为全区数据',
    )
  })

  it('says an owner or month filter leaves the figures zone-wide, and says nothing without a filter', () => {
    expect(content({ ...NO_FILTER, owner: '建设局' }).subtitle).toBe(
      '统计期间 2026-01-01 至 2026-04-30 · 建设局 的滞后事项 · 指标为全区数据，不随此筛选变化',
    )
    expect(content(NO_FILTER).subtitle).toBe('统计期间 2026-01-01 至 2026-04-30')
  })
})
