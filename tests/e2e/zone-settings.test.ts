import type { Locator, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loginCookie, testPool } from '../support/app'
import { ARTIFACTS, logInThroughPage, openRecordedPage, servedBrowserSession } from '../support/browser'

const session = servedBrowserSession()
let cookie = ''
let original: { at_risk_margin_days: number; serving_distance_m: number } | null = null

async function settings() {
  const res = await session.app.request('/api/zone/settings', { headers: { cookie } })
  return (await res.json()) as { version: number; at_risk_margin_days: number; serving_distance_m: number }
}

async function patch(body: Record<string, unknown>) {
  const res = await session.app.request('/api/zone/settings', {
    method: 'PATCH',
    headers: { cookie, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  })
  return { status: res.status, body: await res.json() }
}

beforeAll(async () => {
  cookie = await loginCookie(session.app, 'admin')
  const now = await settings()
  original = { at_risk_margin_days: now.at_risk_margin_days, serving_distance_m: now.serving_distance_m }
})

afterAll(async () => {
  // the settings as they were, for the browser tests after this file (the forecasts follow in the same request)
  if (original) await patch({ ...original, version: (await settings()).version })
})

/** Opens 系统管理 and answers the 分区设置 section once its form is there. */
async function openSettings(page: Page) {
  await page.getByRole('button', { name: '系统管理' }).click()
  const panel = page.getByRole('complementary', { name: '系统管理' })
  const section = panel.getByRole('region', { name: '分区设置' })
  await section.getByLabel('有风险提前量').waitFor()
  return section
}

describe('the zone settings screen, as admin', () => {
  it('saves a new at-risk margin and lists it in the history; an invalid value shows why and saves nothing', async () => {
    const { page, errors } = await openRecordedPage(session.browser)
    await logInThroughPage(page, session.origin, 'admin')
    const section = await openSettings(page)
    const before = await settings()
    const margin = section.getByLabel('有风险提前量')
    expect(await margin.inputValue()).toBe(String(before.at_risk_margin_days))

    const next = before.at_risk_margin_days + 7
    await margin.fill(String(next))
    await section.getByRole('button', { name: '保存设置' }).click()
    await section.getByText('设置已保存。').waitFor()
    const saved = await settings()
    expect(saved.at_risk_margin_days).toBe(next)
    expect(saved.version).toBe(before.version + 1)
    // the history says it in words: who, when, from what to what
    const latest = section.locator('.settings-history-list li').first()
    await expect
      .poll(() => latest.textContent())
      .toContain(`有风险提前量：${before.at_risk_margin_days} → ${next} 天`)
    expect(await latest.textContent()).toContain('admin')
    expect(await latest.textContent()).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}/)

    // an invalid value: the reason beside the field, nothing sent, nothing saved
    await margin.fill('-3')
    await section.getByRole('button', { name: '保存设置' }).click()
    await section.getByText('有输入不符合要求，未保存任何设置。请按提示修改。').waitFor()
    expect(await margin.getAttribute('aria-invalid')).toBe('true')
    const describedBy = await margin.getAttribute('aria-describedby')
    expect(await page.locator(`[id="${describedBy}"]`).textContent()).toBe('不能小于 0')
    await margin.fill('2.5')
    await section.getByRole('button', { name: '保存设置' }).click()
    await expect.poll(() => page.locator(`[id="${describedBy}"]`).textContent()).toBe('请输入整数')
    // a group rule: all matching weights at zero
    await margin.fill(String(next))
    for (const label of ['面积', '时间', '配套', '产业链', '形状']) {
      await section.getByLabel(label, { exact: true }).fill('0')
    }
    await section.getByRole('button', { name: '保存设置' }).click()
    await section.getByText('至少一项权重须大于 0').waitFor()
    expect(await settings()).toEqual(saved)

    await section.getByRole('button', { name: '撤销修改' }).click()
    expect(await section.getByLabel('面积', { exact: true }).inputValue()).toBe('25')
    await page.screenshot({ path: `${ARTIFACTS}zone-settings.png` })
    expect(errors).toEqual([])
    await page.close()
  })

  it("refuses a second admin's save over a change they have not seen, and loads the latest on request", async () => {
    const { page, errors } = await openRecordedPage(session.browser)
    await logInThroughPage(page, session.origin, 'admin')
    const section = await openSettings(page)
    const before = await settings()
    // the page edits the margin; meanwhile another admin changes the serving distance
    await section.getByLabel('有风险提前量').fill(String(before.at_risk_margin_days + 1))
    const other = await patch({ serving_distance_m: before.serving_distance_m + 50, version: before.version })
    expect(other.status).toBe(200)

    await section.getByRole('button', { name: '保存设置' }).click()
    await section
      .getByText('其他管理员已修改了分区设置，您的修改未保存。请载入最新设置后重新修改。')
      .waitFor()
    const after = await settings()
    expect(after.at_risk_margin_days).toBe(before.at_risk_margin_days)
    expect(after.serving_distance_m).toBe(before.serving_distance_m + 50)

    await section.getByRole('button', { name: '载入最新设置' }).click()
    // the latest settings arrive from the server
    await expect
      .poll(() => section.getByLabel('配套服务距离').inputValue())
      .toBe(String(before.serving_distance_m + 50))
    expect(await section.getByLabel('有风险提前量').inputValue()).toBe(String(before.at_risk_margin_days))
    // the browser notes the refused save (409) in the console
    expect(errors).toEqual([expect.stringContaining('status of 409')])
    await page.close()
  })

  it('sets which departments get 巡查任务 and their term; the API has them, the history names the departments', async () => {
    const { page, errors } = await openRecordedPage(session.browser)
    const before = (await (
      await session.app.request('/api/zone/settings', { headers: { cookie } })
    ).json()) as { inspection_tasks: Record<string, number | null> }
    const { rows } = await testPool().query<{ id: number; name: string }>(
      `select id::int, name from departments where name in ('土地储备中心', '建设局')`,
    )
    const department = (name: string) => rows.find((r) => r.name === name)?.id
    try {
      await logInThroughPage(page, session.origin, 'admin')
      const section = await openSettings(page)
      // the demo's: the land reserve centre checks milestones, the construction bureau starts, within 7 days
      const milestones = section.getByLabel('节点核查部门')
      const starts = section.getByLabel('开工核查部门')
      const term = section.getByLabel('办理期限')
      const shown = (select: Locator) =>
        select.evaluate((s) => (s as HTMLSelectElement).selectedOptions[0]?.textContent)
      await expect.poll(() => shown(milestones)).toBe('土地储备中心')
      expect(await shown(starts)).toBe('建设局')
      expect(await term.inputValue()).toBe('7')

      await milestones.selectOption({ label: '建设局' })
      await starts.selectOption({ label: '不派发' })
      await term.fill('0')
      await section.getByRole('button', { name: '保存设置' }).click()
      await expect.poll(() => term.getAttribute('aria-invalid')).toBe('true')
      const describedBy = await term.getAttribute('aria-describedby')
      expect(await page.locator(`[id="${describedBy}"]`).textContent()).toBe('不能小于 1')
      await term.fill('10')
      await section.getByRole('button', { name: '保存设置' }).click()
      await section.getByText('设置已保存。').waitFor()
      const saved = (await (
        await session.app.request('/api/zone/settings', { headers: { cookie } })
      ).json()) as { inspection_tasks: unknown }
      expect(saved.inspection_tasks).toEqual({
        milestone_department_id: department('建设局'),
        start_department_id: null,
        due_days: 10,
      })
      await expect
        .poll(() => section.locator('.settings-history-list li').first().textContent())
        .toContain(
          '巡查任务：节点核查部门 土地储备中心 → 建设局，开工核查部门 建设局 → 不派发，办理期限 7 → 10 天',
        )
      expect(errors).toEqual([])
    } finally {
      await page.close()
      await patch({ inspection_tasks: before.inspection_tasks, version: (await settings()).version })
    }
  })

  it('sets the 督办预警阈值 and the milestones that need a document; yellow above red is refused before sending', async () => {
    const { page, errors } = await openRecordedPage(session.browser)
    const original = (await (
      await session.app.request('/api/zone/settings', { headers: { cookie } })
    ).json()) as { escalation: unknown; documents_required: unknown; serving_distance_m: number }
    // a known start, whatever earlier tests left: the default thresholds, and 交地 needs its paper
    const start = await patch({
      escalation: { yellow_days: 30, red_days: 90, yellow_lag_pct: 10, red_lag_pct: 30 },
      documents_required: ['handover'],
      version: (await settings()).version,
    })
    expect(start.status).toBe(200)
    const sent: string[] = []
    page.on('request', (request) => {
      if (request.method() === 'PATCH' && request.url().endsWith('/api/zone/settings'))
        sent.push(request.url())
    })
    try {
      await logInThroughPage(page, session.origin, 'admin')
      const section = await openSettings(page)
      const thresholds = section.getByRole('group', { name: '督办预警阈值' })
      const documents = section.getByRole('group', { name: '节点办结须附文件' })
      const yellowDays = thresholds.getByLabel('黄牌逾期天数')
      const redDays = thresholds.getByLabel('红牌逾期天数')
      const yellowLag = thresholds.getByLabel('黄牌滞后幅度')
      const redLag = thresholds.getByLabel('红牌滞后幅度')
      expect(await yellowDays.inputValue()).toBe('30')
      expect(await redDays.inputValue()).toBe('90')
      expect(await yellowLag.inputValue()).toBe('10')
      expect(await redLag.inputValue()).toBe('30')
      expect(await thresholds.locator('.settings-unit').allTextContents()).toEqual([
        '天',
        '天',
        '个百分点',
        '个百分点',
      ])
      expect(await thresholds.textContent()).toContain('逾期天数达到黄牌逾期天数亮黄牌')
      expect(await documents.getByLabel('交地').isChecked()).toBe(true)
      expect(await documents.getByLabel('成交').isChecked()).toBe(false)

      // yellow above red: refused in Chinese beside the group, nothing sent
      await yellowDays.fill('120')
      await section.getByRole('button', { name: '保存设置' }).click()
      await section.getByText('有输入不符合要求，未保存任何设置。请按提示修改。').waitFor()
      expect(await thresholds.locator('[data-setting-error="escalation"]').textContent()).toBe(
        '黄牌阈值不能高于红牌阈值：黄牌逾期天数不能大于红牌逾期天数，黄牌滞后幅度不能大于红牌滞后幅度',
      )
      expect(sent).toEqual([])

      // another admin saves first: the save is refused (409) and the edits stay in the form until reloaded
      await yellowDays.fill('20')
      await redDays.fill('60')
      await redLag.fill('25')
      await documents.getByLabel('成交').check()
      const other = await patch({
        serving_distance_m: original.serving_distance_m + 10,
        version: (await settings()).version,
      })
      expect(other.status).toBe(200)
      await section.getByRole('button', { name: '保存设置' }).click()
      await section
        .getByText('其他管理员已修改了分区设置，您的修改未保存。请载入最新设置后重新修改。')
        .waitFor()
      expect(await yellowDays.inputValue()).toBe('20')
      expect(await redLag.inputValue()).toBe('25')
      expect(await documents.getByLabel('成交').isChecked()).toBe(true)
      await section.getByRole('button', { name: '载入最新设置' }).click()
      await expect.poll(() => yellowDays.inputValue()).toBe('30')
      expect(await documents.getByLabel('成交').isChecked()).toBe(false)

      await yellowDays.fill('20')
      await redDays.fill('60')
      await redLag.fill('25')
      await documents.getByLabel('成交').check()
      await section.getByRole('button', { name: '保存设置' }).click()
      await section.getByText('设置已保存。').waitFor()
      const saved = (await (
        await session.app.request('/api/zone/settings', { headers: { cookie } })
      ).json()) as { escalation: unknown; documents_required: unknown }
      expect(saved.escalation).toEqual({ yellow_days: 20, red_days: 60, yellow_lag_pct: 10, red_lag_pct: 25 })
      expect(saved.documents_required).toEqual(['transfer', 'handover'])
      // one history row per setting, in words
      await expect
        .poll(async () =>
          (await section.locator('.settings-history-list li').allTextContents()).slice(0, 2).join('\n'),
        )
        .toContain(
          '督办预警阈值：黄牌逾期天数 30 → 20 天，红牌逾期天数 90 → 60 天，红牌滞后幅度 30 → 25 个百分点',
        )
      const latest = (await section.locator('.settings-history-list li').allTextContents())
        .slice(0, 2)
        .join('\n')
      expect(latest).toContain('节点办结须附文件：交地 → 成交、交地')
      expect(latest).not.toContain('{')
      await thresholds.evaluate((el) => el.scrollIntoView({ block: 'center' }))
      await page.screenshot({ path: `${ARTIFACTS}zone-settings-escalation.png` })
      await documents.evaluate((el) => el.scrollIntoView({ block: 'center' }))
      await page.screenshot({ path: `${ARTIFACTS}zone-settings-documents.png` })
      // the refused save (409) is the only console error
      expect(errors).toEqual([expect.stringContaining('status of 409')])
    } finally {
      await page.close()
      await patch({
        escalation: original.escalation,
        documents_required: original.documents_required,
        serving_distance_m: original.serving_distance_m,
        version: (await settings()).version,
      })
    }
  })

  it('fits a phone (390×844): every field inside the screen, and a save works there', async () => {
    const phone = { width: 390, height: 844 }
    const { page, errors } = await openRecordedPage(session.browser, {
      viewport: phone,
      hasTouch: true,
      isMobile: true,
    })
    await logInThroughPage(page, session.origin, 'admin')
    await page.getByRole('button', { name: '系统管理' }).tap()
    await page.getByRole('button', { name: '展开面板' }).tap()
    const section = page.getByRole('region', { name: '分区设置' })
    const margin = section.getByLabel('有风险提前量')
    await margin.waitFor()
    // the fields, their labels and units (个百分点 is the widest), the ticks and the buttons
    const outside = await section.locator('input, button, label, .settings-unit').evaluateAll(
      (elements, width) =>
        elements.filter((el) => {
          const box = el.getBoundingClientRect()
          return box.left < 0 || box.right > width
        }).length,
      phone.width,
    )
    expect(outside).toBe(0)
    const before = await settings()
    await margin.scrollIntoViewIfNeeded()
    await margin.fill(String(before.at_risk_margin_days + 2))
    await section.getByRole('button', { name: '保存设置' }).tap()
    await section.getByText('设置已保存。').waitFor()
    expect((await settings()).at_risk_margin_days).toBe(before.at_risk_margin_days + 2)
    await page.screenshot({ path: `${ARTIFACTS}phone-zone-settings.png`, fullPage: false })
    await section
      .getByRole('group', { name: '督办预警阈值' })
      .evaluate((el) => el.scrollIntoView({ block: 'start' }))
    await page.screenshot({ path: `${ARTIFACTS}phone-zone-settings-escalation.png`, fullPage: false })
    expect(errors).toEqual([])
    await page.close()
  })
})
