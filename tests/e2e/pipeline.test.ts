import { fileURLToPath } from 'node:url'
import type { Page } from 'playwright-core'
import { afterAll, describe, expect, it } from 'vitest'
import { testPool } from '../support/app'
import { logInThroughPage, openRecordedPage, servedBrowserSession } from '../support/browser'

// The investment pipeline in the web (issue 15): a project created through the form, moved along the kanban by
// its button and by a drag with a reason; the board's totals and the map's project markers follow.
const NAME = 'TEST-PIPE-E2E 汽车电驱扩产项目'
const PLACED = 'TEST-PIPE-PLACE 光电模组项目'
const EDITED = 'TEST-PIPE-EDIT 新材料项目'
const SCREENSHOTS = fileURLToPath(new URL('../../docs/screenshots/', import.meta.url))
const session = servedBrowserSession()

afterAll(async () => {
  const pool = testPool()
  await pool.query(
    `delete from history where entity_type = 'project'
     and entity_id in (select id from projects where name = any($1))`,
    [[NAME, PLACED, EDITED]],
  )
  await pool.query('delete from projects where name = any($1)', [[NAME, PLACED, EDITED]])
})

/** The projects the map's source holds (what the markers are drawn from), as id → stage. */
function mapProjects(page: Page) {
  return page.evaluate(() => {
    const map = (window as unknown as { __guatuMap: import('maplibre-gl').Map }).__guatuMap
    const source = map.getSource('projects') as unknown as {
      _data?: { features?: { properties: { id: number; stage: string } }[] }
      serialize: () => { data: { features: { properties: { id: number; stage: string } }[] } }
    }
    const data = source.serialize().data
    return data.features.map((f) => [f.properties.id, f.properties.stage] as const)
  })
}

