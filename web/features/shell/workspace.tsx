import { useCallback, useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { SearchHit } from '../../../server/domain/search'
import type { ParcelTileUpdate } from '../../api/live-stream'
import type { ParcelMatch, ParcelReadiness, Session, Zone } from '../../api/types'
import { LayerToggles } from '../../map/layer-toggles'
import { MapLegend } from '../../map/map-legend'
import { type MapSnapshot, MapView } from '../../map/map-view'
import type { LonLat } from '../../map/measure'
import type { Overlay, OverlayVisibility, Selection } from '../../map/overlays'
import { AdminPanel } from '../admin/admin-panel'
import { BriefingExport } from '../briefing/briefing-export'
import { DashboardPanel } from '../dashboard/dashboard-panel'
import { MapFilterCard } from '../dashboard/map-filter-card'
import { useLeaderView } from '../dashboard/use-leader-view'
import { InspectHereButton } from '../field/field-section'
import { EvaluationPanel } from '../firms/evaluation-panel'
import { FirmPanel } from '../firms/firm-panel'
import { IndicatorImportPanel } from '../firms/indicator-import'
import { LateCommitments } from '../firms/late-commitments'
import { RevitalizePanel } from '../firms/revitalize-panel'
import { InfrastructurePanel } from '../infrastructure/infrastructure-panel'
import { useInfrastructure } from '../infrastructure/use-infrastructure'
import { MeasureCard, type Measuring } from '../measure/measure-card'
import { MeetingsPanel } from '../meetings/meetings-panel'
import { LateMilestones } from '../milestones/late-milestones'
import { ParcelEditToolbar } from '../parcels/editing/parcel-edit-toolbar'
import { useParcelEditor } from '../parcels/editing/use-parcel-editor'
import { showImportedParcels, useImportedParcels } from '../parcels/imported-parcels'
import { ParcelPanel } from '../parcels/parcel-panel'
import { type BoardFilter, boardMatches, NO_BOARD_FILTER } from '../projects/board-filter'
import { ProjectBoard } from '../projects/project-board'
import { ProjectForm } from '../projects/project-form'
import { ProjectPanel } from '../projects/project-panel'
import { useProjects } from '../projects/use-projects'
import { readShareLink } from '../share/share-link'
import { AttributeTable } from '../table/attribute-table'
import { ParcelViewControls } from '../timeline/parcel-view-controls'
import { useParcelView } from '../timeline/use-parcel-view'
import { ZoneOverview } from '../zone/zone-overview'
import { MapCardsFold } from './map-cards-fold'
import { PanelBoundary } from './panel-boundary'
import { PanelFrame } from './panel-frame'
import { SideSheet } from './side-sheet'

type WorkspaceProps = {
  zone: Zone
  session?: Session
  /** where the parcel tiles changed, from the live stream */
  parcelTiles?: ParcelTileUpdate | null
  /** a hit of the header's search box: zoom to it and open its panel (a new nonce each time) */
  searchPick?: { hit: SearchHit; nonce: number } | null
  /** an item opened from my tasks: select it (a parcel is zoomed to); a new nonce each time */
  mapPick?: { selection: Selection; nonce: number } | null
}

/** The map beside the side panel, with layer toggles and the legend over the map. */
export function Workspace({ zone, session, parcelTiles, searchPick, mapPick }: WorkspaceProps) {
  const { t } = useTranslation()
  // parcels are drawn from vector tiles; their forecasts around the view come with each answer of the map's
  const [readiness, setReadiness] = useState<readonly ParcelReadiness[] | undefined>(undefined)
  // projects and infrastructure are kept fresh by the live stream; the view a shared link carries
  const projects = useProjects()
  const infrastructure = useInfrastructure()
  const [snapshot, setSnapshot] = useState<MapSnapshot | null>(null)
  const [link] = useState(() => readShareLink(window.location.search))
  const [initialCamera] = useState(() => (link.center ? { center: link.center, zoom: link.zoom } : null))
  const [visibility, setVisibility] = useState<OverlayVisibility>(
    () => link.layers ?? { parcels: true, projects: true, infrastructure: true },
  )
  const [selection, setSelectionOnly] = useState<Selection | null>(() => link.selection ?? null)
  // 亩均效益 (issue 18): the firm panel, opened from one of the firm's parcels; a new selection closes it
  const [firmId, setFirmId] = useState<number | null>(null)
  const setSelection = useCallback((next: Selection | null) => {
    setFirmId(null)
    setSelectionOnly(next)
  }, [])
  // investment teams (issue 4): the project board, and the parcels "find sites" highlights on the map
  const [board, setBoard] = useState(false)
  // the board's search and filters (issue 15): the map's project markers follow them while the board is open
  const [boardFilter, setBoardFilter] = useState<BoardFilter>(NO_BOARD_FILTER)
  const [creating, setCreating] = useState(false)
  const canInvest = session?.role === 'investment' || session?.role === 'admin'
  // administration (issue 7): accounts, tokens and export everything, for admins only
  const [admin, setAdmin] = useState(false)
  // 例会 (issue 16): leaders and admins hold it and record its decisions, everyone may read it
  const [meetings, setMeetings] = useState(false)
  const canLead = session?.role === 'leader' || session?.role === 'admin'
  // 亩均效益 (issue 18): the land to put back to use (盘活), offered as supply
  const [revitalize, setRevitalize] = useState(false)
  // …the year's grading of every firm (亩均评价排名)
  const [ranking, setRanking] = useState(false)
  // …and the annual indicators' import (land officers, investment teams, admins)
  const [indicatorImport, setIndicatorImport] = useState(false)
  const canReportFirms = canInvest || session?.role === 'land_officer'
  const [matches, setMatches] = useState<ParcelMatch[] | null>(null)
  // 属性表 (issue 14): the parcels or projects as a table under the map
  const [tableOpen, setTableOpen] = useState(false)
  // "show imported" after an import (the dialog is in the header)
  const imported = useImportedParcels()
  // land officers' tools (issue 3): write controls only for the roles that may write parcels
  const canWrite = session?.role === 'land_officer' || session?.role === 'admin'
  const parcelView = useParcelView(link)
  const leader = useLeaderView({
    zone,
    session,
    link,
    visibility,
    selection,
    parcelView: parcelView.view,
    projects: projects.data,
  })
  const [focus, setFocus] = useState<{ id: number; nonce: number } | null>(null)
  const selectParcel = useCallback(
    (id: number) => {
      setSelection({ kind: 'parcel', id })
      setFocus((current) => ({ id, nonce: (current?.nonce ?? 0) + 1 }))
    },
    [setSelection],
  )
  const editor = useParcelEditor(selectParcel)
  const [measuring, setMeasuring] = useState<Measuring | null>(null)
  const addMeasurePoint = useCallback(
    (point: readonly [number, number]) =>
      setMeasuring((current) => (current ? { ...current, points: [...current.points, point] } : current)),
    [],
  )
  // placing a project by hand (issue 15): the map's next click is the project's point
  const [placing, setPlacing] = useState<{ onPoint: (point: LonLat) => void } | null>(null)
  // biome-ignore lint/correctness/useExhaustiveDependencies: another selection ends the placing
  useEffect(() => setPlacing(null), [selection])
  const [view, setView] = useState<{ bbox: [number, number, number, number]; nonce: number } | null>(null)
  useEffect(() => {
    if (!searchPick) return
    const { hit } = searchPick
    if (hit.kind === 'project') setSelection({ kind: 'project', id: hit.id })
    else if (hit.parcel_id !== null) setSelection({ kind: 'parcel', id: hit.parcel_id })
    const bbox = hit.bbox
    if (bbox) setView((current) => ({ bbox, nonce: (current?.nonce ?? 0) + 1 }))
  }, [searchPick, setSelection])

  useEffect(() => {
    if (!mapPick) return
    if (mapPick.selection.kind === 'parcel') selectParcel(mapPick.selection.id)
    else setSelection(mapPick.selection)
  }, [mapPick, selectParcel, setSelection])

  const toggle = useCallback((overlay: Overlay, visible: boolean) => {
    setVisibility((current) => ({ ...current, [overlay]: visible }))
  }, [])
  const close = useCallback(() => setSelection(null), [setSelection])

  const boardOpen = board && !selection && !admin
  const mapProjects =
    boardOpen && leader.mapProjects
      ? leader.mapProjects.filter((project) => boardMatches(project, boardFilter))
      : leader.mapProjects

  const selectedProject =
    selection?.kind === 'project' ? projects.data?.find((project) => project.id === selection.id) : undefined
  const failed = [projects, infrastructure].find((query) => query.isError && !query.data)
  const loading = [projects, infrastructure].some((query) => query.isPending)

  return (
    <div className={boardOpen && !creating ? 'workspace workspace-board' : 'workspace'}>
      <div className="map-area">
        <MapView
          zone={zone}
          parcelTiles={parcelTiles}
          onReadiness={setReadiness}
          projects={mapProjects}
          infrastructure={infrastructure.data}
          visibility={visibility}
          selection={selection}
          onSelect={setSelection}
          parcelView={parcelView.view}
          sector={leader.filter.sector}
          highlight={leader.highlight}
          drawing={canWrite ? editor.drawing : null}
          picking={canWrite ? editor.picking : null}
          focus={focus}
          view={view}
          measuring={measuring ? { ...measuring, onPoint: addMeasurePoint } : null}
          placing={placing}
          matches={matches}
          imported={imported}
          initialCamera={initialCamera}
          onCamera={leader.onCamera}
          onSnapshot={setSnapshot}
        />
        <div className="map-overlay map-overlay-left">
          <MapFilterCard
            filter={leader.filter}
            onFilter={leader.setFilter}
            parcels={leader.highlightedParcels}
          />
          <MapCardsFold>
            <LayerToggles visibility={visibility} onChange={toggle} />
            <ParcelViewControls state={parcelView} today={zone.today} readiness={readiness} />
            <MapLegend
              visibility={visibility}
              colourMode={parcelView.view.colourMode}
              asOf={parcelView.view.asOf}
            />
          </MapCardsFold>
        </div>
        <div className="map-overlay-measure">
          <MeasureCard measuring={measuring} onChange={setMeasuring} />
        </div>
        {canWrite && (
          <div className="map-overlay map-overlay-top">
            <ParcelEditToolbar
              editor={editor}
              selectedParcelId={selection?.kind === 'parcel' ? selection.id : null}
            />
          </div>
        )}
        {imported && (
          <div className="map-card imported-card" role="status">
            <span>
              {t('panels.imported.shown', { count: imported.ids.length })}
              {imported.overlapIds.length > 0 && (
                <span className="imported-overlaps">
                  {' '}
                  {t('panels.imported.overlaps', { count: imported.overlapIds.length })}
                </span>
              )}
            </span>
            <button type="button" className="button-small" onClick={() => showImportedParcels(null)}>
              {t('panels.imported.clear')}
            </button>
          </div>
        )}
        {tableOpen ? (
          <AttributeTable
            selection={selection}
            projects={projects.data}
            onSelectParcel={selectParcel}
            onSelectProject={(id) => setSelection({ kind: 'project', id })}
            onClose={() => setTableOpen(false)}
            today={zone.today}
          />
        ) : (
          <button type="button" className="map-card attribute-toggle" onClick={() => setTableOpen(true)}>
            {t('panels.table.open')}
          </button>
        )}
        {(loading || failed) && (
          <p className={failed ? 'map-status map-status-error' : 'map-status'} role="status">
            {failed?.error ? t('map.loadFailed', { message: failed.error.message }) : t('map.loading')}
          </p>
        )}
      </div>
      <SideSheet
        openKey={
          firmId !== null
            ? `firm:${firmId}`
            : selection
              ? `${selection.kind}:${selection.id}`
              : admin
                ? 'admin'
                : meetings
                  ? 'meetings'
                  : board
                    ? creating
                      ? 'board:new'
                      : 'board'
                    : indicatorImport
                      ? 'indicator-import'
                      : revitalize
                        ? 'revitalize'
                        : ranking
                          ? 'ranking'
                          : leader.dashboardOpen
                            ? 'dashboard'
                            : 'overview'
        }
      >
        <PanelBoundary
          key={
            firmId !== null ? `firm:${firmId}` : selection ? `${selection.kind}:${selection.id}` : 'overview'
          }
          fallback={
            <p className="panel-error panel-body" role="alert">
              {t('panel.failed', { message: '' })}
            </p>
          }
        >
          {firmId !== null ? (
            <FirmPanel
              key={firmId}
              firmId={firmId}
              onClose={() => setFirmId(null)}
              onSelectParcel={selectParcel}
              canEdit={canWrite}
            />
          ) : selection?.kind === 'parcel' ? (
            <ParcelPanel
              key={selection.id}
              parcelId={selection.id}
              onClose={close}
              canWrite={canWrite}
              today={zone.today}
              onOpenFirm={setFirmId}
            />
          ) : selectedProject ? (
            <ProjectPanel
              key={selectedProject.id}
              project={selectedProject}
              onClose={close}
              onMatches={setMatches}
              onSelectParcel={selectParcel}
              onPlace={setPlacing}
              placing={placing !== null}
            />
          ) : selection?.kind === 'infrastructure' ? (
            <InfrastructurePanel
              key={selection.id}
              itemId={selection.id}
              today={zone.today}
              canWrite={canWrite}
              onClose={close}
              onSelectParcel={selectParcel}
            />
          ) : admin && session?.role === 'admin' ? (
            <AdminPanel session={session} onClose={() => setAdmin(false)} />
          ) : meetings ? (
            <MeetingsPanel
              canLead={canLead}
              today={zone.today}
              onClose={() => setMeetings(false)}
              onSelectParcel={selectParcel}
            />
          ) : board && creating ? (
            <PanelFrame
              headingId="project-create"
              heading={t('pipeline.form.createTitle')}
              onClose={() => setCreating(false)}
            >
              <ProjectForm
                onSaved={(id) => {
                  setCreating(false)
                  setSelection({ kind: 'project', id })
                }}
                onCancel={() => setCreating(false)}
              />
            </PanelFrame>
          ) : indicatorImport ? (
            <IndicatorImportPanel
              year={Number(zone.today.slice(0, 4)) - 1}
              onClose={() => setIndicatorImport(false)}
            />
          ) : revitalize ? (
            <RevitalizePanel
              onClose={() => setRevitalize(false)}
              onSelectParcel={selectParcel}
              onOpenFirm={setFirmId}
            />
          ) : ranking ? (
            <EvaluationPanel
              lastYear={Number(zone.today.slice(0, 4)) - 1}
              onClose={() => setRanking(false)}
              onOpenFirm={setFirmId}
            />
          ) : board ? (
            <ProjectBoard
              projects={projects.data}
              filter={boardFilter}
              onFilter={setBoardFilter}
              onOpen={(id) => setSelection({ kind: 'project', id })}
              onClose={() => setBoard(false)}
              onCreate={canInvest ? () => setCreating(true) : undefined}
              today={zone.today}
            />
          ) : leader.dashboardOpen ? (
            <DashboardPanel
              today={zone.today}
              period={leader.period}
              onPeriod={leader.setPeriod}
              dashboard={leader.dashboard}
              infrastructure={infrastructure.data}
              filter={leader.filter}
              onFilter={leader.setFilter}
              onClose={() => leader.setDashboardOpen(false)}
              actions={
                <>
                  <BriefingExport snapshot={snapshot} briefing={leader.briefing} />
                  <button type="button" className="button-quiet board-open" onClick={() => setMeetings(true)}>
                    {t('meetings.open')}
                  </button>
                  <button type="button" className="button-quiet board-open" onClick={() => setRanking(true)}>
                    {t('efficiency.ranking.open')}
                  </button>
                </>
              }
              projects={projects.data}
              onSelect={setSelection}
            />
          ) : (
            <>
              <button type="button" className="button-quiet board-open" onClick={() => setBoard(true)}>
                {t('invest.board')}
              </button>
              <button
                type="button"
                className="button-quiet board-open"
                onClick={() => leader.setDashboardOpen(true)}
              >
                {t('leader.open')}
              </button>
              <button type="button" className="button-quiet board-open" onClick={() => setRevitalize(true)}>
                {t('efficiency.revitalize.open')}
              </button>
              <button type="button" className="button-quiet board-open" onClick={() => setRanking(true)}>
                {t('efficiency.ranking.open')}
              </button>
              {canReportFirms && (
                <button
                  type="button"
                  className="button-quiet board-open"
                  onClick={() => setIndicatorImport(true)}
                >
                  {t('efficiency.import.open')}
                </button>
              )}
              <button type="button" className="button-quiet board-open" onClick={() => setMeetings(true)}>
                {t('meetings.open')}
              </button>
              {session?.role === 'admin' && (
                <button type="button" className="button-quiet board-open" onClick={() => setAdmin(true)}>
                  {t('admin.open')}
                </button>
              )}
              <InspectHereButton onSelectParcel={selectParcel} />
              <ZoneOverview zone={zone} projects={projects.data} infrastructure={infrastructure.data} />
              <LateMilestones onSelectParcel={selectParcel} />
              <LateCommitments onSelectParcel={selectParcel} />
            </>
          )}
        </PanelBoundary>
      </SideSheet>
    </div>
  )
}
