import { useEffect, useRef, useState } from 'react'
import type { ChartOption, echarts } from './echarts-core'

declare global {
  interface Window {
    /** The dashboard's charts by name, for browser tests and debugging. */
    __guatuCharts?: Record<string, echarts.ECharts>
  }
}

/** What a click on a chart element gives: the category's name and its index. */
export type ChartClick = { name: string; dataIndex: number; seriesIndex: number }

type ChartViewProps = {
  name: string
  option: ChartOption
  label: string
  height?: number
  onClick?: (click: ChartClick) => void
}

/**
 * One ECharts chart (canvas), resized with its box; the option is replaced, not merged, on each change.
 * ECharts is loaded on first use, so the map does not wait for it.
 */
export function ChartView({ name, option, label, height = 200, onClick }: ChartViewProps) {
  const ref = useRef<HTMLDivElement>(null)
  const [chart, setChart] = useState<echarts.ECharts | null>(null)
  // the current option is drawn, its animation over (browser tests click bars only then)
  const [drawn, setDrawn] = useState(false)
  const onClickRef = useRef(onClick)
  useEffect(() => {
    onClickRef.current = onClick
  }, [onClick])

  useEffect(() => {
    const element = ref.current
    if (!element) return
    let instance: echarts.ECharts | null = null
    let observer: ResizeObserver | null = null
    let gone = false
    void import('./echarts-core').then(({ echarts }) => {
      if (gone) return
      const created = echarts.init(element, undefined, { renderer: 'canvas' })
      instance = created
      created.on('finished', () => setDrawn(true))
      created.on('click', (params) => {
        onClickRef.current?.({
          name: String(params.name),
          dataIndex: params.dataIndex,
          seriesIndex: params.seriesIndex ?? 0,
        })
      })
      window.__guatuCharts = { ...window.__guatuCharts, [name]: created }
      observer = new ResizeObserver(() => created.resize())
      observer.observe(element)
      setChart(created)
    })
    return () => {
      gone = true
      observer?.disconnect()
      if (instance) {
        if (window.__guatuCharts?.[name] === instance) delete window.__guatuCharts[name]
        instance.dispose()
      }
      setChart(null)
    }
  }, [name])

  useEffect(() => {
    if (!chart) return
    setDrawn(false)
    chart.setOption(option, { notMerge: true })
  }, [chart, option])

  return (
    <div
      ref={ref}
      className="chart-view"
      style={{ height }}
      role="img"
      aria-label={label}
      data-chart={name}
      data-ready={chart && drawn ? 'true' : undefined}
      data-clickable={onClick ? 'true' : undefined}
    />
  )
}