describe('the project board, as investor', () => {
  it('creates a project, moves it 线索 → 洽谈 → 签约 (by drag, with a reason); totals and map follow', {
    timeout: 300_000,
  }, async () => {
    const { page, errors } = await openRecordedPage(session.browser)
    await logInThroughPage(page, session.origin, 'investor')
    const pool = testPool()
    const site = (
      await pool.query<{ code: string; id: number }>(
        `select code, id from parcels where status = 'in_production' order by id limit 1`,
      )
    ).rows[0] as { code: string; id: number }

    await page.getByRole('button', { name: '项目看板' }).click()
    const panel = page.getByRole('complementary')
    await panel.getByRole('button', { name: '新建项目' }).click()
    await panel.getByLabel('项目名称').fill(NAME)
    await panel.getByLabel('企业名称').fill('TEST-PIPE-E2E 电驱科技有限公司')
    await panel.getByRole('combobox', { name: /^产业/ }).selectOption('automotive')
    await panel.getByRole('combobox', { name: /^类型/ }).selectOption('expansion')
    await panel.getByLabel('投资额（万元）').fill('52000')
    await panel.getByLabel('项目经理').fill('看板测试经理')
    await panel.getByLabel('来源地').fill('合肥')
    await panel.getByLabel('联系人及电话').fill('李总 13900000000')
    await panel.getByLabel(/选址地块编号/).fill(site.code)
    await panel.getByRole('button', { name: '创建项目' }).click()
    // the new project's panel opens, with what was typed
    await expect
      .poll(
        async () =>
          (await panel.getByRole('alert').allTextContents()).join() ||
          (await page.getByRole('heading', { name: NAME }).count()),
        { timeout: 15_000 },
      )
      .toBe(1)
    await expect.poll(() => panel.textContent()).toContain('李总 13900000000')
    const created = await pool.query(
      'select id, stage, investment_wan, kind, sector, contacts, location is not null as placed from projects where name = $1',
      [NAME],
    )
    expect(created.rows).toEqual([
      {
        id: expect.any(Number),
        stage: 'lead',
        investment_wan: 52000,
        kind: 'expansion',
        sector: 'automotive',
        contacts: '李总 13900000000',
        placed: true,
      },
    ])
    const id = created.rows[0].id as number

    // back to the board; a search narrows the board and the map's markers to this one project
    await panel.getByRole('button', { name: '关闭', exact: true }).click()
    await panel.getByLabel('搜索项目或企业').fill('TEST-PIPE-E2E')
    await expect
      .poll(() => panel.locator('[data-board-total]').textContent())
      .toContain('共 1 个项目 · 5.20 亿元')
    await expect.poll(() => mapProjects(page), { timeout: 15_000 }).toEqual([[id, 'lead']])

    // 线索 → 洽谈 with the card's button (the keyboard way)
    const card = panel.locator(`[data-project-id="${id}"]`)
    await card.getByRole('button', { name: '变更阶段' }).click()
    await panel.getByRole('dialog').getByRole('button', { name: '确认变更' }).click()
    await expect
      .poll(() => panel.locator('[data-stage="negotiating"]').textContent(), { timeout: 15_000 })
      .toContain(NAME)

    // 洽谈 → 签约 by a drag, with a reason
    await card.dragTo(panel.locator('[data-stage="signed"]'))
    const dialog = panel.getByRole('dialog')
    await expect.poll(() => dialog.textContent()).toContain('洽谈 → 签约')
    await dialog.getByLabel(/原因/).fill('投资协议已签署')
    await dialog.getByRole('button', { name: '确认变更' }).click()
    await expect
      .poll(() => panel.locator('[data-stage-total="signed"]').textContent(), { timeout: 15_000 })
      .toBe('1 个 · 5.20 亿元')
    expect(await panel.locator('[data-stage-total="negotiating"]').textContent()).toBe('0 个 · 0.00 亿元')
    await expect.poll(() => mapProjects(page), { timeout: 15_000 }).toEqual([[id, 'signed']])
    const history = await pool.query(
      'select stage, note from project_stage_history where project_id = $1 order by id',
      [id],
    )
    expect(history.rows).toEqual([
      { stage: 'lead', note: null },
      { stage: 'negotiating', note: null },
      { stage: 'signed', note: '投资协议已签署' },
    ])

    // without the search, the signed column totals every signed project (counted here from the database)
    await panel.getByLabel('搜索项目或企业').fill('')
    const signed = (
      await pool.query<{ n: number; wan: string }>(
        `select count(*)::int as n, coalesce(sum(investment_wan), 0)::text as wan from projects where stage = 'signed'`,
      )
    ).rows[0] as { n: number; wan: string }
    const yi = (Number(signed.wan) / 10000).toLocaleString('en-US', {
      minimumFractionDigits: 2,
      maximumFractionDigits: 2,
    })
    await expect
      .poll(() => panel.locator('[data-stage-total="signed"]').textContent())
      .toBe(`${signed.n} 个 · ${yi} 亿元`)
    expect((await mapProjects(page)).length).toBeGreaterThan(1)
    // the README's picture of the board, at 1280×720
    await page.setViewportSize({ width: 1280, height: 720 })
    await page.waitForTimeout(500)
    await page.screenshot({ path: `${SCREENSHOTS}pipeline-kanban.png` })
    expect(errors).toEqual([])
    await page.close()
  })

  it('places a project without a site by hand: 在地图上标注, a click on the map, the marker there', {
    timeout: 300_000,
  }, async () => {
    const pool = testPool()
    const { rows } = await pool.query<{ id: number }>(
      `insert into projects (name, company, sector, kind, stage, investment_wan, lead_on, manager)
       values ($1, 'TEST-PIPE-PLACE 光电有限公司', 'optoelectronics', 'new', 'negotiating', 18000, '2026-10-01',
         '标注测试经理') returning id`,
      [PLACED],
    )
    const id = rows[0]?.id as number
    const { page, errors } = await openRecordedPage(session.browser)
    await logInThroughPage(page, `${session.origin}/?sel=j${id}`, 'investor')
    const panel = page.getByRole('complementary')
    await expect.poll(() => panel.textContent(), { timeout: 15_000 }).toContain('尚无选址')
    expect((await mapProjects(page)).some(([pid]) => pid === id)).toBe(false)

    await panel.getByRole('button', { name: '在地图上标注' }).click()
    await expect.poll(() => panel.textContent()).toContain('请在地图上点击项目位置')
    // a click in the middle of the map; where it is, read back from the map
    const canvas = page.locator('.maplibregl-canvas')
    const box = await canvas.boundingBox()
    if (!box) throw new Error('no map canvas')
    const at = { x: box.width * 0.45, y: box.height * 0.5 }
    const expected = await page.evaluate(({ x, y }) => {
      const map = (window as unknown as { __guatuMap: import('maplibre-gl').Map }).__guatuMap
      const lngLat = map.unproject([x, y])
      return [lngLat.lng, lngLat.lat]
    }, at)
    await canvas.click({ position: at })
    await expect
      .poll(
        async () =>
          (
            await pool.query('select ST_X(location) as x, ST_Y(location) as y from projects where id = $1', [
              id,
            ])
          ).rows[0],
        { timeout: 15_000 },
      )
      .toEqual({ x: expect.any(Number), y: expect.any(Number) })
    const stored = (
      await pool.query('select ST_X(location) as x, ST_Y(location) as y from projects where id = $1', [id])
    ).rows[0] as { x: number; y: number }
    expect(stored.x).toBeCloseTo(expected[0] as number, 5)
    expect(stored.y).toBeCloseTo(expected[1] as number, 5)
    // the panel says where, the project stays selected (the click selected nothing else), the marker is drawn
    await expect.poll(() => panel.textContent(), { timeout: 15_000 }).toContain('已在地图上标注')
    await expect
      .poll(async () => (await mapProjects(page)).some(([pid]) => pid === id), { timeout: 15_000 })
      .toBe(true)
    const history = await pool.query(
      `select changes->'location' as location from history where entity_type = 'project' and entity_id = $1`,
      [id],
    )
    expect(history.rows).toHaveLength(1)
    expect(errors).toEqual([])
    await page.close()
  })
})

