import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { DEMO_TODAY, loginCookie, testPool } from '../support/app'
import { ARTIFACTS, logInThroughPage, openRecordedPage, servedBrowserSession } from '../support/browser'

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

/** The late clearance of the acquisition office (征拆办) planned last before today: a milestone with a demo user. */
async function lateMilestoneOfAcquisitionOffice() {
  const { rows } = await testPool().query<{ id: number; parcel_id: number; code: string }>(
    `select m.id, m.parcel_id, p.code from parcel_milestones m
       join parcels p on p.id = m.parcel_id join departments d on d.id = m.department_id
     where d.name = '征拆办' and m.kind = 'clearance' and m.actual_on is null and m.planned_on < $1
     order by m.planned_on desc, m.id limit 1`,
    [DEMO_TODAY],
  )
  if (!rows[0]) throw new Error('the demo has no late clearance of 征拆办')
  return rows[0]
}

/** Opens my tasks from the header and answers the card of `orderId` in it. */
async function openOrderCard(page: Page, orderId: number) {
  await page.getByRole('button', { name: '我的任务' }).click()
  const card = page.getByTestId('my-tasks').locator(`[data-order-id="${orderId}"]`)
  await card.waitFor({ timeout: 15_000 })
  return card
}

/** Writes a note on an order card and presses one of its steps; waits until the card shows `status`. */
async function step(card: ReturnType<Page['locator']>, button: string, note: string | null, status: string) {
  if (note !== null) await card.getByPlaceholder('进展、办理情况或退回原因').fill(note)
  await card.getByRole('button', { name: button, exact: true }).click()
  await expect.poll(() => card.getAttribute('data-status'), { timeout: 15_000 }).toBe(status)
}

