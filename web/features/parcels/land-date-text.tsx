import { useTranslation } from 'react-i18next'
import type { LandDate } from './land-dates'

/** 可供日期 or 交地日期 in words: its plan, then its actual date or, while not done, its forecast; — when none. */
export function LandDateText({ date }: { date: LandDate }) {
  const { t } = useTranslation()
  const { plan, actual, forecast } = date
  if (!plan && !actual && !forecast) return <>{t('common.none')}</>
  return (
    <span className="land-date">
      {plan && <span className="land-date-plan mono">{t('parcel.datePlan', { date: plan })}</span>}
      {actual && <span className="land-date-actual mono">{t('parcel.dateActual', { date: actual })}</span>}
      {!actual && forecast && (
        <span
          className={
            plan && forecast > plan ? 'land-date-forecast land-date-behind mono' : 'land-date-forecast mono'
          }
        >
          {t('parcel.dateForecast', { date: forecast })}
        </span>
      )}
    </span>
  )
}
