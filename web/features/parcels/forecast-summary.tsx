import { useTranslation } from 'react-i18next'

type ForecastSummaryProps = { targetOn: string | null; availableOn: string | null }

const DAY = 86_400_000

/** The forecast hand-over date against the target: how many days late or early. */
export function ForecastSummary({ targetOn, availableOn }: ForecastSummaryProps) {
  const { t } = useTranslation()
  if (!targetOn || !availableOn) return null
  const days = Math.round((Date.parse(availableOn) - Date.parse(targetOn)) / DAY)
  return (
    <p className={days > 0 ? 'forecast-summary forecast-summary-late' : 'forecast-summary'}>
      {t('timeline.vsTarget', { available: availableOn, target: targetOn })}
      {' · '}
      {days > 0
        ? t('timeline.slip', { count: days })
        : days < 0
          ? t('timeline.ahead', { count: -days })
          : t('timeline.onTarget')}
    </p>
  )
}
