import { useTranslation } from 'react-i18next'
import { GRADE_COLOURS } from '../../map/layers/parcels'

/** A grade A–D on its map colour, or "not graded". */
export function GradeChip({ grade }: { grade: string | null }) {
  const { t } = useTranslation()
  if (grade !== 'A' && grade !== 'B' && grade !== 'C' && grade !== 'D') {
    return <span className="status-chip grade-chip">{t('efficiency.notGraded')}</span>
  }
  return (
    <span
      className="status-chip grade-chip"
      data-grade={grade}
      style={{ background: GRADE_COLOURS[grade], color: grade === 'B' ? '#1b2a10' : '#ffffff' }}
    >
      {t(`efficiency.grade.${grade}`)}
    </span>
  )
}
