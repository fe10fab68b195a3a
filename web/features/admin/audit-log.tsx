import { useQuery } from '@tanstack/react-query'
import { useId } from 'react'
import { useTranslation } from 'react-i18next'
import { queries } from '../../api/queries'
import type { AuditLog as AuditAnswer } from '../../api/types'
import { formatTimestamp } from '../../i18n/formatters'

const SHOWN = 20

/**
 * The latest logins (failed ones too) and admin actions: who did what to which account, token or setting; fetched
 * again after a change to accounts, tokens or the zone settings anywhere (the live stream).
 */
export function AuditLog() {
  const { t } = useTranslation()
  const id = useId()
  const query = useQuery(queries.audit())
  return (
    <section className="panel-section admin-section" aria-labelledby={id}>
      <h3 id={id}>{t('admin.audit.title')}</h3>
      {query.isPending && <p className="panel-note">{t('panel.loading')}</p>}
      {query.isError && !query.data && (
        <p className="panel-error" role="alert">
          {t('admin.failed', { message: query.error.message })}
        </p>
      )}
      {query.data && <AuditTables log={query.data} />}
    </section>
  )
}

function AuditTables({ log }: { log: AuditAnswer }) {
  const { t } = useTranslation()
  return (
    <>
      <table className="milestones admin-audit-logins">
        <caption>{t('admin.audit.logins')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('admin.audit.when')}</th>
            <th scope="col">{t('admin.audit.user')}</th>
            <th scope="col">{t('admin.audit.ip')}</th>
            <th scope="col">{t('admin.audit.result')}</th>
          </tr>
        </thead>
        <tbody>
          {log.logins.slice(0, SHOWN).map((login) => (
            <tr key={login.id}>
              <td className="mono">{formatTimestamp(login.attempted_at)}</td>
              <td>{login.username}</td>
              <td className="mono">{login.ip ?? t('common.none')}</td>
              <td>{t(login.succeeded ? 'admin.audit.succeeded' : 'admin.audit.failed')}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <table className="milestones admin-audit-actions">
        <caption>{t('admin.audit.actions')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('admin.audit.when')}</th>
            <th scope="col">{t('admin.audit.actor')}</th>
            <th scope="col">{t('admin.audit.action')}</th>
            <th scope="col">{t('admin.audit.target')}</th>
          </tr>
        </thead>
        <tbody>
          {log.actions.slice(0, SHOWN).map((action) => (
            <tr key={action.id}>
              <td className="mono">{formatTimestamp(action.changed_at)}</td>
              <td>{action.actor ?? t('common.none')}</td>
              <td>{verb(t as unknown as Translate, action.action)}</td>
              <td>
                {entity(t as unknown as Translate, action.entity_type)}{' '}
                {action.subject ?? `#${action.entity_id}`}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {log.logins.length === 0 && log.actions.length === 0 && (
        <p className="panel-note">{t('admin.audit.empty')}</p>
      )}
    </>
  )
}

// keys built from the record's action and type: looked up as plain strings (a template key over the whole
// catalogue type is deeper than the compiler goes)
type Translate = (key: string) => string

function verb(t: Translate, action: string): string {
  return action === 'create' || action === 'update' || action === 'delete'
    ? t(`admin.audit.verbs.${action}`)
    : action
}

function entity(t: Translate, type: string): string {
  return type === 'user' || type === 'token' || type === 'setting' ? t(`admin.audit.entities.${type}`) : type
}
