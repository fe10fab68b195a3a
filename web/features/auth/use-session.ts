import { useCallback, useEffect, useState } from 'react'
import { ApiError, api, onUnauthenticated } from '../../api/client'
import type { Session } from '../../api/types'

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

/** The signed-in user: checked with /api/auth/me on load, dropped whenever any request answers 401. */
export function useSession() {
  const [state, setState] = useState<SessionState>(() =>
    readHint() ? { status: 'checking' } : { status: 'anonymous' },
  )

  const checking = state.status === 'checking'
  useEffect(() => {
    if (!checking) return
    const controller = new AbortController()
    api.me(controller.signal).then(
      (session) => setState({ status: 'authenticated', session }),
      (error: unknown) => {
        if (controller.signal.aborted) return
        if (!(error instanceof ApiError && error.status === 401)) console.error(error)
        writeHint(false)
        setState({ status: 'anonymous' })
      },
    )
    return () => controller.abort()
  }, [checking])

  useEffect(
    () =>
      onUnauthenticated(() => {
        writeHint(false)
        setState({ status: 'anonymous' })
      }),
    [],
  )

  const login = useCallback(async (username: string, password: string) => {
    const session = await api.login(username, password)
    writeHint(true)
    setState({ status: 'authenticated', session })
  }, [])

  const logout = useCallback(async () => {
    try {
      await api.logout()
    } finally {
      writeHint(false)
      setState({ status: 'anonymous' })
    }
  }, [])

  return { state, login, logout }
}
