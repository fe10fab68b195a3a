import { useQuery } from '@tanstack/react-query'
import { useTranslation } from 'react-i18next'
import { queries } from '../../api/queries'
import type { HistoryEntry } from '../../api/types'
import { formatTimestamp } from '../../i18n/formatters'
import { zhCN } from '../../i18n/zh-CN'

type ParcelHistoryProps = { parcelId: number }

/**
 * Who changed what and when, newest first, each change in words as the server says it in the page's language
 * ("边界：27.21 → 37.03 亩", labels not codes); fetched again after each parcel change, here or anywhere, and
 * when the language changes.
 */
export function ParcelHistory({ parcelId }: ParcelHistoryProps) {
  const { t, i18n } = useTranslation()
  const query = useQuery(queries.parcelHistory(parcelId, i18n.language))

  return (
    <section className="panel-section history">
      <h3>{t('history.title')}</h3>
      {query.isPending && <p className="panel-note">{t('panel.loading')}</p>}
      {query.isError && !query.data && (
        <p className="panel-error" role="alert">
          {t('panel.failed', { message: query.error.message })}
        </p>
      )}
      {query.data &&
        (query.data.length === 0 ? (
          <p className="panel-note">{t('history.empty')}</p>
        ) : (
          <ol className="history-list">
            {query.data.map((entry) => (
              <HistoryItem key={entry.id} entry={entry} />
            ))}
          </ol>
        ))}
    </section>
  )
}

function HistoryItem({ entry }: { entry: HistoryEntry }) {
  const { t } = useTranslation()
  const when = formatTimestamp(entry.changed_at)
  const subject =
    entry.entity_type === 'milestone' && typeof entry.changes.kind === 'string'
      ? label(zhCN.milestoneKind, entry.changes.kind, (key) => t(`milestoneKind.${key}`))
      : ''
  return (
    <li>
      <p className="history-head">
        <strong>{entry.actor ?? t('common.none')}</strong> · <span className="mono">{when}</span> ·{' '}
        {label(zhCN.history.actions, entry.action, (key) => t(`history.actions.${key}`))}{' '}
        {label(zhCN.history.entities, entry.entity_type, (key) => t(`history.entities.${key}`))} {subject}
      </p>
      {entry.described.length > 0 && (
        <ul className="history-changes">
          {entry.described.map((change) => (
            <li key={change.field}>{change.text}</li>
          ))}
        </ul>
      )}
      {entry.reason && <p className="history-reason">{t('history.reason', { reason: entry.reason })}</p>}
    </li>
  )
}

/** A translated label for a value the server may extend: unknown values show as they come. */
function label<T extends Record<string, string>>(
  known: T,
  value: string,
  translate: (key: keyof T) => string,
) {
  return value in known ? translate(value as keyof T) : value
}