describe('the project panel, as investor', () => {
  it('edits a project, records a follow-up whose next action is late, and moves it back only with a reason', {
    timeout: 300_000,
  }, async () => {
    const pool = testPool()
    const { rows } = await pool.query<{ id: number }>(
      `insert into projects (name, company, sector, kind, stage, investment_wan, lead_on, signed_on, manager)
       values ($1, 'TEST-PIPE-EDIT 新材料有限公司', 'new_materials', 'new', 'signed', 18000, '2026-06-01',
         '2026-09-01', '跟进测试经理') returning id`,
      [EDITED],
    )
    const id = rows[0]?.id as number
    await pool.query(
      `insert into project_stage_history (project_id, stage, entered_on) values ($1, 'lead', '2026-06-01'),
       ($1, 'signed', '2026-09-01')`,
      [id],
    )
    const { page, errors } = await openRecordedPage(session.browser)
    await logInThroughPage(page, `${session.origin}/?sel=j${id}`, 'investor')
    const panel = page.getByRole('complementary')
    await expect.poll(() => panel.textContent(), { timeout: 15_000 }).toContain('1.80 亿元')

    // 编辑项目: the amount and the source city, with a reason the history keeps
    await panel.getByRole('button', { name: '编辑项目' }).click()
    await panel.getByLabel('投资额（万元）').fill('26000')
    await panel.getByLabel('来源地').fill('苏州')
    await panel.getByLabel('修改说明（可选）').fill('企业追加二期投资')
    await panel.getByRole('button', { name: '保存', exact: true }).click()
    await expect.poll(() => panel.textContent(), { timeout: 15_000 }).toContain('2.60 亿元')
    await expect.poll(() => panel.textContent(), { timeout: 15_000 }).toContain('苏州')
    const edited = await pool.query(
      `select p.investment_wan, p.source_city, h.reason, h.changes ? 'investment_wan' as amount_changed
       from projects p join history h on h.entity_type = 'project' and h.entity_id = p.id where p.id = $1`,
      [id],
    )
    expect(edited.rows).toEqual([
      { investment_wan: 26000, source_city: '苏州', reason: '企业追加二期投资', amount_changed: true },
    ])

    // a talk on 2026-11-01 whose next action was due on 2026-11-20, before the zone's today (2026-11-28): late
    const form = panel.getByRole('form', { name: '添加跟进' })
    await form.getByLabel('方式').selectOption({ label: '洽谈' })
    await form.getByLabel('日期', { exact: true }).fill('2026-11-01')
    await form.getByLabel('参与人').fill('跟进测试经理、企业王总')
    await form.getByLabel('内容').fill('洽谈二期用地规模')
    await form.getByLabel('下一步', { exact: true }).fill('提交二期用地申请')
    await form.getByLabel('下一步期限').fill('2026-11-20')
    await form.getByRole('button', { name: '添加跟进' }).click()
    const followUp = panel.locator('.follow-up', { hasText: '洽谈二期用地规模' })
    await expect.poll(() => followUp.textContent(), { timeout: 15_000 }).toContain('已逾期')
    expect(await followUp.textContent()).toContain('下一步：提交二期用地申请（2026-11-20）')
    const stored = await pool.query(
      'select kind, happened_on::text, who, next_action, next_on::text from project_follow_ups where project_id = $1',
      [id],
    )
    expect(stored.rows).toEqual([
      {
        kind: 'talk',
        happened_on: '2026-11-01',
        who: '跟进测试经理、企业王总',
        next_action: '提交二期用地申请',
        next_on: '2026-11-20',
      },
    ])
    // the late next action is the manager's late item on the leaders' dashboard
    const late = await page.evaluate(async (id) => {
      const answer = (await (await fetch('/api/dashboard?from=2026-01-01&to=2026-11-28')).json()) as {
        late_items: { kind: string; owner: string; project_id: number | null; label: string }[]
      }
      return answer.late_items.filter((item) => item.project_id === id)
    }, id)
    expect(late).toEqual([
      expect.objectContaining({ kind: 'follow_up', owner: '跟进测试经理', label: '提交二期用地申请' }),
    ])

    // 签约 → 洽谈 is a move back: the reason is required, and nothing is sent without it
    const stage = panel.locator('form.stage-change')
    await stage.getByLabel('新阶段').selectOption({ label: '洽谈' })
    expect(await stage.textContent()).toContain('签约 → 洽谈')
    const reason = stage.getByLabel('原因（回退或终止必填）')
    await stage.getByRole('button', { name: '确认变更' }).click()
    expect(await reason.evaluate((input) => (input as HTMLInputElement).validity.valueMissing)).toBe(true)
    await page.waitForTimeout(500)
    expect((await pool.query('select stage from projects where id = $1', [id])).rows).toEqual([
      { stage: 'signed' },
    ])
    await reason.fill('企业要求重新商谈用地')
    await stage.getByRole('button', { name: '确认变更' }).click()
    await expect
      .poll(async () => (await pool.query('select stage from projects where id = $1', [id])).rows, {
        timeout: 15_000,
      })
      .toEqual([{ stage: 'negotiating' }])
    const moved = await pool.query(
      `select stage, note from project_stage_history where project_id = $1 order by id desc limit 1`,
      [id],
    )
    expect(moved.rows).toEqual([{ stage: 'negotiating', note: '企业要求重新商谈用地' }])
    await expect.poll(() => panel.locator('.stage-history').textContent()).toContain('企业要求重新商谈用地')
    expect(errors).toEqual([])
    await page.close()
  })

  it('shows a landed project its parcel, opens it, and offers no 寻找地块', {
    timeout: 300_000,
  }, async () => {
    const landed = (
      await testPool().query<{ id: number; name: string; code: string }>(
        `select pr.id, pr.name, p.code from projects pr join parcels p on p.id = pr.parcel_id
         where pr.stage = 'land_acquired' order by pr.id limit 1`,
      )
    ).rows[0]
    expect(landed).toBeDefined()
    if (!landed) return
    const { page, errors } = await openRecordedPage(session.browser)
    await logInThroughPage(page, `${session.origin}/?sel=j${landed.id}`, 'investor')
    const panel = page.getByRole('complementary')
    await expect.poll(() => panel.textContent(), { timeout: 15_000 }).toContain(`已取得地块 ${landed.code}`)
    expect(await panel.getByRole('button', { name: '寻找地块' }).count()).toBe(0)
    await panel.getByRole('button', { name: `查看地块 ${landed.code}` }).click()
    await expect
      .poll(() => page.getByRole('complementary').getByRole('heading').first().textContent())
      .toContain(landed.code)
    expect(errors).toEqual([])
    await page.close()
  })
})

