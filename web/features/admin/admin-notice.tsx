import { useTranslation } from 'react-i18next'
import { apiErrorMessage } from '../milestones/api-error-message'

/** The outcome of the last write in an admin section: a confirmation, or the API's error. */
export type AdminNotice = { kind: 'done'; text: string } | { kind: 'failed'; error: unknown } | null

export function AdminNoticeLine({ notice }: { notice: AdminNotice }) {
  const { t } = useTranslation()
  if (!notice) return null
  if (notice.kind === 'done') {
    return (
      <p className="admin-notice admin-notice-done" role="status">
        {notice.text}
      </p>
    )
  }
  return (
    <p className="panel-error admin-notice" role="alert">
      {t('admin.failed', { message: apiErrorMessage(notice.error) })}
    </p>
  )
}
