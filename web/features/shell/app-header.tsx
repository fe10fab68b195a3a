import { useTranslation } from 'react-i18next'
import type { Session } from '../../api/types'
import { ImportParcelsButton } from '../parcels/import-dialog'
import { ParcelExportMenu } from '../parcels/parcel-export-menu'
import { LanguageSwitch } from './language-switch'

type AppHeaderProps = {
  session: Session
  zoneName: string | undefined
  onLogout: () => void
}

export function AppHeader({ session, zoneName, onLogout }: AppHeaderProps) {
  const { t } = useTranslation()
  return (
    <header className="app-header">
      <div className="brand">
        <span className="brand-mark" aria-hidden="true">
          挂
        </span>
        <div>
          <p className="brand-name">
            {t('app.name')} <span className="brand-latin">{t('app.latinName')}</span>
          </p>
          <p className="brand-subtitle">
            {zoneName ? `${zoneName} · ${t('app.subtitle')}` : t('app.subtitle')}
          </p>
        </div>
      </div>
      <div className="header-tools">
        <p className="header-user">
          <span className="visually-hidden">{t('header.user')}</span>
          <span className="header-username">{session.username}</span>
          <span className="role-badge">{t(`role.${session.role}`)}</span>
        </p>
        {(session.role === 'land_officer' || session.role === 'admin') && <ImportParcelsButton />}
        {(session.role === 'land_officer' || session.role === 'admin') && <ParcelExportMenu />}
        <LanguageSwitch />
        <button type="button" className="button-quiet" onClick={onLogout}>
          {t('auth.logout')}
        </button>
      </div>
    </header>
  )
}
