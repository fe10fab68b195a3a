import { useId, useMemo, useState } from 'react'
import { useTranslation } from 'react-i18next'
import {
  PROJECT_KINDS,
  PROJECT_STAGES,
  type ProjectKind,
  SECTORS,
  type Sector,
} from '../../../server/domain/vocabulary'
import type { Project } from '../../api/types'
import { formatYi } from '../../i18n/formatters'
import { PanelFrame } from '../shell/panel-frame'

type ProjectBoardProps = {
  projects: readonly Project[] | undefined
  onOpen: (id: number) => void
  onClose: () => void
}

/** The investment pipeline: a list or a board by stage, filtered by sector, kind and manager. */
export function ProjectBoard({ projects, onOpen, onClose }: ProjectBoardProps) {
  const { t } = useTranslation()
  const headingId = useId()
  const [sector, setSector] = useState<Sector | ''>('')
  const [kind, setKind] = useState<ProjectKind | ''>('')
  const [manager, setManager] = useState('')
  const [view, setView] = useState<'stages' | 'list'>('stages')

  const managers = useMemo(
    () => [...new Set((projects ?? []).flatMap((p) => (p.manager ? [p.manager] : [])))].sort(),
    [projects],
  )
  const shown = (projects ?? []).filter(
    (p) =>
      (!sector || p.sector === sector) && (!kind || p.kind === kind) && (!manager || p.manager === manager),
  )

  return (
    <PanelFrame headingId={headingId} heading={t('invest.boardTitle')} onClose={onClose}>
      <div className="board-filters">
        <label>
          {t('invest.filterSector')}
          <select value={sector} onChange={(e) => setSector(e.target.value as Sector | '')}>
            <option value="">{t('invest.all')}</option>
            {SECTORS.map((s) => (
              <option key={s} value={s}>
                {t(`sector.${s}`)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('invest.filterKind')}
          <select value={kind} onChange={(e) => setKind(e.target.value as ProjectKind | '')}>
            <option value="">{t('invest.all')}</option>
            {PROJECT_KINDS.map((k) => (
              <option key={k} value={k}>
                {t(`projectKind.${k}`)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('invest.filterManager')}
          <select value={manager} onChange={(e) => setManager(e.target.value)}>
            <option value="">{t('invest.all')}</option>
            {managers.map((m) => (
              <option key={m} value={m}>
                {m}
              </option>
            ))}
          </select>
        </label>
      </div>
      <fieldset className="board-view">
        <button type="button" aria-pressed={view === 'stages'} onClick={() => setView('stages')}>
          {t('invest.viewStages')}
        </button>
        <button type="button" aria-pressed={view === 'list'} onClick={() => setView('list')}>
          {t('invest.viewList')}
        </button>
        <span className="secondary">{t('invest.count', { count: shown.length })}</span>
      </fieldset>
      {view === 'list' ? (
        <ul className="project-list">
          {shown.map((p) => (
            <ProjectCard key={p.id} project={p} onOpen={onOpen} showStage />
          ))}
        </ul>
      ) : (
        PROJECT_STAGES.map((stage) => {
          const inStage = shown.filter((p) => p.stage === stage)
          return (
            <section key={stage} className="panel-section board-stage">
              <h3>
                <span className={`stage-chip stage-${stage}`}>{t(`projectStage.${stage}`)}</span>{' '}
                <span className="secondary">{inStage.length}</span>
              </h3>
              {inStage.length === 0 ? (
                <p className="panel-note">{t('invest.emptyStage')}</p>
              ) : (
                <ul className="project-list">
                  {inStage.map((p) => (
                    <ProjectCard key={p.id} project={p} onOpen={onOpen} />
                  ))}
                </ul>
              )}
            </section>
          )
        })
      )}
    </PanelFrame>
  )
}

function ProjectCard({
  project,
  onOpen,
  showStage = false,
}: {
  project: Project
  onOpen: (id: number) => void
  showStage?: boolean
}) {
  const { t } = useTranslation()
  // the list answers each project's overdue blockers (难点堵点逾期)
  const overdue = (project as Project & { overdue_blockers?: number }).overdue_blockers ?? 0
  return (
    <li>
      <button type="button" className="project-card" onClick={() => onOpen(project.id)}>
        <span className="project-card-name">
          {project.name}
          {overdue > 0 && (
            <span className="overdue-badge">{t('invest.overdueCount', { count: overdue })}</span>
          )}
        </span>
        <span className="secondary">
          {t(`sector.${project.sector}`)} · {t('unit.yi', { value: formatYi(project.investment_wan) })}
          {project.manager ? ` · ${project.manager}` : ''}
          {showStage ? ` · ${t(`projectStage.${project.stage}`)}` : ''}
        </span>
      </button>
    </li>
  )
}