describe('a supervision order (督办) through two roles', () => {
  let orderId = 0
  let title = ''

  it('is issued by a leader from the late list, answered and done by the department, returned, done again and accepted', async () => {
    const milestone = await lateMilestoneOfAcquisitionOffice()
    title = `${milestone.code} 清表`
    const department = await openRecordedPage(session.browser, { viewport: { width: 1280, height: 720 } })
    const leader = await openRecordedPage(session.browser, { viewport: { width: 1280, height: 720 } })
    const dept = department.page
    const lead = leader.page

    // the department's user is signed in first: the bell has nothing yet
    await logInThroughPage(dept, `${session.origin}/`, 'zhengchai')
    const bell = dept.getByRole('button', { name: /^通知/ })
    await bell.waitFor()
    expect(await bell.getAttribute('data-unread')).toBe('0')
    await mark(dept)

    // the leader closes the dashboard (their first screen) and opens the late list's 征拆办 group
    await logInThroughPage(lead, `${session.origin}/`, 'leader')
    await lead.getByRole('complementary').getByRole('button', { name: '关闭' }).click()
    const group = lead
      .locator('details.late-owner-group')
      .filter({ has: lead.locator('summary strong', { hasText: /^征拆办$/ }) })
    await group.waitFor()
    if (!(await group.evaluate((d) => (d as HTMLDetailsElement).open))) await group.locator('summary').click()
    const row = group.locator('li.late-row').filter({ hasText: milestone.code }).filter({ hasText: '清表' })
    // the row shows the milestone's grade (正常/黄牌/红牌) from GET /api/late
    await expect
      .poll(() => row.locator('.escalation-badge').getAttribute('data-level'), { timeout: 15_000 })
      .toMatch(/^(normal|yellow|red)$/)
    await row.getByRole('button', { name: `下达督办：${title}` }).click()

    const dialog = lead.getByRole('dialog', { name: '下达督办' })
    await dialog.waitFor()
    // the department defaults to the milestone's owner
    const chosen = await dialog
      .getByLabel('责任部门')
      .evaluate((s) => (s as HTMLSelectElement).selectedOptions[0]?.textContent)
    expect(chosen).toBe('征拆办')
    await dialog.getByLabel('督办要求').fill('本月底前完成清表并报送影像资料')
    await dialog.getByLabel('办结期限').fill('2026-12-20')
    await dialog.getByRole('button', { name: '下达', exact: true }).click()
    await row.getByRole('status').filter({ hasText: '已向征拆办下达督办' }).waitFor()

    const { rows: issued } = await testPool().query<{ id: number }>(
      `select id from orders where item_type = 'milestone' and item_id = $1`,
      [milestone.id],
    )
    orderId = issued[0]?.id ?? 0
    expect(orderId).toBeGreaterThan(0)

    // the department's bell counts the new order, live, without a reload
    await expect.poll(() => bell.getAttribute('data-unread'), { timeout: 15_000 }).toBe('1')
    expect(await stillMarked(dept)).toBe(true)
    // the bell's list names it; choosing it opens my tasks at the order and marks it read
    await bell.click()
    await dept.locator('.bell-item-open').filter({ hasText: title }).click()
    const deptCard = dept.getByTestId('my-tasks').locator(`[data-order-id="${orderId}"]`)
    await deptCard.waitFor({ timeout: 15_000 })
    expect(await deptCard.getAttribute('data-focused')).toBe('true')
    await expect.poll(() => bell.getAttribute('data-unread'), { timeout: 15_000 }).toBe('0')
    await step(deptCard, '报送进展', '已进场清表，完成约六成', 'in_progress')
    await dept.screenshot({ path: `${ARTIFACTS}my-tasks.png` })
    await step(deptCard, '办结', '清表完成', 'done')

    // the leader sees it done in the orders they issued and returns it with a reason
    const leadCard = await openOrderCard(lead, orderId)
    await expect.poll(() => leadCard.getAttribute('data-status'), { timeout: 15_000 }).toBe('done')
    // with the department's thread (read with the order's detail)
    await expect.poll(() => leadCard.textContent(), { timeout: 15_000 }).toContain('已进场清表，完成约六成')
    // a return without a reason is refused in the form, nothing is sent
    await leadCard.getByRole('button', { name: '退回', exact: true }).click()
    await leadCard.getByRole('alert').filter({ hasText: '退回须写明原因' }).waitFor()
    await step(leadCard, '退回', '东侧仍有堆土未清运', 'returned')

    // the department sees it returned (live), with the reason, and marks it done again
    await expect.poll(() => deptCard.getAttribute('data-status'), { timeout: 15_000 }).toBe('returned')
    await expect.poll(() => deptCard.textContent()).toContain('东侧仍有堆土未清运')
    await step(deptCard, '办结', '堆土已清运完毕', 'done')

    // the leader accepts it
    await expect.poll(() => leadCard.getAttribute('data-status'), { timeout: 15_000 }).toBe('done')
    await step(leadCard, '验收通过', null, 'accepted')

    // the database holds the order accepted, and its thread in the order it happened
    const { rows: orders } = await testPool().query<{ status: string; accepted_on: string | null }>(
      `select status, to_char(accepted_on, 'YYYY-MM-DD') as accepted_on from orders where id = $1`,
      [orderId],
    )
    expect(orders).toEqual([{ status: 'accepted', accepted_on: DEMO_TODAY }])
    const { rows: notes } = await testPool().query<{ action: string; note: string | null; actor: string }>(
      'select action, note, actor from order_notes where order_id = $1 order by id',
      [orderId],
    )
    expect(notes).toEqual([
      { action: 'issue', note: '本月底前完成清表并报送影像资料', actor: 'leader' },
      { action: 'respond', note: '已进场清表，完成约六成', actor: 'zhengchai' },
      { action: 'done', note: '清表完成', actor: 'zhengchai' },
      { action: 'return', note: '东侧仍有堆土未清运', actor: 'leader' },
      { action: 'done', note: '堆土已清运完毕', actor: 'zhengchai' },
      { action: 'accept', note: null, actor: 'leader' },
    ])

    // my tasks opens the order's parcel on the map
    await deptCard.getByRole('button', { name: '在地图上查看' }).click()
    await expect
      .poll(() => dept.getByRole('complementary').textContent(), { timeout: 15_000 })
      .toContain(milestone.code)

    expect(department.errors).toEqual([])
    expect(leader.errors).toEqual([])
    await dept.close()
    await lead.close()
  })

  it('opens my tasks on a phone (390×844) as a full-screen sheet that shows the order; the bell stays in the header', async () => {
    expect(orderId).toBeGreaterThan(0)
    const { page, errors } = await openRecordedPage(session.browser, {
      viewport: { width: 390, height: 844 },
      isMobile: true,
      hasTouch: true,
    })
    await logInThroughPage(page, `${session.origin}/`, 'zhengchai')
    const bell = page.getByRole('button', { name: /^通知/ })
    expect(await bell.isVisible()).toBe(true)
    await page.getByRole('button', { name: /菜单/ }).click()
    await page.getByRole('button', { name: '我的任务' }).click()
    const sheet = page.getByTestId('my-tasks')
    const card = sheet.locator(`[data-order-id="${orderId}"]`)
    await card.waitFor({ timeout: 15_000 })
    expect(await card.textContent()).toContain(title)
    const box = await sheet.boundingBox()
    expect(box).toEqual({ x: 0, y: 0, width: 390, height: 844 })
    await page.screenshot({ path: `${ARTIFACTS}phone-my-tasks.png` })
    await sheet.getByRole('button', { name: '关闭' }).click()
    await sheet.waitFor({ state: 'detached' })
    expect(errors).toEqual([])
    await page.close()
  })

  it('keeps a note typed on a stale order and shows the conflict; sent again, it is saved', async () => {
    const { rows } = await testPool().query<{ id: number; code: string }>(
      `select m.id, p.code from parcel_milestones m join parcels p on p.id = m.parcel_id
         join departments d on d.id = m.department_id
       where d.name = '征拆办' and m.actual_on is null and m.planned_on < $1
         and not exists (select 1 from orders o where o.item_type = 'milestone' and o.item_id = m.id)
       order by m.planned_on, m.id limit 1`,
      [DEMO_TODAY],
    )
    const milestone = rows[0]
    if (!milestone) throw new Error('no late milestone of 征拆办 without an order')
    const call = async (username: string, method: string, path: string, body: unknown) => {
      const res = await session.app.request(path, {
        method,
        headers: { cookie: await loginCookie(session.app, username), 'content-type': 'application/json' },
        body: JSON.stringify(body),
      })
      return { status: res.status, body: await res.json() }
    }
    const issued = await call('leader', 'POST', '/api/orders', {
      item_type: 'milestone',
      item_id: milestone.id,
      department_id: (await testPool().query(`select id from departments where name = '征拆办'`)).rows[0].id,
      instructions: '一周内报送征收进度',
      due_on: '2026-12-10',
    })
    expect(issued.status).toBe(201)

    const { page, errors } = await openRecordedPage(session.browser, {
      viewport: { width: 1280, height: 720 },
    })
    // no live stream on this page, so it does not learn of the change below before it writes
    await page.route('**/api/events', (route) => route.abort())
    await logInThroughPage(page, `${session.origin}/`, 'zhengchai')
    const card = await openOrderCard(page, issued.body.id)
    await expect.poll(() => card.getAttribute('data-status')).toBe('issued')
    await card.getByPlaceholder('进展、办理情况或退回原因').fill('已约谈被征收户三户')

    // meanwhile a colleague answers it
    const other = await call('zhengchai', 'PATCH', `/api/orders/${issued.body.id}`, {
      action: 'respond',
      note: '征收公告已张贴',
      version: issued.body.version,
    })
    expect(other.status).toBe(200)

    await card.getByRole('button', { name: '报送进展', exact: true }).click()
    await card.getByRole('alert').filter({ hasText: '已被他人更新' }).waitFor()
    // the note stays as typed; the thread shows the colleague's answer
    expect(await card.getByPlaceholder('进展、办理情况或退回原因').inputValue()).toBe('已约谈被征收户三户')
    expect(await card.textContent()).toContain('征收公告已张贴')
    await step(card, '报送进展', null, 'in_progress')
    await expect.poll(() => card.getByRole('alert').count()).toBe(0)
    const { rows: notes } = await testPool().query<{ action: string; note: string }>(
      'select action, note from order_notes where order_id = $1 order by id',
      [issued.body.id],
    )
    expect(notes).toEqual([
      { action: 'issue', note: '一周内报送征收进度' },
      { action: 'respond', note: '征收公告已张贴' },
      { action: 'respond', note: '已约谈被征收户三户' },
    ])
    // the browser reports the refused write (409) and the blocked stream; nothing else went wrong
    expect(errors.filter((e) => !/409|Conflict|ERR_FAILED|EventSource|api\/events/.test(e))).toEqual([])
    await page.close()
  })
})
