import { useSyncExternalStore } from 'react'

/** Phones and narrow windows: the panels become a bottom sheet, the header a menu, the map cards fold. */
export const NARROW_SCREEN = '(max-width: 640px)'

const subscribers = new Map<string, (onChange: () => void) => () => void>()

/** One subscribe function per query, so React does not subscribe again on each render. */
function subscribe(query: string) {
  const known = subscribers.get(query)
  if (known) return known
  const made = (onChange: () => void) => {
    const list = window.matchMedia(query)
    list.addEventListener('change', onChange)
    return () => list.removeEventListener('change', onChange)
  }
  subscribers.set(query, made)
  return made
}

/** Whether a CSS media query matches now, following its changes (a rotated phone, a resized window). */
export function useMediaQuery(query: string): boolean {
  return useSyncExternalStore(
    subscribe(query),
    () => window.matchMedia(query).matches,
    () => false,
  )
}

/** Whether the screen is a phone's (NARROW_SCREEN). */
export function useNarrowScreen(): boolean {
  return useMediaQuery(NARROW_SCREEN)
}
