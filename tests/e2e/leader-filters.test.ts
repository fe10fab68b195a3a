import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { DEMO_TODAY, testPool } from '../support/app'
import { logInThroughPage, openRecordedPage, servedBrowserSession } from '../support/browser'

// Leaders' filters (issue 15): the dashboard opens on this year to date; an owner whose late items are blockers
// lists every one of them and the map card counts items, not parcels ("0 块地" before); 分享链接 copies the
// view's link; an owner's late infrastructure is picked out on the map; an owner's button filters from the keyboard
// as its bar does; switched to English, the amounts read 100M CNY, with no 亿元 left.
const session = servedBrowserSession()

type MapWindow = {
  __guatuMap: import('maplibre-gl').Map
  __guatuCharts: Record<string, import('echarts/core').ECharts>
}

/** The project ids the map's project source holds (what the markers are drawn from). */
function mapProjectIds(page: Page) {
  return page.evaluate(() => {
    const source = (window as unknown as MapWindow).__guatuMap.getSource('projects') as unknown as {
      serialize: () => { data: { features: { properties: { id: number } }[] } }
    }
    return source.serialize().data.features.map((f) => f.properties.id)
  })
}

/** The screen point in the middle of an owner's stacked bar in the late-by-owner chart. */
async function ownerBarPoint(page: Page, owner: string) {
  await page.locator('[data-chart="late-by-owner"][data-ready="true"]').scrollIntoViewIfNeeded()
  return page.evaluate((owner) => {
    const chart = (window as unknown as MapWindow).__guatuCharts['late-by-owner']
    if (!chart) throw new Error('no late-by-owner chart')
    const option = chart.getOption() as {
      yAxis: { data: string[] }[]
      series: { data: { value: number }[] }[]
    }
    const index = option.yAxis[0]?.data.indexOf(owner) ?? -1
    if (index < 0) throw new Error(`${owner} is not on the chart`)
    const total = option.series.reduce((n, s) => n + (s.data[index]?.value ?? 0), 0)
    const [x, y] = chart.convertToPixel({ seriesIndex: 0 }, [total / 2, index])
    const box = chart.getDom().getBoundingClientRect()
    return { x: box.left + (x ?? 0), y: box.top + (y ?? 0) }
  }, owner)
}

