import { useId } from 'react'
import { useTranslation } from 'react-i18next'
import type { InfrastructureCollection, Project, Zone } from '../../api/types'
import { formatMu } from '../../i18n/formatters'
import { PanelFrame } from '../shell/panel-frame'
import { useZone } from './use-zone'

type ZoneOverviewProps = {
  zone: Zone
  projects: readonly Project[] | undefined
  infrastructure: InfrastructureCollection | undefined
}

/** What the side panel shows when nothing is selected: a few headline figures. */
export function ZoneOverview({ zone, projects, infrastructure }: ZoneOverviewProps) {
  const { t } = useTranslation()
  const headingId = useId()
  const none = t('common.none')
  // the zone's own figures are counted by the server (a city has too many parcels to count here); the zone
  // query is fetched again after every change to parcels or projects
  const fresh = useZone()
  const parcels = (fresh.data ?? zone).parcels
  const availableMu = parcels?.available_mu
  const mappedProjects = projects?.filter((project) => project.location).length
  const lateInfrastructure = infrastructure?.features.filter((feature) => feature.properties.late).length

  return (
    <PanelFrame headingId={headingId} heading={t('overview.title')}>
      <p className="overview-zone">
        <strong>{zone.name}</strong>
        <span className="secondary mono">{t('overview.today', { date: zone.today })}</span>
      </p>
      <dl className="kpis">
        <div>
          <dt>{t('overview.parcels')}</dt>
          <dd>{parcels ? t('overview.count', { count: parcels.count }) : none}</dd>
        </div>
        <div>
          <dt>{t('overview.availableMu')}</dt>
          <dd>{availableMu === undefined ? none : t('unit.mu', { value: formatMu(availableMu) })}</dd>
        </div>
        <div>
          <dt>{t('overview.projects')}</dt>
          <dd>{mappedProjects === undefined ? none : t('overview.count', { count: mappedProjects })}</dd>
        </div>
        <div>
          <dt>{t('overview.infrastructureLate')}</dt>
          <dd className={lateInfrastructure ? 'kpi-alert' : undefined}>
            {lateInfrastructure === undefined ? none : t('overview.count', { count: lateInfrastructure })}
          </dd>
        </div>
      </dl>
      <p className="panel-note">{t('overview.hint')}</p>
    </PanelFrame>
  )
}
