import { useId } from 'react'
import { useTranslation } from 'react-i18next'
import type { Milestone } from '../../api/types'
import { READINESS_COLOURS } from '../../map/layers/parcels'

type MilestoneTimelineProps = {
  milestones: readonly Milestone[]
  today: string
  targetOn: string | null
  /** the hand-over date, actual or forecast: the chart reaches it */
  handoverOn: string | null
}

const WIDTH = 388
const LABEL = 74
const ROW = 24
const TOP = 18
const DAY = 86_400_000

const PLAN_COLOUR = '#c4ccd8'
const DONE_COLOUR = '#2e7d32'
const FORECAST_COLOUR = '#5b8fd1'

function time(date: string): number {
  return Date.parse(`${date}T00:00:00Z`)
}

function isoOf(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10)
}

/**
 * Plan against actual and forecast, one row per milestone: the grey bar runs from the previous milestone's
 * planned date to this one's, the lower bar from the previous actual/forecast to this actual (green) or
 * forecast (blue, red when late). The red line is the zone's today, the dark dashed one the target.
 */
export function MilestoneTimeline({ milestones, today, targetOn, handoverOn }: MilestoneTimelineProps) {
  const { t } = useTranslation()
  const titleId = useId()
  const dates = milestones
    .flatMap((m) => [m.planned_on, m.actual_on, m.forecast_on ?? null])
    .concat([today, targetOn, handoverOn])
    .filter((d): d is string => Boolean(d))
    .map(time)
  if (milestones.length === 0 || dates.length === 0) return null
  const first = milestones.find((m) => m.planned_on)?.planned_on
  const min = Math.min(...dates, first ? time(first) - 30 * DAY : Number.POSITIVE_INFINITY) - 10 * DAY
  const max = Math.max(...dates) + 10 * DAY
  const x = (date: string) => LABEL + ((time(date) - min) / (max - min)) * (WIDTH - LABEL - 6)
  const height = TOP + milestones.length * ROW + 8

  // a bar starts where the previous milestone ended (or a month before the first planned date)
  let previousPlan: string | null = first ? isoOf(time(first) - 30 * DAY) : null
  let previousActual: string | null = previousPlan
  const rows = milestones.map((m, index) => {
    const planFrom = previousPlan
    const doneOrForecast = m.actual_on ?? m.forecast_on ?? null
    const actualFrom = previousActual ?? planFrom
    if (m.planned_on) previousPlan = m.planned_on
    if (doneOrForecast) previousActual = doneOrForecast
    return { m, index, planFrom, actualFrom, doneOrForecast }
  })

  const years = yearTicks(min, max)

  return (
    <figure className="timeline">
      <svg
        viewBox={`0 0 ${WIDTH} ${height}`}
        width="100%"
        role="img"
        aria-labelledby={titleId}
        className="timeline-chart"
      >
        <title id={titleId}>{t('timeline.title')}</title>
        {years.map((year) => {
          const at = x(`${year}-01-01`)
          return (
            <g key={year}>
              <line x1={at} x2={at} y1={TOP - 4} y2={height - 4} className="timeline-grid" />
              <text x={at + 2} y={10} className="timeline-tick">
                {year}
              </text>
            </g>
          )
        })}
        {rows.map(({ m, index, planFrom, actualFrom, doneOrForecast }) => {
          const y = TOP + index * ROW
          const late = m.status === 'late'
          const lowerColour = m.actual_on ? DONE_COLOUR : late ? READINESS_COLOURS.late : FORECAST_COLOUR
          return (
            <g key={m.kind} className={late ? 'timeline-row timeline-row-late' : 'timeline-row'}>
              <text x={0} y={y + 14} className="timeline-label">
                {t(`milestoneKind.${m.kind}`)}
              </text>
              {m.planned_on && planFrom && (
                <rect
                  x={x(planFrom)}
                  y={y + 3}
                  width={Math.max(2, x(m.planned_on) - x(planFrom))}
                  height={7}
                  rx={2}
                  fill={PLAN_COLOUR}
                >
                  <title>{`${t('timeline.plan')} ${m.planned_on}`}</title>
                </rect>
              )}
              {doneOrForecast && actualFrom && (
                <rect
                  x={Math.min(x(actualFrom), x(doneOrForecast))}
                  y={y + 12}
                  width={Math.max(2, Math.abs(x(doneOrForecast) - x(actualFrom)))}
                  height={7}
                  rx={2}
                  fill={m.actual_on ? lowerColour : 'none'}
                  stroke={lowerColour}
                  strokeWidth={1.5}
                  strokeDasharray={m.actual_on ? undefined : '3 2'}
                >
                  <title>
                    {m.actual_on
                      ? `${t('timeline.actual')} ${m.actual_on}`
                      : `${t('timeline.forecast')} ${doneOrForecast}`}
                  </title>
                </rect>
              )}
            </g>
          )
        })}
        {targetOn && (
          <g>
            <line
              x1={x(targetOn)}
              x2={x(targetOn)}
              y1={TOP - 4}
              y2={height - 2}
              className="timeline-target"
            />
            <title>{`${t('parcel.targetOn')} ${targetOn}`}</title>
          </g>
        )}
        <line x1={x(today)} x2={x(today)} y1={TOP - 6} y2={height - 2} className="timeline-today" />
        <text
          x={x(today) > WIDTH - 30 ? x(today) - 3 : x(today) + 3}
          y={TOP - 6}
          textAnchor={x(today) > WIDTH - 30 ? 'end' : 'start'}
          className="timeline-today-label"
        >
          {t('timeline.today')}
        </text>
      </svg>
      <figcaption className="timeline-legend">
        <span>
          <i className="swatch swatch-fill" style={{ background: PLAN_COLOUR }} /> {t('timeline.plan')}
        </span>
        <span>
          <i className="swatch swatch-fill" style={{ background: DONE_COLOUR }} /> {t('timeline.actual')}
        </span>
        <span>
          <i
            className="swatch swatch-fill timeline-swatch-forecast"
            style={{ borderColor: FORECAST_COLOUR }}
          />{' '}
          {t('timeline.forecast')}
        </span>
        <span>
          <i className="swatch swatch-line" style={{ background: READINESS_COLOURS.late }} />{' '}
          {t('timeline.today')}
        </span>
      </figcaption>
    </figure>
  )
}

function yearTicks(min: number, max: number): number[] {
  const years: number[] = []
  for (let year = new Date(min).getUTCFullYear() + 1; year <= new Date(max).getUTCFullYear(); year++) {
    years.push(year)
  }
  return years
}
