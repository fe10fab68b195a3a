import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { loginCookie, testPool } from '../support/app'
import { logInThroughPage, openRecordedPage, servedBrowserSession } from '../support/browser'

const session = servedBrowserSession()

type MarkedWindow = { __notReloaded?: boolean }

/** Marks the page, so a test can tell that what it shows next came without a reload. */
async function mark(page: Page) {
  await page.evaluate(() => {
    ;(window as unknown as MarkedWindow).__notReloaded = true
  })
}

function stillMarked(page: Page) {
  return page.evaluate(() => (window as unknown as MarkedWindow).__notReloaded === true)
}

/** PATCHes a record as `username`, from outside the browser, with the version it has now. */
async function patchAs(username: string, path: string, fields: Record<string, unknown>) {
  const cookie = await loginCookie(session.app, username)
  const current = await (await session.app.request(path, { headers: { cookie } })).json()
  const version = current.properties?.version ?? current.version
  const res = await session.app.request(path, {
    method: 'PATCH',
    headers: { cookie, 'content-type': 'application/json' },
    body: JSON.stringify({ ...fields, version }),
  })
  expect(res.status).toBe(200)
}

describe('live updates, as leader', () => {
  it('shows a parcel name another user changes in the open parcel panel, without a reload', async () => {
    const { rows } = await testPool().query<{ id: number; name: string | null }>(
      `select id, name from parcels where name is not null order by id limit 1`,
    )
    const parcel = rows[0]
    if (!parcel) throw new Error('the demo district has no named parcel')
    const { page, errors } = await openRecordedPage(session.browser)
    // the link opens the parcel's panel
    await logInThroughPage(page, `${session.origin}/?sel=p${parcel.id}`, 'leader')
    const panel = page.getByRole('complementary')
    await expect.poll(() => panel.textContent(), { timeout: 15_000 }).toContain(String(parcel.name))
    await mark(page)

    const renamed = `${parcel.name}（实时更名）`
    try {
      await patchAs('officer', `/api/parcels/${parcel.id}`, { name: renamed })
      // the change event reaches the page, which fetches the parcel again: the panel shows the new name
      await expect.poll(() => panel.textContent(), { timeout: 15_000 }).toContain(renamed)
      // …and its history the change, old name → new
      await expect.poll(() => panel.locator('.history-list').textContent()).toContain(`→ ${renamed}`)
      expect(await stillMarked(page)).toBe(true)
      expect(errors).toEqual([])
    } finally {
      await patchAs('officer', `/api/parcels/${parcel.id}`, { name: parcel.name })
      await page.close()
    }
  })

  it('shows a project name another user changes on the open project board, without a reload', async () => {
    const { rows } = await testPool().query<{ id: number; name: string }>(
      `select id, name from projects order by id limit 1`,
    )
    const project = rows[0]
    if (!project) throw new Error('the demo district has no project')
    const { page, errors } = await openRecordedPage(session.browser)
    await logInThroughPage(page, session.origin, 'leader')
    // a leader lands on the dashboard; the project board is on the zone overview behind it
    await page.getByRole('button', { name: '关闭', exact: true }).click()
    await page.getByRole('button', { name: '项目看板' }).click()
    const board = page.getByRole('complementary')
    await expect.poll(() => board.textContent(), { timeout: 15_000 }).toContain(project.name)
    await mark(page)

    const renamed = `${project.name}（二期）`
    try {
      await patchAs('investor', `/api/projects/${project.id}`, { name: renamed })
      await expect.poll(() => board.textContent(), { timeout: 15_000 }).toContain(renamed)
      expect(await stillMarked(page)).toBe(true)
      expect(errors).toEqual([])
    } finally {
      await patchAs('investor', `/api/projects/${project.id}`, { name: project.name })
      await page.close()
    }
  })
})