describe('the sector filter, as leader', () => {
  it('shows exactly the projects the sector bar counted: the count, the list and the map', {
    timeout: 300_000,
  }, async () => {
    const { page, errors } = await openRecordedPage(session.browser)
    await logInThroughPage(page, `${session.origin}/?from=2026-01-01&to=2026-04-30`, 'leader')
    // counted independently from the database: signed in the period, not dropped, of the sector
    const { rows } = await testPool().query<{ id: number; placed: boolean }>(
      `select id, location is not null as placed from projects
       where sector = 'automotive' and stage <> 'dropped' and signed_on between '2026-01-01' and '2026-04-30'
       order by id`,
    )
    expect(rows.length).toBeGreaterThan(0)
    const expected = rows.map((r) => r.id)
    await page
      .getByRole('group', { name: '签约金额（按产业）' })
      .getByRole('button', { name: '汽车智装' })
      .click()
    const panel = page.getByRole('complementary')
    await expect
      .poll(() => panel.locator('[data-filter-count]').getAttribute('data-filter-count'), { timeout: 20_000 })
      .toBe(String(expected.length))
    const listed = await panel
      .locator('.filter-list [data-project-id]')
      .evaluateAll((els) => els.map((el) => Number(el.getAttribute('data-project-id'))))
    expect([...listed].sort((a, b) => a - b)).toEqual(expected)
    const placed = rows.filter((r) => r.placed).map((r) => r.id)
    await expect
      .poll(async () => (await mapProjects(page)).map(([id]) => id).sort((a, b) => a - b), {
        timeout: 15_000,
      })
      .toEqual(placed)
    // the KPIs follow the filter: the signed count is the sector's
    await expect
      .poll(() => page.locator('[data-kpi="signed"] dd').textContent(), { timeout: 15_000 })
      .toBe(`${expected.length} 个`)
    // …and the figures the sector does not narrow say they are zone-wide
    expect(await page.locator('[data-kpi="signed"] dt').textContent()).toBe('签约项目')
    expect(await page.locator('[data-kpi="late"] dt').textContent()).toBe('滞后节点全区')
    expect(await panel.textContent()).toContain('签约、增资扩产、落地率和转化率只统计汽车智装')
    expect(errors).toEqual([])
    await page.close()
  })
})
