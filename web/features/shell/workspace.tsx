import { useCallback, useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { Zone } from '../../api/types'
import { LayerToggles } from '../../map/layer-toggles'
import { MapLegend } from '../../map/map-legend'
import { MapView } from '../../map/map-view'
import type { Overlay, OverlayVisibility, Selection } from '../../map/overlays'
import { useInfrastructure } from '../infrastructure/use-infrastructure'
import { ParcelPanel } from '../parcels/parcel-panel'
import { useParcels } from '../parcels/use-parcels'
import { ProjectPanel } from '../projects/project-panel'
import { useProjects } from '../projects/use-projects'
import { ZoneOverview } from '../zone/zone-overview'
import { PanelBoundary } from './panel-boundary'

type WorkspaceProps = { zone: Zone }

/** The map beside the side panel, with layer toggles and the legend over the map. */
export function Workspace({ zone }: WorkspaceProps) {
  const { t } = useTranslation()
  const parcels = useParcels()
  const projects = useProjects()
  const infrastructure = useInfrastructure()
  const [visibility, setVisibility] = useState<OverlayVisibility>({
    parcels: true,
    projects: true,
    infrastructure: true,
  })
  const [selection, setSelection] = useState<Selection | null>(null)

  const toggle = useCallback((overlay: Overlay, visible: boolean) => {
    setVisibility((current) => ({ ...current, [overlay]: visible }))
  }, [])
  const close = useCallback(() => setSelection(null), [])

  const selectedProject =
    selection?.kind === 'project' ? projects.data?.find((project) => project.id === selection.id) : undefined
  const failed = [parcels, projects, infrastructure].find((query) => query.status === 'error')
  const loading = [parcels, projects, infrastructure].some((query) => query.status === 'loading')

  return (
    <div className="workspace">
      <div className="map-area">
        <MapView
          zone={zone}
          parcels={parcels.data}
          projects={projects.data}
          infrastructure={infrastructure.data}
          visibility={visibility}
          selection={selection}
          onSelect={setSelection}
        />
        <div className="map-overlay map-overlay-left">
          <LayerToggles visibility={visibility} onChange={toggle} />
          <MapLegend visibility={visibility} />
        </div>
        {(loading || failed) && (
          <p className={failed ? 'map-status map-status-error' : 'map-status'} role="status">
            {failed?.error ? t('map.loadFailed', { message: failed.error.message }) : t('map.loading')}
          </p>
        )}
      </div>
      <div className="side-panel">
        <PanelBoundary
          key={selection ? `${selection.kind}:${selection.id}` : 'overview'}
          fallback={
            <p className="panel-error panel-body" role="alert">
              {t('panel.failed', { message: '' })}
            </p>
          }
        >
          {selection?.kind === 'parcel' ? (
            <ParcelPanel key={selection.id} parcelId={selection.id} onClose={close} />
          ) : selectedProject ? (
            <ProjectPanel key={selectedProject.id} project={selectedProject} onClose={close} />
          ) : (
            <ZoneOverview
              zone={zone}
              parcels={parcels.data}
              projects={projects.data}
              infrastructure={infrastructure.data}
            />
          )}
        </PanelBoundary>
      </div>
    </div>
  )
}
