import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { testPool } from '../support/app'
import { logInThroughPage, openRecordedPage, servedBrowserSession } from '../support/browser'

const NAME = 'TEST-M-E2E 光电模组基地项目'

const session = servedBrowserSession()
let projectId = 0

beforeAll(async () => {
  // a lead of our own that the demo district's available M1 parcels fit
  const { rows } = await testPool().query<{ id: number }>(
    `insert into projects (name, company, sector, stage, lead_on, manager,
       need_area_mu_min, need_area_mu_max, need_land_use, needed_by, need_power_kva)
     values ($1, 'TEST-M-E2E 光电公司', 'optoelectronics', 'lead', '2026-10-01', '测试经理',
       5, 400, array['M0', 'M1'], '2027-12-31', 1000)
     returning id`,
    [NAME],
  )
  projectId = rows[0]?.id as number
})

afterAll(async () => {
  const pool = testPool()
  // hand back the parcel the test reserved, then remove the project (its reservation and history go with it)
  await pool.query(
    `update parcels set status = 'available' where id in (select parcel_id from reservations where project_id = $1)`,
    [projectId],
  )
  await pool.query(
    `delete from history where (entity_type = 'project' and entity_id = $1)
       or (entity_type = 'reservation' and entity_id in (select id from reservations where project_id = $1))`,
    [projectId],
  )
  await pool.query('delete from projects where id = $1', [projectId])
})

async function openPage(): Promise<{ page: Page; errors: string[] }> {
  return openRecordedPage(session.browser)
}

async function logIn(page: Page, username: string) {
  await logInThroughPage(page, session.origin, username)
}

async function openProject(page: Page) {
  // a leader lands on the dashboard; the project board is on the zone overview behind it
  const board = page.getByRole('button', { name: '项目看板' })
  if ((await board.count()) === 0) await page.getByRole('button', { name: '关闭', exact: true }).click()
  await board.click()
  await page.getByRole('button', { name: new RegExp(NAME) }).click()
  await expect.poll(() => page.getByRole('complementary').textContent()).toContain('用地需求')
}

describe('the investment desk, as investor', () => {
  it('opens a project, finds sites highlighted on the map, and reserves one', async () => {
    const { page, errors } = await openPage()
    await logIn(page, 'investor')
    await openProject(page)

    await page.getByRole('button', { name: '寻找地块' }).click()
    await expect
      .poll(
        () =>
          page.evaluate(() => {
            const map = (window as unknown as { __guatuMap: import('maplibre-gl').Map }).__guatuMap
            return map.queryRenderedFeatures({ layers: ['matches-fill', 'matches-rank'] }).length
          }),
        { timeout: 20_000 },
      )
      .toBeGreaterThan(0)
    // the best match is open with its reasons card, each criterion said in words with what it measures
    const panel = page.getByRole('complementary')
    await expect.poll(() => panel.textContent()).toMatch(/产业链/)
    const reasons = (await panel.locator('.match-reasons').first().textContent()) ?? ''
    expect(reasons).toContain('地块面积是否在项目需要的范围内')
    expect(reasons).not.toMatch(
      /\b(area|timing|infrastructure|chain|shape|servicing|acquisition|clearance)\b/,
    )

    // the map's rank numbers are the list's: the same numbers, and each sits on the parcel listed with it
    const ranks = await panel.locator('.match-list .match-rank').allTextContents()
    expect(ranks.length).toBeGreaterThan(0)
    expect(ranks).toEqual(ranks.map((_, i) => String(i + 1)))
    const markers = page.locator('.match-rank-marker')
    await expect.poll(() => markers.allTextContents()).toEqual(ranks)
    await page.waitForFunction(
      () => !(window as unknown as { __guatuMap: import('maplibre-gl').Map }).__guatuMap.isMoving(),
    )
    const codes = await panel.locator('.match-list .match-head .mono:not(.match-score)').allTextContents()
    for (const rank of [1, ranks.length]) {
      const box = await markers.nth(rank - 1).boundingBox()
      if (!box) throw new Error(`no marker ${rank}`)
      const [lon, lat] = await page.evaluate(
        ({ x, y }) => {
          const map = (window as unknown as { __guatuMap: import('maplibre-gl').Map }).__guatuMap
          const canvas = map.getCanvas().getBoundingClientRect()
          const at = map.unproject([x - canvas.left, y - canvas.top])
          return [at.lng, at.lat]
        },
        { x: box.x + box.width / 2, y: box.y + box.height / 2 },
      )
      // within the parcel's bounding box (a marker sits at its centre), with a pixel's slack
      const inside = await testPool().query(
        `select ST_DWithin(ST_Envelope(geom), ST_SetSRID(ST_Point($2, $3), 4326), 0.00005) as inside
         from parcels where code = $1`,
        [codes[rank - 1], lon, lat],
      )
      expect(inside.rows).toEqual([{ inside: true }])
    }

    await page.getByRole('button', { name: '预留此地块' }).first().click()
    await expect.poll(() => panel.textContent(), { timeout: 15_000 }).toMatch(/预留至 \d{4}-\d{2}-\d{2}/)
    const { rows } = await testPool().query(
      `select p.status from reservations r join parcels p on p.id = r.parcel_id
       where r.project_id = $1 and r.released_at is null`,
      [projectId],
    )
    expect(rows).toEqual([{ status: 'reserved' }])
    // 释放预留 is a button beside the reservation
    expect(await panel.getByRole('button', { name: '释放预留' }).count()).toBe(1)

    // a blocker: added, then resolved in place with what was done
    await panel.getByLabel('事项').fill('电力接入方案待批复')
    await panel.getByLabel('责任部门').fill('供电局')
    await panel.getByRole('button', { name: '添加难点' }).click()
    const blocker = panel.locator('.blocker', { hasText: '电力接入方案待批复' })
    await blocker.getByRole('button', { name: '解决' }).click()
    await blocker.getByLabel('解决情况').fill('供电局已批复，10 kV 专线年底接入')
    await blocker.getByRole('button', { name: '保存' }).click()
    await expect.poll(() => blocker.textContent(), { timeout: 15_000 }).toContain('已解决')
    expect(await blocker.textContent()).toContain('10 kV 专线年底接入')
    const resolved = await testPool().query(
      'select status, resolution from blockers where project_id = $1 and title = $2',
      [projectId, '电力接入方案待批复'],
    )
    expect(resolved.rows).toEqual([{ status: 'resolved', resolution: '供电局已批复，10 kV 专线年底接入' }])

    expect(errors).toEqual([])
    await page.close()
  })
})

describe('the investment desk, as leader', () => {
  it('shows the project and its matches without any write control', async () => {
    const { page, errors } = await openPage()
    await logIn(page, 'leader')
    await openProject(page)
    expect(await page.getByRole('heading', { name: '变更阶段' }).count()).toBe(0)
    expect(await page.getByRole('button', { name: '添加难点' }).count()).toBe(0)
    await page.getByRole('button', { name: '寻找地块' }).click()
    await expect.poll(() => page.getByRole('complementary').textContent(), { timeout: 20_000 }).toMatch(/分/)
    expect(await page.getByRole('button', { name: '预留此地块' }).count()).toBe(0)
    expect(errors).toEqual([])
    await page.close()
  })
})
