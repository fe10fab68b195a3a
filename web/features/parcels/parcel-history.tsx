import { useQuery } from '@tanstack/react-query'
import { useTranslation } from 'react-i18next'
import { queries } from '../../api/queries'
import type { HistoryEntry } from '../../api/types'
import { formatTimestamp } from '../../i18n/formatters'
import { zhCN } from '../../i18n/zh-CN'

type ParcelHistoryProps = { parcelId: number }

/**
 * Who changed what and when, newest first, each change as old → new (geometry is only named); fetched again after
 * each parcel change, here or anywhere.
 */
export function ParcelHistory({ parcelId }: ParcelHistoryProps) {
  const { t } = useTranslation()
  const query = useQuery(queries.parcelHistory(parcelId))

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
    entry.entity_type === 'milestone' && typeof entry.changes.kind !== 'object' && entry.changes.kind
      ? label(zhCN.milestoneKind, String(entry.changes.kind), (key) => t(`milestoneKind.${key}`))
      : ''
  // statuses and land uses in words; other values as they are
  const value = (field: string, raw: unknown) => {
    if (field === 'status' && typeof raw === 'string') {
      return label(zhCN.parcelStatus, raw, (key) => t(`parcelStatus.${key}`))
    }
    if (field === 'land_use' && typeof raw === 'string') {
      return label(zhCN.landUse, raw, (key) => t(`landUse.${key}`))
    }
    return show(raw, t('common.none'))
  }
  const fields: [string, unknown][] = Object.entries(entry.changes)
  const changes = fields.filter((change): change is [string, { from: unknown; to: unknown }] =>
    isChange(change[1]),
  )
  return (
    <li>
      <p className="history-head">
        <strong>{entry.actor ?? t('common.none')}</strong> · <span className="mono">{when}</span> ·{' '}
        {label(zhCN.history.actions, entry.action, (key) => t(`history.actions.${key}`))}{' '}
        {label(zhCN.history.entities, entry.entity_type, (key) => t(`history.entities.${key}`))} {subject}
      </p>
      {changes.length > 0 && (
        <ul className="history-changes">
          {changes.map(([field, change]) => (
            <li key={field}>
              <span className="history-field">
                {label(zhCN.history.fields, field, (key) => t(`history.fields.${key}`))}
              </span>{' '}
              <span className="mono">
                {value(field, change.from)} → {value(field, change.to)}
              </span>
            </li>
          ))}
        </ul>
      )}
      {entry.reason && <p className="history-reason">{t('history.reason', { reason: entry.reason })}</p>}
    </li>
  )
}

function isChange(value: unknown): value is { from: unknown; to: unknown } {
  return typeof value === 'object' && value !== null && 'from' in value && 'to' in value
}

function show(value: unknown, none: string): string {
  if (value === null || value === undefined || value === '') return none
  if (typeof value === 'object') return '{…}'
  return String(value)
}

/** A translated label for a value the server may extend: unknown values show as they come. */
function label<T extends Record<string, string>>(
  known: T,
  value: string,
  translate: (key: keyof T) => string,
) {
  return value in known ? translate(value as keyof T) : value
}
