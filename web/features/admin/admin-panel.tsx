import { useId } from 'react'
import { useTranslation } from 'react-i18next'
import type { Session } from '../../api/types'
import { PanelFrame } from '../shell/panel-frame'
import { AuditLog } from './audit-log'
import { DepartmentAdmin } from './department-admin'
import { TokenAdmin } from './token-admin'
import { UserAdmin } from './user-admin'
import { ZoneSettingsAdmin } from './zone-settings'

type AdminPanelProps = { session: Session; onClose: () => void }

/** 系统管理, for admins only: user accounts, departments and their group robots, API tokens, the zone settings, the audit log and "export everything". */
export function AdminPanel({ session, onClose }: AdminPanelProps) {
  const { t } = useTranslation()
  const headingId = useId()
  const exportId = useId()
  return (
    <PanelFrame headingId={headingId} heading={t('admin.title')} onClose={onClose}>
      <div className="admin-panel">
        <UserAdmin currentUsername={session.username} />
        <DepartmentAdmin />
        <TokenAdmin />
        <ZoneSettingsAdmin />
        <AuditLog />
        <section className="panel-section admin-section" aria-labelledby={exportId}>
          <h3 id={exportId}>{t('admin.export.title')}</h3>
          {/* a plain link: the browser sends the session cookie and saves the zip under the server's name */}
          <a className="button-small button-accent admin-download" href="/api/admin/export" download>
            {t('admin.export.all')}
          </a>
          <p className="panel-note">{t('admin.export.allHint')}</p>
        </section>
      </div>
    </PanelFrame>
  )
}
