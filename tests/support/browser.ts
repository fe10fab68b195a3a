import { mkdirSync } from 'node:fs'
import type { AddressInfo } from 'node:net'
import { fileURLToPath } from 'node:url'
import { type ServerType, serve } from '@hono/node-server'
import { type Browser, chromium, type Page } from 'playwright-core'
import { afterAll, beforeAll } from 'vitest'
import { closeTestPool, type TestApp, testApp } from './app'

/** Screenshots and downloads of the browser tests (git-ignored; the README's screenshots are copied from here). */
export const ARTIFACTS = fileURLToPath(new URL('../e2e/artifacts/', import.meta.url))
mkdirSync(ARTIFACTS, { recursive: true })

/** The built web app, as `npm start` serves it. */
export const WEB_DIST = fileURLToPath(new URL('../../dist/web', import.meta.url))

/** Serves an app on a free loopback port; answers its origin and a close function. */
export async function serveOnLoopback(app: TestApp): Promise<{ server: ServerType; origin: string }> {
  const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' })
  await new Promise<void>((resolve) => server.once('listening', () => resolve()))
  return { server, origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}` }
}

/**
 * Debian's Chromium (CHROMIUM_PATH overrides), headless, with nothing that reaches for the network: this
 * machine has none, and Chromium's background requests would only fail.
 */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
    ],
  })
}

/**
 * A page that records console errors and uncaught exceptions, so a test can assert there were none.
 * SwiftShader's "GL Driver Message" performance notes are the browser's, not the app's.
 */
export async function openRecordedPage(browser: Browser, options: Parameters<Browser['newPage']>[0] = {}) {
  const page: Page = await browser.newPage({
    viewport: { width: 1400, height: 900 },
    locale: 'zh-CN',
    // the offline service worker only where a test is about it (tests/e2e/field.test.ts): elsewhere every request
    // must reach the server, as the tests expect
    serviceWorkers: 'block',
    ...options,
  })
  const errors: string[] = []
  page.on('console', (msg) => {
    if (msg.type() === 'error' && !msg.text().includes('GL Driver Message')) errors.push(msg.text())
  })
  page.on('pageerror', (err) => errors.push(err.message))
  return { page, errors }
}

/** Logs in through the login page and waits until the map has drawn the parcels. */
export async function logInThroughPage(page: Page, url: string, username: string) {
  await page.goto(url)
  await page.getByLabel(/用户名|Username/).fill(username)
  await page.getByLabel(/密码|Password/).fill('guatu-demo')
  await page.getByRole('button', { name: /登录|Log in/ }).click()
  await page.locator('[role="application"][data-map-ready="true"]').waitFor({ timeout: 60_000 })
}

/** What a browser test file works with: the app it serves, where, and the browser. */
export interface BrowserSession {
  app: TestApp
  origin: string
  browser: Browser
}

/**
 * For a browser test file: before its tests, serves the built app (with `overrides` of its deps, e.g. an event bus
 * the test publishes on) on loopback and launches Chromium; after them
 * (and after the file's own afterAll hooks, which run first), closes both and the test pool. The fields are set
 * once beforeAll has run.
 */
export function servedBrowserSession(overrides: Parameters<typeof testApp>[0] = {}): BrowserSession {
  const session = {} as BrowserSession
  let server: ServerType | undefined
  beforeAll(async () => {
    session.app = testApp({ staticDir: WEB_DIST, ...overrides })
    const served = await serveOnLoopback(session.app)
    server = served.server
    session.origin = served.origin
    session.browser = await launchChromium()
  })
  afterAll(async () => {
    await session.browser?.close()
    await new Promise((resolve) => server?.close(resolve))
    await closeTestPool()
  })
  return session
}
