import { useTranslation } from 'react-i18next'
import { ESCALATION_COLOURS } from '../../../server/domain/colours'
import type { EscalationLevel } from '../../../server/domain/escalation'

/** 正常 / 黄牌 / 红牌 as a small coloured badge, the colours the map's 督办 mode paints with. */
export function LevelBadge({ level }: { level: EscalationLevel }) {
  const { t } = useTranslation()
  return (
    <span
      className={`level-badge level-badge-${level}`}
      data-level={level}
      style={{ background: ESCALATION_COLOURS[level] }}
    >
      {t(`meetings.level.${level}`)}
    </span>
  )
}
