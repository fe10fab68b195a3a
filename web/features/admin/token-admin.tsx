import { type FormEvent, useId, useRef, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { ROLES, type Role } from '../../../server/domain/vocabulary'
import { api } from '../../api/client'
import { queryKeys } from '../../api/query-keys'
import type { ApiTokenInfo, IssuedToken } from '../../api/types'
import { formatTimestamp } from '../../i18n/formatters'
import { AdminNoticeLine, useAdminWrite } from './admin-notice'
import { useAdminList } from './use-admin-list'

/** The secret of a token just issued: shown here once, with a copy button; the API never answers it again. */
function IssuedSecret({ issued, onDismiss }: { issued: IssuedToken; onDismiss: () => void }) {
  const { t } = useTranslation()
  const id = useId()
  const input = useRef<HTMLInputElement>(null)
  const [copy, setCopy] = useState<'idle' | 'copied' | 'failed'>('idle')
  const copySecret = async () => {
    try {
      await navigator.clipboard.writeText(issued.token)
      setCopy('copied')
    } catch {
      // no clipboard (an insecure origin, or permission refused): select the text for Ctrl+C instead
      input.current?.select()
      setCopy('failed')
    }
  }
  return (
    <section className="token-secret" aria-labelledby={`${id}-title`}>
      <p id={`${id}-title`} className="token-secret-title">
        {t('admin.tokens.secretTitle', { name: issued.name })}
      </p>
      <p className="token-secret-warning">{t('admin.tokens.secretOnce')}</p>
      <div className="form-inline">
        <input
          ref={input}
          className="mono token-secret-value"
          readOnly
          value={issued.token}
          aria-label={t('admin.tokens.secretLabel')}
          onFocus={(event) => event.target.select()}
        />
        <button type="button" className="button-small button-accent" onClick={() => void copySecret()}>
          {t('admin.tokens.copy')}
        </button>
      </div>
      {copy !== 'idle' && (
        <p className={copy === 'copied' ? 'admin-notice admin-notice-done' : 'panel-note'} role="status">
          {copy === 'copied' ? t('admin.tokens.copied') : t('admin.tokens.copyFailed')}
        </p>
      )}
      <div className="form-actions">
        <button type="button" className="button-small" onClick={onDismiss}>
          {t('admin.tokens.dismiss')}
        </button>
      </div>
    </section>
  )
}

function IssueTokenForm({ onIssued }: { onIssued: (token: IssuedToken) => void }) {
  const { t } = useTranslation()
  const id = useId()
  const [name, setName] = useState('')
  const [role, setRole] = useState<Role>('leader')
  const write = useAdminWrite<'issue'>()
  const busy = write.running !== null
  const notice = write.notice
  const submit = async (event: FormEvent) => {
    event.preventDefault()
    await write.run('issue', async () => {
      const issued = await api.issueToken(name.trim(), role)
      setName('')
      onIssued(issued)
      return null
    })
  }
  return (
    <form className="milestone-form" onSubmit={submit} aria-labelledby={`${id}-title`}>
      <h4 id={`${id}-title`}>{t('admin.tokens.issueTitle')}</h4>
      <div className="form-grid">
        <label htmlFor={`${id}-name`}>{t('admin.tokens.issueName')}</label>
        <input
          id={`${id}-name`}
          value={name}
          onChange={(event) => setName(event.target.value)}
          required
          maxLength={200}
          autoComplete="off"
        />
        <label htmlFor={`${id}-role`}>{t('admin.tokens.issueRole')}</label>
        <select id={`${id}-role`} value={role} onChange={(event) => setRole(event.target.value as Role)}>
          {ROLES.map((r) => (
            <option key={r} value={r}>
              {t(`role.${r}`)}
            </option>
          ))}
        </select>
      </div>
      <AdminNoticeLine notice={notice} />
      <div className="form-actions">
        <button type="submit" className="button-small button-accent" disabled={busy}>
          {t('admin.tokens.issue')}
        </button>
      </div>
    </form>
  )
}

/** API tokens: the list (never the secrets), issuing one (its secret shown once) and revoking. */
export function TokenAdmin() {
  const { t } = useTranslation()
  const headingId = useId()
  const tokens = useAdminList(queryKeys.tokens, api.apiTokens)
  const [issued, setIssued] = useState<IssuedToken | null>(null)
  const [confirming, setConfirming] = useState<number | null>(null)
  const write = useAdminWrite<number>()
  const busyId = write.running
  const notice = write.notice

  const revoke = async (token: ApiTokenInfo) => {
    await write.run(token.id, async () => {
      await api.revokeToken(token.id)
      tokens.reload()
      return { kind: 'done', text: t('admin.tokens.revokedDone', { name: token.name }) }
    })
    setConfirming(null)
  }

  return (
    <section className="panel-section admin-section" aria-labelledby={headingId}>
      <h3 id={headingId}>{t('admin.tokens.title')}</h3>
      <p className="panel-note admin-intro">{t('admin.tokens.intro')}</p>
      {!tokens.items && !tokens.error && <p className="panel-note">{t('panel.loading')}</p>}
      {tokens.error && (
        <p className="panel-error" role="alert">
          {t('panel.failed', { message: tokens.error.message })}
        </p>
      )}
      {tokens.items && tokens.items.length === 0 && <p className="panel-note">{t('admin.tokens.empty')}</p>}
      {tokens.items && tokens.items.length > 0 && (
        <table className="milestones admin-table">
          <thead>
            <tr>
              <th scope="col">{t('admin.tokens.name')}</th>
              <th scope="col">{t('admin.tokens.role')}</th>
              <th scope="col">{t('admin.tokens.issuedBy')}</th>
              <th scope="col">{t('admin.tokens.created')}</th>
              <th scope="col">{t('admin.tokens.lastUsed')}</th>
              <th scope="col">{t('admin.tokens.status')}</th>
            </tr>
          </thead>
          <tbody>
            {tokens.items.map((token) => (
              <tr
                key={token.id}
                data-token-id={token.id}
                className={token.revoked ? 'admin-revoked' : undefined}
              >
                <th scope="row">{token.name}</th>
                <td>{t(`role.${token.role}`)}</td>
                <td>{token.created_by ?? t('common.none')}</td>
                <td className="mono">{formatTimestamp(token.created_at)}</td>
                <td className="mono">
                  {token.last_used_at ? formatTimestamp(token.last_used_at) : t('admin.never')}
                </td>
                <td>
                  {token.revoked ? (
                    <span className="status-chip admin-off">{t('admin.tokens.revoked')}</span>
                  ) : confirming === token.id ? (
                    <div className="admin-actions">
                      <button
                        type="button"
                        className="button-small admin-danger"
                        disabled={busyId === token.id}
                        onClick={() => void revoke(token)}
                      >
                        {t('admin.tokens.confirmRevoke')}
                      </button>
                      <button type="button" className="button-small" onClick={() => setConfirming(null)}>
                        {t('admin.tokens.cancel')}
                      </button>
                    </div>
                  ) : (
                    <div className="admin-actions">
                      <span className="status-chip admin-on">{t('admin.tokens.active')}</span>
                      <button type="button" className="button-small" onClick={() => setConfirming(token.id)}>
                        {t('admin.tokens.revoke')}
                      </button>
                    </div>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <AdminNoticeLine notice={notice} />
      {issued ? (
        <IssuedSecret issued={issued} onDismiss={() => setIssued(null)} />
      ) : (
        <IssueTokenForm
          onIssued={(token) => {
            setIssued(token)
            write.setNotice(null)
            tokens.reload()
          }}
        />
      )}
    </section>
  )
}
