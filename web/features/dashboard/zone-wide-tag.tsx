import { useTranslation } from 'react-i18next'

/** 全区, beside a headline figure that a sector filter does not narrow (issue 15: the KPIs say what they count). */
export function ZoneWideTag() {
  const { t } = useTranslation()
  return <span className="kpi-scope">{t('pipeline.leader.zoneWide')}</span>
}
