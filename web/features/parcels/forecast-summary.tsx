import { useTranslation } from 'react-i18next'
import type { LandDate } from './land-dates'

type ForecastSummaryProps = { targetOn: string | null; handover: LandDate }

const DAY = 86_400_000

/** The hand-over date (actual, else forecast) against the target hand-over date: how many days late or early. */
export function ForecastSummary({ targetOn, handover }: ForecastSummaryProps) {
  const { t } = useTranslation()
  const date = handover.actual ?? handover.forecast
  if (!targetOn || !date) return null
  const days = Math.round((Date.parse(date) - Date.parse(targetOn)) / DAY)
  // a parcel handed over is never late: its actual date is told, not coloured as a slip
  const late = days > 0 && !handover.actual
  return (
    <p className={late ? 'forecast-summary forecast-summary-late' : 'forecast-summary'}>
      {t(handover.actual ? 'timeline.doneVsTarget' : 'timeline.vsTarget', {
        handover: date,
        target: targetOn,
      })}
      {' · '}
      {days > 0
        ? t('timeline.slip', { count: days })
        : days < 0
          ? t('timeline.ahead', { count: -days })
          : t('timeline.onTarget')}
    </p>
  )
}
