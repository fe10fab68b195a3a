import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { SearchHit } from '../server/domain/search'
import { useLiveStream } from './api/live-stream'
import type { Session } from './api/types'
import { LoginPage } from './features/auth/login-page'
import { useSession } from './features/auth/use-session'
import { MyTasks } from './features/orders/my-tasks'
import { AppHeader } from './features/shell/app-header'
import { Workspace } from './features/shell/workspace'
import { useZone } from './features/zone/use-zone'
import type { Selection } from './map/overlays'

export function App() {
  const { t } = useTranslation()
  const { state, login, logout } = useSession()

  if (state.status === 'checking') {
    return (
      <p className="splash" role="status">
        {t('panel.loading')}
      </p>
    )
  }
  if (state.status === 'anonymous') return <LoginPage onLogin={login} />
  return <SignedIn session={state.session} onLogout={logout} />
}

function SignedIn({ session, onLogout }: { session: Session; onLogout: () => void }) {
  const { t } = useTranslation()
  const zone = useZone()
  // the one live connection while signed in: it keeps every query fresh and tells the map which tiles changed
  const parcelTiles = useLiveStream()
  // the search box is in the header, what it finds opens in the workspace; a new nonce each time it is chosen
  const [searchPick, setSearchPick] = useState<{ hit: SearchHit; nonce: number } | null>(null)
  // 我的任务 (issue 16): open or not, and the order the bell chose; what it opens on the map goes to the workspace
  const [tasks, setTasks] = useState<{ focus: { orderId: number; nonce: number } | null } | null>(null)
  const [mapPick, setMapPick] = useState<{ selection: Selection; nonce: number } | null>(null)
  return (
    <div className="app">
      <AppHeader
        session={session}
        zoneName={zone.data?.name}
        onLogout={onLogout}
        onSearchPick={(hit) => setSearchPick((current) => ({ hit, nonce: (current?.nonce ?? 0) + 1 }))}
        onOpenTasks={() => setTasks((current) => (current ? null : { focus: null }))}
        onOpenOrder={(orderId) =>
          setTasks((current) => ({ focus: { orderId, nonce: (current?.focus?.nonce ?? 0) + 1 } }))
        }
      />
      {tasks && (
        <MyTasks
          session={session}
          focus={tasks.focus}
          onClose={() => setTasks(null)}
          onShowOnMap={(selection) => {
            setTasks(null)
            setMapPick((current) => ({ selection, nonce: (current?.nonce ?? 0) + 1 }))
          }}
        />
      )}
      {zone.data ? (
        <Workspace
          zone={zone.data}
          session={session}
          parcelTiles={parcelTiles}
          searchPick={searchPick}
          mapPick={mapPick}
        />
      ) : (
        <p className={zone.isError ? 'splash splash-error' : 'splash'} role="status">
          {zone.isError ? t('map.loadFailed', { message: zone.error.message }) : t('map.loading')}
        </p>
      )}
    </div>
  )
}