describe("the leaders' filters, as leader", () => {
  it('opens on this year to date; an owner of late blockers lists them all, the map card counts them; the link is copied; late infrastructure is picked out', {
    timeout: 300_000,
  }, async () => {
    // the owner with the most overdue blockers, one without late milestones first (the case that showed 0 parcels)
    const owner = (
      await testPool().query<{ owner: string; titles: string[]; placed: number[] }>(
        `select b.owner, array_agg(b.title order by b.id) as titles,
           coalesce(array_agg(distinct p.id::int) filter (where p.location is not null), '{}') as placed
         from blockers b join projects p on p.id = b.project_id
         where b.status <> 'resolved' and b.due_on < $1::date and trim(b.owner) <> ''
         group by b.owner
         order by exists (select 1 from parcel_milestones m where trim(m.owner) = b.owner
                    and m.actual_on is null and m.planned_on < $1::date),
           count(*) desc, b.owner
         limit 1`,
        [DEMO_TODAY],
      )
    ).rows[0]
    expect(owner?.titles.length).toBeGreaterThan(0)
    if (!owner) return

    const { page, errors } = await openRecordedPage(session.browser, {
      permissions: ['clipboard-read', 'clipboard-write'],
    })
    await logInThroughPage(page, session.origin, 'leader')
    const panel = page.getByRole('complementary')
    // the default period: this year to date in the zone's calendar, the preset pressed
    await expect
      .poll(() => panel.getByRole('button', { name: '今年至今' }).getAttribute('aria-pressed'), {
        timeout: 20_000,
      })
      .toBe('true')
    expect(await panel.getByRole('button', { name: '今年1–4月' }).getAttribute('aria-pressed')).toBe('false')
    expect(await panel.getByLabel('自', { exact: true }).inputValue()).toBe(`${DEMO_TODAY.slice(0, 4)}-01-01`)
    expect(await panel.getByLabel('至', { exact: true }).inputValue()).toBe(DEMO_TODAY)

    const bar = await ownerBarPoint(page, owner.owner)
    await page.mouse.click(bar.x, bar.y)
    await expect.poll(() => page.url(), { timeout: 10_000 }).toContain(`o=${encodeURIComponent(owner.owner)}`)
    // every overdue blocker of the owner is listed, and the count is the whole list's
    const blockers = panel.locator('.filter-list [data-late-kind="blocker"]')
    await expect.poll(() => blockers.count(), { timeout: 15_000 }).toBe(owner.titles.length)
    const listed = (await blockers.allTextContents()).join('\n')
    for (const title of owner.titles) expect(listed).toContain(title)
    const items = await panel.locator('.filter-list > li').count()
    expect(await panel.locator('[data-filter-count]').getAttribute('data-filter-count')).toBe(String(items))
    expect(await panel.textContent()).toContain('指标为全区数据，不随此筛选变化')
    // the card over the map counts the owner's items, whatever their kind
    const card = page.locator('.map-filter-card')
    expect(await card.textContent()).toContain(`${owner.owner} 的滞后事项 · ${items} 项`)
    expect(await card.textContent()).not.toContain('块地')
    // the blockers' projects are on the map (those with a place), among no more markers than listed items
    await expect
      .poll(async () => {
        const ids = new Set(await mapProjectIds(page))
        return owner.placed.every((id) => ids.has(id))
      })
      .toBe(true)
    expect((await mapProjectIds(page)).length).toBeLessThanOrEqual(items)

    // 分享链接 copies the address of this view, filter included
    await panel.getByRole('button', { name: '分享链接' }).click()
    await expect.poll(() => panel.getByRole('status').allTextContents()).toContain('已复制本视图的链接')
    const copied = await page.evaluate(() => navigator.clipboard.readText())
    expect(copied).toBe(page.url())
    expect(new URL(copied).searchParams.get('o')).toBe(owner.owner)

    // an owner of late infrastructure (a link with the filter): each of its items is picked out on the map
    const roads = (
      await testPool().query<{ owner: string; ids: number[] }>(
        `select owner, array_agg(id::int order by id) as ids from infrastructure
         where status <> 'done' and planned_finish < $1::date and trim(owner) <> ''
         group by owner order by count(*) desc, owner limit 1`,
        [DEMO_TODAY],
      )
    ).rows[0]
    expect(roads?.ids.length).toBeGreaterThan(0)
    if (!roads) return
    await page.goto(`${session.origin}/?o=${encodeURIComponent(roads.owner)}`)
    await page.locator('[role="application"][data-map-ready="true"]').waitFor({ timeout: 60_000 })
    const highlighted = () =>
      page.evaluate(() => {
        const map = (window as unknown as MapWindow).__guatuMap
        const ids = map
          .queryRenderedFeatures({
            layers: ['highlights-infrastructure-line', 'highlights-infrastructure-point'],
          })
          .map((f) => Number(f.properties.id))
        return [...new Set(ids)].sort((a, b) => a - b)
      })
    await expect.poll(async () => (await highlighted()).length, { timeout: 15_000 }).toBeGreaterThan(0)
    // what is drawn is the owner's late items, and (the district in view) all of them
    expect(await highlighted()).toEqual(roads.ids)

    expect(errors).toEqual([])
    await page.close()
  })

  it("lists an owner's late items from the owner's button with the keyboard, exactly as a click on its bar does", {
    timeout: 300_000,
  }, async () => {
    const owner = (
      await testPool().query<{ owner: string }>(
        `select owner from blockers
         where status <> 'resolved' and due_on < $1::date and trim(owner) <> ''
         group by owner order by count(*) desc, owner limit 1`,
        [DEMO_TODAY],
      )
    ).rows[0]?.owner
    expect(owner).toBeTruthy()
    if (!owner) return

    const { page, errors } = await openRecordedPage(session.browser)
    await logInThroughPage(page, session.origin, 'leader')
    const panel = page.getByRole('complementary')
    const ownerParam = () => new URL(page.url()).searchParams.get('o')
    const listed = () => panel.locator('.filter-list > li').allTextContents()

    // the bar clicked: what it lists
    const bar = await ownerBarPoint(page, owner)
    await page.mouse.click(bar.x, bar.y)
    await expect.poll(ownerParam, { timeout: 10_000 }).toBe(owner)
    await expect.poll(async () => (await listed()).length, { timeout: 15_000 }).toBeGreaterThan(0)
    const byClick = await listed()
    await panel.getByRole('button', { name: '清除筛选' }).click()
    await expect.poll(ownerParam).toBeNull()
    await expect.poll(async () => (await listed()).length).toBe(0)

    // the owner's button, named by the owner and its count of late items, reached with the keyboard
    const button = panel
      .getByRole('group', { name: '滞后事项（按责任单位）' })
      .getByRole('button', { name: `${owner}（${byClick.length} 项）`, exact: true })
    expect(await button.getAttribute('aria-pressed')).toBe('false')
    await button.focus()
    await page.keyboard.press('Enter')
    await expect.poll(ownerParam, { timeout: 10_000 }).toBe(owner)
    await expect.poll(listed, { timeout: 15_000 }).toEqual(byClick)
    expect(await button.getAttribute('aria-pressed')).toBe('true')
    expect(await page.locator('.map-filter-card').textContent()).toContain(
      `${owner} 的滞后事项 · ${byClick.length} 项`,
    )

    // Enter again clears the filter
    await button.focus()
    await page.keyboard.press('Enter')
    await expect.poll(ownerParam).toBeNull()
    await expect.poll(async () => (await listed()).length).toBe(0)
    expect(await button.getAttribute('aria-pressed')).toBe('false')

    expect(errors).toEqual([])
    await page.close()
  })

  it('reads the amounts in 100M CNY in English, with no 亿元 left on the dashboard', {
    timeout: 300_000,
  }, async () => {
    const { page, errors } = await openRecordedPage(session.browser)
    await logInThroughPage(page, `${session.origin}/?from=2026-01-01&to=2026-04-30`, 'leader')
    await page.getByRole('button', { name: 'English' }).click()
    await expect
      .poll(() => page.locator('[data-kpi="amount"] dd').textContent(), { timeout: 20_000 })
      .toBe('95.43 ×100M CNY')
    // a sector picked: its list of projects gives their amounts in the same unit
    await page.getByRole('group', { name: 'Amount signed by sector' }).getByRole('button').first().click()
    await expect.poll(() => page.locator('.filter-list [data-project-id]').count()).toBeGreaterThan(0)
    const text = (await page.getByRole('complementary').textContent()) ?? ''
    expect(text).toContain('×100M CNY')
    expect(text).not.toContain('亿')
    expect(errors).toEqual([])
    await page.close()
  })
})
