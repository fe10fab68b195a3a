import { useQuery } from '@tanstack/react-query'
import type { TFunction } from 'i18next'
import { useMemo } from 'react'
import { useTranslation } from 'react-i18next'
import { ESCALATION_COLOURS } from '../../../server/domain/colours'
import type { LateItem } from '../meetings/meetings-api'
import { meetingQueries } from '../meetings/meetings-api'
import { useDepartments } from '../meetings/use-departments'
import { ChartView } from './chart-view'
import type { ChartOption } from './echarts-core'

const LEVELS = ['red', 'yellow', 'normal'] as const

/**
 * 滞后事项按责任单位与等级: the late items of each department (GET /api/late), stacked red, yellow and below yellow
 * in the levels' own colours, the department with the most red cards on top.
 */
export function lateLevelsOption(
  items: readonly LateItem[],
  nameOf: (name: string | null) => string,
  t: TFunction,
): ChartOption {
  const byDepartment = new Map<string, Record<(typeof LEVELS)[number], number>>()
  for (const item of items) {
    const name = nameOf(item.department)
    const counts = byDepartment.get(name) ?? { red: 0, yellow: 0, normal: 0 }
    counts[item.level]++
    byDepartment.set(name, counts)
  }
  // ECharts draws a category axis bottom up: the worst department last
  const rows = [...byDepartment.entries()].sort(
    ([a, x], [b, y]) => x.red - y.red || x.yellow - y.yellow || x.normal - y.normal || b.localeCompare(a),
  )
  return {
    grid: { left: 8, right: 16, top: 44, bottom: 8, containLabel: true },
    legend: { top: 0, textStyle: { fontSize: 11 } },
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    xAxis: { type: 'value', minInterval: 1, axisLabel: { fontSize: 11 } },
    yAxis: {
      type: 'category',
      data: rows.map(([name]) => name),
      axisLabel: { fontSize: 11, interval: 0, hideOverlap: false },
    },
    series: LEVELS.map((level) => ({
      type: 'bar' as const,
      stack: 'level',
      name: t(`meetings.level.${level}`),
      itemStyle: { color: ESCALATION_COLOURS[level] },
      data: rows.map(([, counts]) => counts[level]),
    })),
  }
}

/** The leaders' dashboard's chart of late items by department and level (issue 16). */
export function LateLevelsChart() {
  const { t, i18n } = useTranslation()
  const late = useQuery(meetingQueries.late())
  const { departments, nameOf } = useDepartments()
  const language = i18n.resolvedLanguage
  // biome-ignore lint/correctness/useExhaustiveDependencies: names follow the language and the departments
  const option = useMemo(
    () => (late.data ? lateLevelsOption(late.data, nameOf, t) : null),
    [late.data, departments, t, language],
  )
  if (!option || !late.data) return null
  const rows = new Set(late.data.map((item) => item.department)).size
  return (
    <>
      <h3 className="dashboard-chart-title">{t('meetings.chart.byLevel')}</h3>
      <ChartView
        name="late-by-level"
        option={option}
        label={t('meetings.chart.byLevel')}
        height={Math.max(180, 52 + rows * 22)}
      />
    </>
  )
}
