import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { inProcessBus } from '../../server/events'
import { loginCookie, testPool } from '../support/app'
import { logInThroughPage, openRecordedPage, servedBrowserSession } from '../support/browser'

// the app's event bus, held here so a test can announce a change the way a service does (with its box)
const events = inProcessBus()
const session = servedBrowserSession({ events })

type MapWindow = { __guatuMap: import('maplibre-gl').Map }

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

// a tile's edges, from the tile scheme (XYZ, Web Mercator)
const westOf = (x: number, z: number) => (x / 2 ** z) * 360 - 180
const northOf = (y: number, z: number) =>
  (Math.atan(Math.sinh(Math.PI * (1 - (2 * y) / 2 ** z))) * 180) / Math.PI

/** True when the tile at `path` (/tiles/parcels/z/x/y.mvt) meets the box [minLon, minLat, maxLon, maxLat]. */
function meets(path: string, [minLon, minLat, maxLon, maxLat]: [number, number, number, number]): boolean {
  const [z, x, y] = path.replace('/tiles/parcels/', '').replace('.mvt', '').split('/').map(Number) as [
    number,
    number,
    number,
  ]
  return (
    westOf(x, z) <= maxLon &&
    westOf(x + 1, z) >= minLon &&
    northOf(y + 1, z) <= maxLat &&
    northOf(y, z) >= minLat
  )
}

describe('live updates of the map, as leader', () => {
  it('fetches again only the parcel tiles where a change with a box happened', async () => {
    const { page, errors } = await openRecordedPage(session.browser)
    await logInThroughPage(page, session.origin, 'leader')
    const target = await page.evaluate(() => {
      const map = (window as unknown as MapWindow).__guatuMap
      const hit = map
        .queryRenderedFeatures({ layers: ['parcels-fill'] })
        .find((f) => f.properties.status === 'planned')
      return hit ? Number(hit.id) : null
    })
    if (target === null) throw new Error('no planned parcel in view')
    const statusOnMap = () =>
      page.evaluate(
        (parcelId) =>
          (window as unknown as MapWindow).__guatuMap
            .queryRenderedFeatures({ layers: ['parcels-fill'] })
            .filter((f) => f.id === parcelId)
            .map((f) => String(f.properties.status)),
        target,
      )
    const requested: string[] = []
    page.on('request', (request) => requested.push(new URL(request.url()).pathname))

    const pool = testPool()
    const { rows } = await pool.query<{ bbox: [number, number, number, number] }>(
      `select array[ST_XMin(geom), ST_YMin(geom), ST_XMax(geom), ST_YMax(geom)] as bbox from parcels where id = $1`,
      [target],
    )
    const bbox = rows[0]?.bbox
    if (!bbox) throw new Error(`no parcel ${target}`)
    // the write itself goes around the API (no change event of its own); the event below announces it
    await pool.query(`update parcels set status = 'acquiring', version = version + 1 where id = $1`, [target])
    try {
      await events.publish({
        resource: 'parcels',
        action: 'update',
        ids: [target],
        bbox,
        by: 'officer',
        at: new Date().toISOString(),
      })
      await expect
        .poll(async () => new Set(await statusOnMap()), { timeout: 15_000 })
        .toEqual(new Set(['acquiring']))
      // the tiles over the box came again, and only they (nor the layer's TileJSON: a reload of everything)
      const tiles = requested.filter((path) => path.startsWith('/tiles/parcels/'))
      expect(tiles.length).toBeGreaterThan(0)
      for (const path of tiles) expect(meets(path, bbox), path).toBe(true)
      expect(requested).not.toContain('/tiles/parcels.json')
      expect(errors).toEqual([])
    } finally {
      await pool.query(`update parcels set status = 'planned', version = version + 1 where id = $1`, [target])
      await events.publish({
        resource: 'parcels',
        action: 'update',
        ids: [target],
        bbox,
        by: 'officer',
        at: new Date().toISOString(),
      })
      await page.close()
    }
  })
})
