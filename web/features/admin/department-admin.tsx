import { useQuery, useQueryClient } from '@tanstack/react-query'
import { type FormEvent, useId, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { invalidateResources } from '../../api/change-invalidation'
import { api } from '../../api/client'
import { queries } from '../../api/queries'
import type { Department } from '../../api/types'
import { AdminNoticeLine, useAdminWrite } from './admin-notice'

const EMPTY_DEPARTMENT = { name: '', name_en: '', webhook_url: '' }

/** A department's group robot: its webhook address set or changed, or the robot removed. */
function RobotRow({
  department,
  onSave,
  onCancel,
}: {
  department: Department
  onSave: (url: string | null) => Promise<boolean>
  onCancel: () => void
}) {
  const { t } = useTranslation()
  const hintId = useId()
  const [url, setUrl] = useState(department.webhook_url ?? '')
  const [busy, setBusy] = useState(false)
  const save = async (value: string | null) => {
    setBusy(true)
    await onSave(value)
    setBusy(false)
  }
  const submit = (event: FormEvent) => {
    event.preventDefault()
    void save(url.trim() || null)
  }
  return (
    <tr className="admin-subrow">
      <td colSpan={4}>
        <form className="form-inline" onSubmit={submit}>
          <input
            type="url"
            aria-label={t('admin.departments.robotOf', { name: department.name })}
            aria-describedby={hintId}
            value={url}
            onChange={(event) => setUrl(event.target.value)}
            pattern="https?://.+"
            maxLength={2000}
            required
            autoComplete="off"
          />
          <button type="submit" className="button-small button-accent" disabled={busy}>
            {t('admin.departments.save')}
          </button>
          {department.has_webhook && (
            <button type="button" className="button-small" disabled={busy} onClick={() => void save(null)}>
              {t('admin.departments.remove')}
            </button>
          )}
          <button type="button" className="button-small" onClick={onCancel}>
            {t('admin.departments.cancel')}
          </button>
        </form>
        <p id={hintId} className="admin-hint">
          {t('admin.departments.robotHint')}
        </p>
      </td>
    </tr>
  )
}

function NewDepartmentForm({ onCreated }: { onCreated: () => void }) {
  const { t } = useTranslation()
  const id = useId()
  const [fields, setFields] = useState(EMPTY_DEPARTMENT)
  const write = useAdminWrite<'create'>()
  const set = (key: keyof typeof EMPTY_DEPARTMENT) => (event: { target: { value: string } }) =>
    setFields((current) => ({ ...current, [key]: event.target.value }))
  const submit = async (event: FormEvent) => {
    event.preventDefault()
    await write.run('create', async () => {
      const created = await api.createDepartment({
        name: fields.name.trim(),
        name_en: fields.name_en.trim() || null,
        webhook_url: fields.webhook_url.trim() || null,
      })
      setFields(EMPTY_DEPARTMENT)
      onCreated()
      return { kind: 'done', text: t('admin.departments.created', { name: created?.name ?? fields.name }) }
    })
  }
  return (
    <form className="milestone-form" onSubmit={submit} aria-labelledby={`${id}-title`}>
      <h4 id={`${id}-title`}>{t('admin.departments.newTitle')}</h4>
      <div className="form-grid">
        <label htmlFor={`${id}-name`}>{t('admin.departments.name')}</label>
        <input id={`${id}-name`} value={fields.name} onChange={set('name')} required maxLength={100} />
        <label htmlFor={`${id}-name-en`}>{t('admin.departments.nameEn')}</label>
        <input id={`${id}-name-en`} value={fields.name_en} onChange={set('name_en')} maxLength={200} />
        <label htmlFor={`${id}-robot`}>{t('admin.departments.robot')}</label>
        <input
          id={`${id}-robot`}
          type="url"
          value={fields.webhook_url}
          onChange={set('webhook_url')}
          pattern="https?://.+"
          maxLength={2000}
          autoComplete="off"
          aria-describedby={`${id}-robot-hint`}
        />
        <span />
        <span id={`${id}-robot-hint`} className="admin-hint">
          {t('admin.departments.robotHint')}
        </span>
      </div>
      <AdminNoticeLine notice={write.notice} />
      <div className="form-actions">
        <button type="submit" className="button-small button-accent" disabled={write.running !== null}>
          {t('admin.departments.create')}
        </button>
      </div>
    </form>
  )
}

/**
 * 部门与群机器人 (压实责任): the departments that own late items and answer orders, how many users each has, and
 * their WeCom/DingTalk group robot (set, changed or removed at the department's version); a new department.
 */
export function DepartmentAdmin() {
  const { t } = useTranslation()
  const headingId = useId()
  const queryClient = useQueryClient()
  const departments = useQuery(queries.departments())
  const [editing, setEditing] = useState<number | null>(null)
  const write = useAdminWrite<number>()
  const reload = () => void invalidateResources(queryClient, ['departments'])

  const setRobot = (department: Department, url: string | null) =>
    write.run(department.id, async () => {
      await api.patchDepartment(department.id, { webhook_url: url, version: department.version })
      reload()
      setEditing(null)
      return {
        kind: 'done',
        text: t(url ? 'admin.departments.robotSaved' : 'admin.departments.robotRemoved', {
          name: department.name,
        }),
      }
    })

  return (
    <section className="panel-section admin-section" aria-labelledby={headingId}>
      <h3 id={headingId}>
        {t('admin.departments.title')}
        {departments.data && (
          <span className="admin-count">
            {t('admin.departments.count', { count: departments.data.length })}
          </span>
        )}
      </h3>
      <p className="panel-note">{t('admin.departments.intro')}</p>
      {departments.isPending && <p className="panel-note">{t('panel.loading')}</p>}
      {departments.isError && (
        <p className="panel-error" role="alert">
          {t('panel.failed', { message: departments.error.message })}
        </p>
      )}
      {departments.data && (
        <table className="milestones admin-table">
          <thead>
            <tr>
              <th scope="col">{t('admin.departments.department')}</th>
              <th scope="col">{t('admin.departments.users')}</th>
              <th scope="col">{t('admin.departments.robot')}</th>
              <th scope="col">{t('admin.users.actions')}</th>
            </tr>
          </thead>
          <tbody>
            {departments.data.map((department) => [
              <tr key={department.id} data-department={department.name}>
                <th scope="row">
                  {department.name}
                  {department.name_en && <span className="admin-display-name">{department.name_en}</span>}
                </th>
                <td className="mono">{department.users}</td>
                <td>
                  <span className={department.has_webhook ? 'status-chip admin-on' : 'status-chip admin-off'}>
                    {department.has_webhook
                      ? t('admin.departments.robotSet')
                      : t('admin.departments.robotNone')}
                  </span>
                </td>
                <td>
                  <button
                    type="button"
                    className="button-small"
                    aria-expanded={editing === department.id}
                    aria-label={t('admin.departments.setRobotOf', { name: department.name })}
                    onClick={() => setEditing(editing === department.id ? null : department.id)}
                  >
                    {t('admin.departments.setRobot')}
                  </button>
                </td>
              </tr>,
              editing === department.id && (
                <RobotRow
                  key={`${department.id}-robot`}
                  department={department}
                  onCancel={() => setEditing(null)}
                  onSave={(url) => setRobot(department, url)}
                />
              ),
            ])}
          </tbody>
        </table>
      )}
      <AdminNoticeLine notice={write.notice} />
      <NewDepartmentForm onCreated={reload} />
    </section>
  )
}
