import { readFileSync } from 'node:fs'
import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { DEMO_TODAY, loginCookie, testPool } from '../support/app'
import { ARTIFACTS, logInThroughPage, openRecordedPage, servedBrowserSession } from '../support/browser'

const session = servedBrowserSession()

/** Logs in through the API; answers the status and the role the login reports. */
async function apiLogin(username: string, password: string) {
  const res = await session.app.request('/api/auth/login', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  })
  const body = (await res.json()) as {
    role?: string
    department?: { name: string } | null
    error?: { code: string }
  }
  return { status: res.status, role: body.role, department: body.department, code: body.error?.code }
}

/** GET /api/parcels with a bearer token; answers the status. */
async function parcelsWithToken(token: string) {
  const res = await session.app.request('/api/parcels?limit=1', {
    headers: { authorization: `Bearer ${token}` },
  })
  await res.arrayBuffer()
  return res.status
}

/** Opens the admin panel from the overview (the panel replaces the overview in the side panel). */
async function openAdminPanel(page: Page) {
  await page.getByRole('button', { name: '系统管理' }).click()
  const panel = page.getByRole('complementary', { name: '系统管理' })
  await panel.locator('tr[data-username="officer"]').waitFor()
  return panel
}

describe('the admin panel, as admin', () => {
  it('issues a token shown once that works as a bearer, and revokes it', async () => {
    const { page, errors } = await openRecordedPage(session.browser, {
      permissions: ['clipboard-read', 'clipboard-write'],
      acceptDownloads: true,
    })
    await logInThroughPage(page, session.origin, 'admin')
    const panel = await openAdminPanel(page)

    await panel.getByLabel('名称（用途）').fill('QGIS 桌面')
    await panel.getByLabel('权限角色').selectOption('leader')
    await panel.getByRole('button', { name: '签发令牌' }).click()
    const secretBox = panel.locator('.token-secret')
    await secretBox.waitFor()
    expect(await secretBox.textContent()).toContain('此令牌只显示这一次，关闭后无法再次查看')
    const token = await secretBox.getByLabel('令牌', { exact: true }).inputValue()
    expect(token).toMatch(/^gt_[A-Za-z0-9_-]{40,}$/)

    await secretBox.getByRole('button', { name: '复制' }).click()
    await secretBox.getByText('已复制到剪贴板').waitFor()
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(token)

    // the token works as a bearer, and the list shows it (never its secret) with its last use
    expect(await parcelsWithToken(token)).toBe(200)
    const cookie = await loginCookie(session.app, 'admin')
    const listed = await session.app.request('/api/admin/tokens', { headers: { cookie } })
    const listedText = await listed.text()
    expect(listedText).toContain('QGIS 桌面')
    expect(listedText).not.toContain(token)
    // the token's row in the tokens table (the audit log below lists its issuing too)
    const tokenRow = panel.locator('tr[data-token-id]', { hasText: 'QGIS 桌面' })
    await tokenRow.waitFor()
    expect(await tokenRow.textContent()).toContain('有效')
    expect(await tokenRow.textContent()).toContain('admin')

    // once dismissed, the secret is nowhere on the page
    await secretBox.getByRole('button', { name: '我已保存，关闭' }).click()
    await secretBox.waitFor({ state: 'detached' })
    expect(await page.content()).not.toContain(token)

    await page.locator('.side-panel').evaluate((panel) => panel.scrollTo(0, 0))
    await page.screenshot({ path: `${ARTIFACTS}admin-panel.png` })

    // revoke, after a confirmation: the token stops working
    await tokenRow.getByRole('button', { name: '吊销' }).click()
    await tokenRow.getByRole('button', { name: '确认吊销' }).click()
    await panel.getByText('已吊销令牌 QGIS 桌面。').waitFor()
    await expect.poll(() => tokenRow.locator('.status-chip').textContent()).toBe('已吊销')
    expect(await parcelsWithToken(token)).toBe(401)

    // the audit log: the token's issue and revocation by admin, and admin's own login
    const actions = panel.locator('.admin-audit-actions')
    await expect
      .poll(() => actions.locator('tr', { hasText: 'QGIS 桌面' }).allTextContents(), { timeout: 15_000 })
      .toEqual([
        expect.stringMatching(/admin吊销令牌 QGIS 桌面/),
        expect.stringMatching(/admin新建令牌 QGIS 桌面/),
      ])
    expect(
      await panel.locator('.admin-audit-logins tr', { hasText: 'admin' }).first().textContent(),
    ).toContain('成功')

    // export everything: a zip, downloaded through a plain link with the session cookie
    const [zip] = await Promise.all([
      page.waitForEvent('download'),
      panel.getByRole('link', { name: '导出全部数据（ZIP）' }).click(),
    ])
    expect(zip.suggestedFilename()).toBe(`guatu-export-${DEMO_TODAY}.zip`)
    const zipPath = await zip.path()
    expect(readFileSync(zipPath).subarray(0, 2).toString('ascii')).toBe('PK')

    // the parcels in the header's export menu, as CSV
    await page.getByText('导出地块').click()
    const [csv] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'CSV 表格（含节点）' }).click(),
    ])
    expect(csv.suggestedFilename()).toBe(`parcels-${DEMO_TODAY}.csv`)
    const lines = readFileSync(await csv.path(), 'utf8')
      .trim()
      .split(/\r?\n/)
    expect(lines.length).toBeGreaterThan(400)

    expect(errors).toEqual([])
    await page.close()
  })

  it('creates a user who can log in, changes their role, resets their password, and disables them', async () => {
    const { page, errors } = await openRecordedPage(session.browser)
    await logInThroughPage(page, session.origin, 'admin')
    const panel = await openAdminPanel(page)

    // the demo accounts are listed with their roles; the admin's own row cannot be demoted
    const adminRow = panel.locator('tr[data-username="admin"]')
    await expect.poll(() => adminRow.textContent()).toContain('本人')
    expect(await adminRow.getByRole('combobox', { name: 'admin 的角色' }).isDisabled()).toBe(true)
    expect(
      await panel
        .locator('tr[data-username="leader"]')
        .getByRole('combobox', { name: 'leader 的角色' })
        .inputValue(),
    ).toBe('leader')

    // create: a display name with markup is shown as text, not run
    await panel.getByLabel('用户名', { exact: true }).fill('e2e.zhang')
    await panel.getByLabel('姓名', { exact: true }).fill('张伟 <b>测试</b>')
    await panel.getByLabel('角色', { exact: true }).selectOption('investment')
    await panel.getByLabel('初始密码').fill('guatu-demo')
    await panel.getByRole('button', { name: '创建用户' }).click()
    await panel.getByText('已创建用户 e2e.zhang。').waitFor()
    const row = panel.locator('tr[data-username="e2e.zhang"]')
    await row.waitFor()
    const roleOf = row.getByRole('combobox', { name: 'e2e.zhang 的角色' })
    expect(await roleOf.inputValue()).toBe('investment')
    expect(await row.locator('.admin-display-name').textContent()).toBe('张伟 <b>测试</b>')
    expect(await row.textContent()).toContain('从未')

    // a second user with the same name is refused, and the API's message is shown
    await panel.getByLabel('用户名', { exact: true }).fill('e2e.zhang')
    await panel.getByLabel('角色', { exact: true }).selectOption('leader')
    await panel.getByLabel('初始密码').fill('guatu-demo')
    await panel.getByRole('button', { name: '创建用户' }).click()
    await panel.getByText('操作失败：用户 e2e.zhang 已存在').waitFor()

    // the new user logs in through the page with their role
    const { page: userPage, errors: userErrors } = await openRecordedPage(session.browser)
    await logInThroughPage(userPage, session.origin, 'e2e.zhang')
    expect(await userPage.locator('.role-badge').textContent()).toBe('招商团队')
    expect(await userPage.getByRole('button', { name: '系统管理' }).count()).toBe(0)

    // change of role: the login now reports it
    await roleOf.selectOption('land_officer')
    await panel.getByText('e2e.zhang 的角色已改为“土地专员”。').waitFor()
    expect(await apiLogin('e2e.zhang', 'guatu-demo')).toMatchObject({ status: 200, role: 'land_officer' })

    // a department (压实责任): the login then names it
    await row.getByRole('combobox', { name: 'e2e.zhang 的部门' }).selectOption({ label: '供电局' })
    await panel.getByText('e2e.zhang 的部门已改为“供电局”。').waitFor()
    expect((await apiLogin('e2e.zhang', 'guatu-demo')).department).toMatchObject({ name: '供电局' })

    // reset the password: the old one stops working, the new one works
    await row.getByRole('button', { name: '重置密码' }).click()
    await panel.getByLabel('e2e.zhang 的新密码').fill('a-new-password-2026')
    await panel.getByRole('button', { name: '保存', exact: true }).click()
    await panel.getByText('已重置 e2e.zhang 的密码。').waitFor()
    expect((await apiLogin('e2e.zhang', 'guatu-demo')).status).toBe(401)
    expect(await apiLogin('e2e.zhang', 'a-new-password-2026')).toMatchObject({ status: 200 })

    // disable: the login is refused and the open session is over
    await row.getByRole('button', { name: '停用' }).click()
    await panel.getByText('已停用 e2e.zhang，该账号无法再登录。').waitFor()
    expect(await row.locator('.status-chip').textContent()).toBe('已停用')
    expect(await apiLogin('e2e.zhang', 'a-new-password-2026')).toMatchObject({
      status: 401,
      code: 'invalid_credentials',
    })
    await userPage.reload()
    await userPage.getByRole('button', { name: '登录' }).waitFor()
    await userPage.getByLabel('用户名').fill('e2e.zhang')
    await userPage.getByLabel('密码').fill('a-new-password-2026')
    await userPage.getByRole('button', { name: '登录' }).click()
    await userPage.getByText('用户名或密码不正确').waitFor()
    // the refused requests are the point here; the browser reports each 401 as a console error
    expect(userErrors.filter((e) => !e.includes('status of 401'))).toEqual([])
    await userPage.close()

    // enabled again, the user logs in
    await row.getByRole('button', { name: '启用' }).click()
    await panel.getByText('已启用 e2e.zhang。').waitFor()
    expect((await apiLogin('e2e.zhang', 'a-new-password-2026')).status).toBe(200)

    // the one console error is the browser's note on the refused duplicate (409)
    expect(errors).toEqual([expect.stringContaining('status of 409')])
    await page.close()
  })
})

