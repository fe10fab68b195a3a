import { useTranslation } from 'react-i18next'
import type { SearchHit } from '../../../server/domain/search'
import type { Session } from '../../api/types'
import { NotificationBell } from '../notifications/notification-bell'
import { ImportParcelsButton } from '../parcels/import-dialog'
import { ParcelExportMenu } from '../parcels/parcel-export-menu'
import { SearchBox } from '../search/search-box'
import { HeaderMenu } from './header-menu'
import { LanguageSwitch } from './language-switch'
import { useNarrowScreen } from './use-narrow-screen'

type AppHeaderProps = {
  session: Session
  zoneName: string | undefined
  onLogout: () => void
  /** a hit of the search box chosen: the workspace zooms to it and opens its panel */
  onSearchPick?: (hit: SearchHit) => void
  /** 我的任务 (issue 16): opens the user's tasks */
  onOpenTasks?: () => void
  /** a notification about an order chosen in the bell: open that order */
  onOpenOrder?: (orderId: number) => void
}

export function AppHeader({
  session,
  zoneName,
  onLogout,
  onSearchPick,
  onOpenTasks,
  onOpenOrder,
}: AppHeaderProps) {
  const { t } = useTranslation()
  // on a phone the tools go behind one menu button, so the header fits 390 px
  const narrow = useNarrowScreen()
  const bell = onOpenOrder ? <NotificationBell onOpenOrder={onOpenOrder} /> : null
  const tools = (
    <>
      <p className="header-user">
        <span className="visually-hidden">{t('header.user')}</span>
        <span className="header-username">{session.username}</span>
        <span className="role-badge">{t(`role.${session.role}`)}</span>
      </p>
      {onOpenTasks && (
        <button type="button" className="button-quiet tasks-open" onClick={onOpenTasks}>
          {t('orders.tasks.open')}
        </button>
      )}
      {(session.role === 'land_officer' || session.role === 'admin') && <ImportParcelsButton />}
      {(session.role === 'land_officer' || session.role === 'admin') && <ParcelExportMenu />}
      <LanguageSwitch />
      <button type="button" className="button-quiet" onClick={onLogout}>
        {t('auth.logout')}
      </button>
    </>
  )
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
      {onSearchPick && <SearchBox onPick={onSearchPick} compact={narrow} />}
      {/* the bell stays in the header on a phone too: its count is seen without opening the menu */}
      {narrow ? (
        <>
          {bell}
          <HeaderMenu>{tools}</HeaderMenu>
        </>
      ) : (
        <div className="header-tools">
          {bell}
          {tools}
        </div>
      )}
    </header>
  )
}
