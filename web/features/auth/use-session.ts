import { useQuery, useQueryClient } from '@tanstack/react-query'
import { useCallback, useEffect, useState } from 'react'
import { ApiError, api, onUnauthenticated } from '../../api/client'
import { queries } from '../../api/queries'
import type { Session } from '../../api/types'
import { forgetCachedData } from '../../pwa'

export type SessionState =
  | { status: 'checking' }
  | { status: 'anonymous' }
  | { status: 'authenticated'; session: Session }

// The session cookie is HttpOnly, so the page cannot see it. This flag remembers that this browser
// signed in, so a first visit goes straight to the login page instead of asking /me for a 401.
const HINT_KEY = 'guatu.signed-in'

function readHint(): boolean {
  try {
    return window.localStorage.getItem(HINT_KEY) === '1'
  } catch {
    return true
  }
}

function writeHint(signedIn: boolean): void {
  try {
    if (signedIn) window.localStorage.setItem(HINT_KEY, '1')
    else window.localStorage.removeItem(HINT_KEY)
  } catch {
    // without storage the app simply asks /me on every load
  }
}

/**
 * The signed-in user: asked of /api/auth/me on load (the `me` query, which useCanInvest reads too), dropped
 * whenever any request answers 401. Signing out forgets every cached answer, so the next user sees none of them.
 */
export function useSession() {
  const queryClient = useQueryClient()
  // whether this browser believes it is signed in: then /me says who
  const [signedIn, setSignedIn] = useState(readHint)
  const me = useQuery({ ...queries.me(), enabled: signedIn, retry: false })
  const failed = signedIn && !me.data && me.isError

  useEffect(() => {
    if (!failed) return
    if (!(me.error instanceof ApiError && me.error.status === 401)) console.error(me.error)
    writeHint(false)
    setSignedIn(false)
  }, [failed, me.error])

  useEffect(() => {
    if (!signedIn) queryClient.removeQueries()
  }, [signedIn, queryClient])

  useEffect(
    () =>
      onUnauthenticated(() => {
        writeHint(false)
        setSignedIn(false)
      }),
    [],
  )

  const login = useCallback(
    async (username: string, password: string) => {
      const session = await api.login(username, password)
      writeHint(true)
      queryClient.setQueryData(queries.me().queryKey, session)
      setSignedIn(true)
    },
    [queryClient],
  )

  const logout = useCallback(async () => {
    try {
      await api.logout()
    } finally {
      writeHint(false)
      setSignedIn(false)
      await forgetCachedData().catch(() => {})
    }
  }, [])

  const state: SessionState =
    signedIn && me.data
      ? { status: 'authenticated', session: me.data }
      : signedIn && !failed
        ? { status: 'checking' }
        : { status: 'anonymous' }
  return { state, login, logout }
}