describe('where reminders go, as admin', () => {
  it('sets an account’s e-mail address and a department’s group robot, then removes the robot', async () => {
    const { page, errors } = await openRecordedPage(session.browser)
    await logInThroughPage(page, session.origin, 'admin')
    const panel = await openAdminPanel(page)
    const cookie = await loginCookie(session.app, 'admin')
    const read = async (path: string) =>
      (await (await session.app.request(path, { headers: { cookie } })).json()) as {
        username?: string
        name?: string
        email?: string | null
        webhook_url?: string | null
      }[]

    // an e-mail address: an address that is not one is refused in the browser, a good one is saved
    const officer = panel.locator('tr[data-username="officer"]')
    expect(await officer.textContent()).toContain('officer@guatu.example.org')
    await officer.getByRole('button', { name: '修改 officer 的邮箱' }).click()
    const email = panel.getByLabel('officer 的邮箱', { exact: true })
    expect(await email.inputValue()).toBe('officer@guatu.example.org')
    await email.fill('tudi.zhuanyuan@guatu.example.org')
    await panel.getByRole('button', { name: '保存', exact: true }).click()
    await panel.getByText('officer 的邮箱已改为 tudi.zhuanyuan@guatu.example.org。').waitFor()
    await expect.poll(() => officer.textContent()).toContain('tudi.zhuanyuan@guatu.example.org')
    expect((await read('/api/admin/users')).find((u) => u.username === 'officer')?.email).toBe(
      'tudi.zhuanyuan@guatu.example.org',
    )

    // a group robot for 供电局: set, shown as set, its address read by admins only
    const power = panel.locator('tr[data-department="供电局"]')
    expect(await power.locator('.status-chip').textContent()).toBe('未设置')
    await power.getByRole('button', { name: '设置 供电局 的群机器人' }).click()
    const robot = 'https://oapi.dingtalk.com/robot/send?access_token=e2e-robot'
    await panel.getByLabel('供电局 的群机器人地址', { exact: true }).fill(robot)
    await panel.getByRole('button', { name: '保存', exact: true }).click()
    await panel.getByText('已设置 供电局 的群机器人。').waitFor()
    await expect.poll(() => power.locator('.status-chip').textContent()).toBe('已设置')
    expect((await read('/api/departments')).find((d) => d.name === '供电局')?.webhook_url).toBe(robot)

    // and removed
    await power.getByRole('button', { name: '设置 供电局 的群机器人' }).click()
    expect(await panel.getByLabel('供电局 的群机器人地址', { exact: true }).inputValue()).toBe(robot)
    await panel.getByRole('button', { name: '移除' }).click()
    await panel.getByText('已移除 供电局 的群机器人。').waitFor()
    await expect.poll(() => power.locator('.status-chip').textContent()).toBe('未设置')
    expect((await read('/api/departments')).find((d) => d.name === '供电局')?.webhook_url).toBeNull()

    // a new department, listed at once
    await panel.getByLabel('部门名称').fill('E2E 应急管理局')
    await panel.getByLabel('英文名称').fill('Emergency Management Bureau')
    await panel.getByRole('button', { name: '创建部门' }).click()
    await panel.getByText('已创建部门 E2E 应急管理局。').waitFor()
    await panel.locator('tr[data-department="E2E 应急管理局"]').waitFor()

    expect(errors).toEqual([])
    await page.close()
    await testPool().query(`update users set email = 'officer@guatu.example.org' where username = 'officer'`)
    await testPool().query(`delete from departments where name = 'E2E 应急管理局'`)
  })
})

describe('the admin panel, as leader', () => {
  it('is not offered, nor is the parcel export menu', async () => {
    const { page, errors } = await openRecordedPage(session.browser)
    await logInThroughPage(page, session.origin, 'leader')
    // a leader starts on the dashboard; the overview behind it has the other entries
    await page.getByRole('complementary').getByRole('button', { name: '关闭' }).click()
    await page.getByRole('button', { name: '领导看板' }).waitFor()
    expect(await page.getByRole('button', { name: '系统管理' }).count()).toBe(0)
    expect(await page.getByText('导出地块').count()).toBe(0)
    expect(await page.locator('.admin-panel').count()).toBe(0)
    expect(errors).toEqual([])
    await page.close()
  })
})
