/// <reference types="vite-plugin-pwa/client" />
import { registerSW } from 'virtual:pwa-register'

/** The caches that hold API answers and tiles: emptied at logout, so the next user of the phone sees none of it. */
const PRIVATE_CACHES = ['guatu-api', 'guatu-tiles']

/** Registers the service worker of the built app (installable, opens offline); nothing in development. */
export function registerServiceWorker(): void {
  if (!import.meta.env.PROD || !('serviceWorker' in navigator)) return
  void registerSW({ immediate: true })
}

export async function forgetCachedData(): Promise<void> {
  if (!('caches' in window)) return
  await Promise.all(PRIVATE_CACHES.map((name) => caches.delete(name)))
}
