import { useId } from 'react'
import { useTranslation } from 'react-i18next'
import type { Project } from '../../api/types'
import { formatWan, formatYi } from '../../i18n/formatters'
import { PanelFrame } from '../shell/panel-frame'

type ProjectPanelProps = {
  project: Project
  onClose: () => void
}

export function ProjectPanel({ project, onClose }: ProjectPanelProps) {
  const { t } = useTranslation()
  const headingId = useId()
  const none = t('common.none')
  return (
    <PanelFrame
      headingId={headingId}
      heading={project.name}
      onClose={onClose}
      accent={
        <span className={`stage-chip stage-${project.stage}`}>{t(`projectStage.${project.stage}`)}</span>
      }
    >
      <dl className="facts">
        <dt>{t('project.name')}</dt>
        <dd>{project.name}</dd>
        <dt>{t('project.company')}</dt>
        <dd>{project.company}</dd>
        <dt>{t('project.sector')}</dt>
        <dd>{t(`sector.${project.sector}`)}</dd>
        <dt>{t('project.kind')}</dt>
        <dd>{t(`projectKind.${project.kind}`)}</dd>
        <dt>{t('project.stage')}</dt>
        <dd>{t(`projectStage.${project.stage}`)}</dd>
        <dt>{t('project.investment')}</dt>
        <dd>
          <strong>{t('unit.yi', { value: formatYi(project.investment_wan) })}</strong>
          <span className="secondary">{t('unit.wan', { value: formatWan(project.investment_wan) })}</span>
        </dd>
        <dt>{t('project.manager')}</dt>
        <dd>{project.manager || none}</dd>
        <dt>{t('project.signedOn')}</dt>
        <dd className="mono">{project.signed_on ?? none}</dd>
        <dt>{t('project.landedOn')}</dt>
        <dd className="mono">{project.landed_on ?? none}</dd>
      </dl>
    </PanelFrame>
  )
}
