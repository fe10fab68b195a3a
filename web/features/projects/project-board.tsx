import { type DragEvent, useId, useMemo, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { PROJECT_STAGES, type ProjectStage } from '../../../server/domain/vocabulary'
import type { Project } from '../../api/types'
import { formatYi } from '../../i18n/formatters'
import { PanelFrame } from '../shell/panel-frame'
import { type BoardFilter, type BoardSort, boardMatches, sortProjects, totals } from './board-filter'
import { SectorKindSelects } from './sector-kind-selects'
import { nextStage, StageChangeForm } from './stage-change-form'

type ProjectBoardProps = {
  projects: readonly Project[] | undefined
  filter: BoardFilter
  onFilter: (filter: BoardFilter) => void
  onOpen: (id: number) => void
  onClose: () => void
  /** opens the new-project form; absent for roles that may not write projects */
  onCreate?: () => void
  /** the zone's today (YYYY-MM-DD): the default date of a stage change */
  today: string
}

/** A stage change asked for by a drag or the card's button, waiting for its date and reason. */
type Move = { project: Project; to: ProjectStage }

const DRAG_TYPE = 'application/x-guatu-project'

/**
 * The investment pipeline as a kanban by stage (issue 15): search, filters (which the map's project markers
 * follow), sort, and per column the count and 亿元. Dragging a card to another column — or the card's
 * "change stage" button, from the keyboard — asks for the date and reason, and the server applies the stage rules.
 */
export function ProjectBoard({
  projects,
  filter,
  onFilter,
  onOpen,
  onClose,
  onCreate,
  today,
}: ProjectBoardProps) {
  const { t } = useTranslation()
  const headingId = useId()
  const [sort, setSort] = useState<BoardSort>('amount')
  const [move, setMove] = useState<Move | null>(null)
  const [notice, setNotice] = useState<string | null>(null)
  const [dropTarget, setDropTarget] = useState<ProjectStage | null>(null)
  const canWrite = onCreate !== undefined

  const managers = useMemo(
    () => [...new Set((projects ?? []).flatMap((p) => (p.manager ? [p.manager] : [])))].sort(),
    [projects],
  )
  const shown = useMemo(
    () =>
      sortProjects(
        (projects ?? []).filter((p) => boardMatches(p, filter)),
        sort,
      ),
    [projects, filter, sort],
  )
  const all = totals(shown)
  const set = (patch: Partial<BoardFilter>) => onFilter({ ...filter, ...patch })

  const drop = (event: DragEvent, stage: ProjectStage) => {
    event.preventDefault()
    setDropTarget(null)
    const id = Number(event.dataTransfer.getData(DRAG_TYPE))
    const project = projects?.find((p) => p.id === id)
    if (project && project.stage !== stage) setMove({ project, to: stage })
  }

  return (
    <PanelFrame headingId={headingId} heading={t('invest.boardTitle')} onClose={onClose}>
      <div className="board-toolbar">
        <label className="board-search">
          {t('pipeline.board.search')}
          <input type="search" value={filter.q} onChange={(e) => set({ q: e.target.value })} />
        </label>
        <SectorKindSelects
          value={{ sector: filter.sector, kind: filter.kind }}
          onChange={set}
          anyLabel={t('invest.all')}
        />
        <label>
          {t('invest.filterManager')}
          <select value={filter.manager} onChange={(e) => set({ manager: e.target.value })}>
            <option value="">{t('invest.all')}</option>
            {managers.map((m) => (
              <option key={m} value={m}>
                {m}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('pipeline.board.sort')}
          <select value={sort} onChange={(e) => setSort(e.target.value as BoardSort)}>
            {(['amount', 'name', 'recent'] as const).map((s) => (
              <option key={s} value={s}>
                {t(`pipeline.board.sortBy.${s}`)}
              </option>
            ))}
          </select>
        </label>
        {onCreate && (
          <button type="button" className="button-small button-accent board-new" onClick={onCreate}>
            {t('pipeline.board.newProject')}
          </button>
        )}
      </div>
      <p className="board-summary" data-board-total>
        <strong>{t('pipeline.board.total', { count: all.count, yi: formatYi(all.wan) })}</strong>
        <span className="secondary"> · {t('pipeline.board.mapFiltered')}</span>
      </p>
      {canWrite && <p className="panel-note">{t('pipeline.board.dragHint')}</p>}
      {notice && (
        <p className="board-notice" role="status">
          {notice}
        </p>
      )}
      {move && (
        <StageChangeForm
          key={`${move.project.id}-${move.to}`}
          project={move.project}
          to={move.to}
          today={today}
          title={t('pipeline.board.moveTitle', { name: move.project.name })}
          dialog
          autoFocus
          onCancel={() => setMove(null)}
          onDone={(stage) => {
            setMove(null)
            setNotice(
              t('pipeline.board.moved', { name: move.project.name, stage: t(`projectStage.${stage}`) }),
            )
          }}
        />
      )}
      <section className="kanban" aria-label={t('pipeline.board.region')}>
        {PROJECT_STAGES.map((stage) => {
          const inStage = shown.filter((p) => p.stage === stage)
          const sum = totals(inStage)
          return (
            <section
              key={stage}
              className={dropTarget === stage ? 'kanban-column kanban-drop' : 'kanban-column'}
              aria-label={t('pipeline.board.column', { stage: t(`projectStage.${stage}`), count: sum.count })}
              data-stage={stage}
              onDragOver={(event) => {
                if (!canWrite) return
                event.preventDefault()
                event.dataTransfer.dropEffect = 'move'
                setDropTarget(stage)
              }}
              onDragLeave={() => setDropTarget((current) => (current === stage ? null : current))}
              onDrop={(event) => canWrite && drop(event, stage)}
            >
              <h3 className="kanban-head">
                <span className={`stage-chip stage-${stage}`}>{t(`projectStage.${stage}`)}</span>
                <span className="kanban-total" data-stage-total={stage}>
                  {t('pipeline.board.stageTotal', { count: sum.count, yi: formatYi(sum.wan) })}
                </span>
              </h3>
              {inStage.length === 0 ? (
                <p className="panel-note">{t('pipeline.board.empty')}</p>
              ) : (
                <ul className="project-list">
                  {inStage.map((p) => (
                    <ProjectCard
                      key={p.id}
                      project={p}
                      onOpen={onOpen}
                      onMove={canWrite ? () => setMove({ project: p, to: nextStage(p.stage) }) : undefined}
                    />
                  ))}
                </ul>
              )}
            </section>
          )
        })}
      </section>
    </PanelFrame>
  )
}

function ProjectCard({
  project,
  onOpen,
  onMove,
}: {
  project: Project
  onOpen: (id: number) => void
  onMove?: () => void
}) {
  const { t } = useTranslation()
  // the list answers each project's overdue blockers (难点堵点逾期)
  const overdue = (project as Project & { overdue_blockers?: number }).overdue_blockers ?? 0
  return (
    <li
      className="kanban-card"
      draggable={onMove !== undefined}
      data-project-id={project.id}
      onDragStart={(event) => {
        event.dataTransfer.setData(DRAG_TYPE, String(project.id))
        event.dataTransfer.effectAllowed = 'move'
      }}
    >
      <button type="button" className="project-card" onClick={() => onOpen(project.id)}>
        <span className="project-card-name">
          {project.name}
          {overdue > 0 && (
            <span className="overdue-badge">{t('invest.overdueCount', { count: overdue })}</span>
          )}
        </span>
        <span className="secondary">
          {t(`sector.${project.sector}`)} · {t('unit.yi', { value: formatYi(project.investment_wan) })}
          {project.kind === 'expansion' ? ` · ${t('projectKind.expansion')}` : ''}
          {project.manager ? ` · ${project.manager}` : ''}
        </span>
      </button>
      {onMove && (
        <button type="button" className="button-small kanban-move" onClick={onMove}>
          {t('pipeline.board.move')}
        </button>
      )}
    </li>
  )
}
