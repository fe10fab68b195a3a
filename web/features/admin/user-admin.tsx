import { useQuery } from '@tanstack/react-query'
import { type FormEvent, type ReactNode, useId, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { ROLES, type Role } from '../../../server/domain/vocabulary'
import { api } from '../../api/client'
import { queries } from '../../api/queries'
import { queryKeys } from '../../api/query-keys'
import type { AdminUser, UserChangeBody } from '../../api/types'
import { formatTimestamp } from '../../i18n/formatters'
import { AdminNoticeLine, useAdminWrite } from './admin-notice'
import { useAdminList } from './use-admin-list'

const EMPTY_USER = {
  username: '',
  display_name: '',
  role: '' as Role | '',
  password: '',
  department_id: '',
  email: '',
}

/** The departments (压实责任) an account can belong to, as options; the first is none. */
function DepartmentOptions() {
  const { t } = useTranslation()
  const departments = useQuery(queries.departments())
  return (
    <>
      <option value="">{t('admin.users.noDepartment')}</option>
      {(departments.data ?? []).map((d) => (
        <option key={d.id} value={d.id}>
          {d.name}
        </option>
      ))}
    </>
  )
}

function NewUserForm({ onCreated }: { onCreated: (user: AdminUser) => void }) {
  const { t } = useTranslation()
  const id = useId()
  const [fields, setFields] = useState(EMPTY_USER)
  const write = useAdminWrite<'create'>()
  const busy = write.running !== null
  const notice = write.notice
  const set = (key: keyof typeof EMPTY_USER) => (event: { target: { value: string } }) =>
    setFields((current) => ({ ...current, [key]: event.target.value }))

  const submit = async (event: FormEvent) => {
    event.preventDefault()
    const role = fields.role
    if (!role) return
    await write.run('create', async () => {
      const user = await api.createUser({
        username: fields.username.trim(),
        password: fields.password,
        role,
        display_name: fields.display_name.trim() || null,
        ...(fields.department_id ? { department_id: Number(fields.department_id) } : {}),
        ...(fields.email.trim() ? { email: fields.email.trim() } : {}),
      })
      setFields(EMPTY_USER)
      onCreated(user)
      return { kind: 'done', text: t('admin.newUser.created', { username: user.username }) }
    })
  }

  return (
    <form className="milestone-form" onSubmit={submit} aria-labelledby={`${id}-title`}>
      <h4 id={`${id}-title`}>{t('admin.newUser.title')}</h4>
      <div className="form-grid">
        <label htmlFor={`${id}-username`}>{t('admin.newUser.username')}</label>
        <input
          id={`${id}-username`}
          value={fields.username}
          onChange={set('username')}
          required
          autoComplete="off"
          pattern="[a-z0-9_.\-]{2,64}"
          title={t('admin.newUser.usernameHint')}
          aria-describedby={`${id}-username-hint`}
        />
        <span />
        <span id={`${id}-username-hint`} className="admin-hint">
          {t('admin.newUser.usernameHint')}
        </span>
        <label htmlFor={`${id}-name`}>{t('admin.newUser.displayName')}</label>
        <input id={`${id}-name`} value={fields.display_name} onChange={set('display_name')} maxLength={100} />
        <label htmlFor={`${id}-role`}>{t('admin.newUser.role')}</label>
        <select id={`${id}-role`} value={fields.role} onChange={set('role')} required>
          <option value="" disabled>
            {t('common.none')}
          </option>
          {ROLES.map((role) => (
            <option key={role} value={role}>
              {t(`role.${role}`)}
            </option>
          ))}
        </select>
        <label htmlFor={`${id}-department`}>{t('admin.newUser.department')}</label>
        <select id={`${id}-department`} value={fields.department_id} onChange={set('department_id')}>
          <DepartmentOptions />
        </select>
        <label htmlFor={`${id}-email`}>{t('admin.newUser.email')}</label>
        <input
          id={`${id}-email`}
          type="email"
          value={fields.email}
          onChange={set('email')}
          maxLength={254}
          autoComplete="off"
          aria-describedby={`${id}-email-hint`}
        />
        <span />
        <span id={`${id}-email-hint`} className="admin-hint">
          {t('admin.newUser.emailHint')}
        </span>
        <label htmlFor={`${id}-password`}>{t('admin.newUser.password')}</label>
        <input
          id={`${id}-password`}
          type="password"
          value={fields.password}
          onChange={set('password')}
          required
          minLength={10}
          maxLength={200}
          autoComplete="new-password"
          aria-describedby={`${id}-password-hint`}
        />
        <span />
        <span id={`${id}-password-hint`} className="admin-hint">
          {t('admin.newUser.passwordHint')}
        </span>
      </div>
      <AdminNoticeLine notice={notice} />
      <div className="form-actions">
        <button type="submit" className="button-small button-accent" disabled={busy}>
          {t('admin.newUser.submit')}
        </button>
      </div>
    </form>
  )
}

function PasswordResetRow({
  user,
  onSave,
  onCancel,
}: {
  user: AdminUser
  onSave: (password: string) => Promise<boolean>
  onCancel: () => void
}) {
  const { t } = useTranslation()
  const [password, setPassword] = useState('')
  const [busy, setBusy] = useState(false)
  const submit = async (event: FormEvent) => {
    event.preventDefault()
    setBusy(true)
    const saved = await onSave(password)
    setBusy(false)
    if (saved) setPassword('')
  }
  return (
    <SubrowForm onSubmit={submit} busy={busy} onCancel={onCancel}>
      <input
        type="password"
        aria-label={t('admin.users.newPasswordFor', { username: user.username })}
        value={password}
        onChange={(event) => setPassword(event.target.value)}
        required
        minLength={10}
        maxLength={200}
        autoComplete="new-password"
      />
    </SubrowForm>
  )
}

/** The address an account's reminders are mailed to: set, changed, or cleared (left empty). */
function EmailRow({
  user,
  onSave,
  onCancel,
}: {
  user: AdminUser
  onSave: (email: string | null) => Promise<boolean>
  onCancel: () => void
}) {
  const { t } = useTranslation()
  const hintId = useId()
  const [email, setEmail] = useState(user.email ?? '')
  const [busy, setBusy] = useState(false)
  const submit = async (event: FormEvent) => {
    event.preventDefault()
    setBusy(true)
    await onSave(email.trim() || null)
    setBusy(false)
  }
  return (
    <SubrowForm
      onSubmit={submit}
      busy={busy}
      onCancel={onCancel}
      hint={
        <p id={hintId} className="admin-hint">
          {t('admin.users.emailHint')}
        </p>
      }
    >
      <input
        type="email"
        aria-label={t('admin.users.emailOf', { username: user.username })}
        aria-describedby={hintId}
        value={email}
        onChange={(event) => setEmail(event.target.value)}
        maxLength={254}
        autoComplete="off"
      />
    </SubrowForm>
  )
}

/** A user's row folded open under it: one field (`children`), 保存 and 取消, and a hint below when given. */
function SubrowForm({
  onSubmit,
  busy,
  onCancel,
  hint,
  children,
}: {
  onSubmit: (event: FormEvent) => void
  busy: boolean
  onCancel: () => void
  hint?: ReactNode
  children: ReactNode
}) {
  const { t } = useTranslation()
  return (
    <tr className="admin-subrow">
      <td colSpan={5}>
        <form className="form-inline" onSubmit={onSubmit}>
          {children}
          <button type="submit" className="button-small button-accent" disabled={busy}>
            {t('admin.users.save')}
          </button>
          <button type="button" className="button-small" onClick={onCancel}>
            {t('admin.users.cancel')}
          </button>
        </form>
        {hint}
      </td>
    </tr>
  )
}

/** User accounts: the list with role, status and last login; change a role, disable or enable, reset a password, create. */
export function UserAdmin({ currentUsername }: { currentUsername: string }) {
  const { t } = useTranslation()
  const headingId = useId()
  const users = useAdminList(queryKeys.users, api.users)
  const [resetting, setResetting] = useState<number | null>(null)
  const [mailing, setMailing] = useState<number | null>(null)
  const write = useAdminWrite<number>()
  const busyId = write.running
  const notice = write.notice

  const change = (user: AdminUser, body: UserChangeBody, done: (user: AdminUser) => string) =>
    write.run(user.id, async () => {
      const changed = await api.patchUser(user.id, { ...body, version: user.version })
      users.put(changed)
      return { kind: 'done', text: done(changed) }
    })

  return (
    <section className="panel-section admin-section" aria-labelledby={headingId}>
      <h3 id={headingId}>
        {t('admin.users.title')}
        {users.items && (
          <span className="admin-count">{t('admin.users.count', { count: users.items.length })}</span>
        )}
      </h3>
      {!users.items && !users.error && <p className="panel-note">{t('panel.loading')}</p>}
      {users.error && (
        <p className="panel-error" role="alert">
          {t('panel.failed', { message: users.error.message })}
        </p>
      )}
      {users.items && (
        <table className="milestones admin-table">
          <thead>
            <tr>
              <th scope="col">{t('admin.users.user')}</th>
              <th scope="col">{t('admin.users.role')}</th>
              <th scope="col">{t('admin.users.status')}</th>
              <th scope="col">{t('admin.users.lastLogin')}</th>
              <th scope="col">{t('admin.users.actions')}</th>
            </tr>
          </thead>
          <tbody>
            {users.items.map((user) => {
              const self = user.username === currentUsername
              const busy = busyId === user.id
              return [
                <tr key={user.id} data-username={user.username}>
                  <th scope="row">
                    <span className="mono">{user.username}</span>
                    {self && <span className="admin-you">{t('admin.users.you')}</span>}
                    {user.display_name && <span className="admin-display-name">{user.display_name}</span>}
                    {user.email && <span className="admin-display-name admin-email">{user.email}</span>}
                  </th>
                  <td>
                    <select
                      aria-label={t('admin.users.roleOf', { username: user.username })}
                      value={user.role}
                      disabled={busy || self}
                      onChange={(event) => {
                        const role = event.target.value as Role
                        void change(user, { role }, (u) =>
                          t('admin.users.roleChanged', { username: u.username, role: t(`role.${u.role}`) }),
                        )
                      }}
                    >
                      {ROLES.map((role) => (
                        <option key={role} value={role}>
                          {t(`role.${role}`)}
                        </option>
                      ))}
                    </select>
                    <select
                      aria-label={t('admin.users.departmentOf', { username: user.username })}
                      className="admin-department"
                      value={user.department_id ?? ''}
                      disabled={busy}
                      onChange={(event) => {
                        const value = event.target.value
                        void change(user, { department_id: value ? Number(value) : null }, (u) =>
                          t('admin.users.departmentChanged', {
                            username: u.username,
                            department: u.department ?? t('admin.users.noDepartment'),
                          }),
                        )
                      }}
                    >
                      <DepartmentOptions />
                    </select>
                  </td>
                  <td>
                    <span className={user.disabled ? 'status-chip admin-off' : 'status-chip admin-on'}>
                      {user.disabled ? t('admin.users.disabled') : t('admin.users.active')}
                    </span>
                  </td>
                  <td className="mono">
                    {user.last_login_at ? formatTimestamp(user.last_login_at) : t('admin.never')}
                  </td>
                  <td>
                    <div className="admin-actions">
                      {!self && (
                        <button
                          type="button"
                          className="button-small"
                          disabled={busy}
                          onClick={() =>
                            void change(user, { disabled: !user.disabled }, (u) =>
                              t(u.disabled ? 'admin.users.disabledDone' : 'admin.users.enabledDone', {
                                username: u.username,
                              }),
                            )
                          }
                        >
                          {user.disabled ? t('admin.users.enable') : t('admin.users.disable')}
                        </button>
                      )}
                      <button
                        type="button"
                        className="button-small"
                        aria-expanded={resetting === user.id}
                        onClick={() => setResetting(resetting === user.id ? null : user.id)}
                      >
                        {t('admin.users.resetPassword')}
                      </button>
                      <button
                        type="button"
                        className="button-small"
                        aria-expanded={mailing === user.id}
                        aria-label={t('admin.users.editEmailOf', { username: user.username })}
                        onClick={() => setMailing(mailing === user.id ? null : user.id)}
                      >
                        {t('admin.users.email')}
                      </button>
                    </div>
                  </td>
                </tr>,
                resetting === user.id && (
                  <PasswordResetRow
                    key={`${user.id}-reset`}
                    user={user}
                    onCancel={() => setResetting(null)}
                    onSave={async (password) => {
                      const saved = await change(user, { password }, (u) =>
                        t('admin.users.passwordReset', { username: u.username }),
                      )
                      if (saved) setResetting(null)
                      return saved
                    }}
                  />
                ),
                mailing === user.id && (
                  <EmailRow
                    key={`${user.id}-email`}
                    user={user}
                    onCancel={() => setMailing(null)}
                    onSave={async (email) => {
                      const saved = await change(user, { email }, (u) =>
                        u.email
                          ? t('admin.users.emailChanged', { username: u.username, email: u.email })
                          : t('admin.users.emailCleared', { username: u.username }),
                      )
                      if (saved) setMailing(null)
                      return saved
                    }}
                  />
                ),
              ]
            })}
          </tbody>
        </table>
      )}
      <AdminNoticeLine notice={notice} />
      <p className="panel-note">{t('admin.users.sessionsNote')}</p>
      <NewUserForm onCreated={users.reload} />
    </section>
  )
}
