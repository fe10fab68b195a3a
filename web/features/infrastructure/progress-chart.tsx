import { useMemo } from 'react'
import { useTranslation } from 'react-i18next'
import { INFRASTRUCTURE_PROGRESS_COLOURS } from '../../../server/domain/colours'
import type { InfrastructureDetail } from '../../api/types'
import { ChartView } from '../dashboard/chart-view'
import type { ChartOption } from '../dashboard/echarts-core'

/** The progress curve: each reported % on its date (a time axis), with the planned finish marked. */
export function ProgressChart({ item }: { item: InfrastructureDetail }) {
  const { t } = useTranslation()
  const { progress } = item
  const plannedFinish = item.properties.planned_finish
  const option: ChartOption = useMemo(
    () => ({
      grid: { left: 8, right: 20, top: 20, bottom: 8, containLabel: true },
      tooltip: { trigger: 'axis' },
      xAxis: { type: 'time', axisLabel: { fontSize: 10 } },
      yAxis: { type: 'value', min: 0, max: 100, axisLabel: { fontSize: 10, formatter: '{value}%' } },
      series: [
        {
          type: 'line',
          name: t('leader.infra.progress'),
          step: 'end',
          symbolSize: 6,
          data: progress.map((p) => [p.reported_on, p.progress_pct]),
          lineStyle: { color: INFRASTRUCTURE_PROGRESS_COLOURS.in_progress_end },
          itemStyle: { color: INFRASTRUCTURE_PROGRESS_COLOURS.in_progress_end },
          markLine: plannedFinish
            ? {
                symbol: 'none',
                label: { formatter: t('leader.infra.plannedFinish'), fontSize: 10 },
                lineStyle: { color: INFRASTRUCTURE_PROGRESS_COLOURS.late, type: 'dashed' },
                data: [{ xAxis: plannedFinish }],
              }
            : undefined,
        },
      ],
    }),
    [progress, plannedFinish, t],
  )
  if (progress.length === 0) return <p className="panel-note">{t('leader.infra.noProgress')}</p>
  return (
    <ChartView name="infrastructure-progress" option={option} label={t('leader.infra.curve')} height={180} />
  )
}
