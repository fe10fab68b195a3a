import { execFileSync } from 'node:child_process'
import { copyFileSync, mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { strFromU8, unzipSync } from 'fflate'
import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { inProcessBus } from '../../server/events'
import { freezePastAgendas } from '../../server/services/meetings/freeze-agendas'
import { DEMO_TODAY, testPool } from '../support/app'
import { ARTIFACTS, logInThroughPage, openRecordedPage, servedBrowserSession } from '../support/browser'

const session = servedBrowserSession()
const SCREENSHOTS = fileURLToPath(new URL('../../docs/screenshots/', import.meta.url))

type MapWindow = { __guatuMap: import('maplibre-gl').Map }

/**
 * A late milestone of the demo district, worked out by hand: parcel GX-2026-0551 (F05-10) is to be acquired by
 * 2026-08-01 and is not; on the demo's today, 2026-11-28, that is 30 (Aug) + 30 (Sep) + 31 (Oct) + 28 = 119 days
 * past due, beyond the default red threshold of 90 days: a red card for its department, 土地储备中心.
 */
const LATE = { title: 'GX-2026-0551 F05-10地块', due: '2026-08-01', days: 119, department: '土地储备中心' }
const INSTRUCTIONS = '12月15日前完成F05-10地块征收补偿协议签订，征拆办牵头'

async function openMeetings(page: Page) {
  await page.getByRole('button', { name: '例会', exact: true }).first().click()
  await page.getByRole('complementary', { name: '例会' }).waitFor()
}

describe('the regular meeting (例会), as leader', () => {
  it('creates a meeting whose agenda grades the late items, records a decision as an order and exports the minutes', async () => {
    const { page, errors } = await openRecordedPage(session.browser, {
      viewport: { width: 1440, height: 900 },
      acceptDownloads: true,
    })
    await logInThroughPage(page, `${session.origin}/`, 'leader')
    // the dashboard leaders see first counts the red and yellow cards of GET /api/late, and charts them
    const late = (await (await page.request.get(`${session.origin}/api/late`)).json()) as { level: string }[]
    const count = (level: string) => late.filter((item) => item.level === level).length
    expect(count('red')).toBeGreaterThan(0)
    await expect
      .poll(() => page.locator('[data-kpi="red"] dd').textContent(), { timeout: 20_000 })
      .toBe(`${count('red')} 项`)
    expect(await page.locator('[data-kpi="yellow"] dd').textContent()).toBe(`${count('yellow')} 项`)
    await page.locator('[data-chart="late-by-level"]').waitFor()
    await openMeetings(page)
    // the demo's two past meetings stay browsable
    await expect.poll(() => page.locator('.meeting-list-item').count()).toBeGreaterThanOrEqual(2)
    await expect(page.locator('.meeting-list').textContent()).resolves.toContain(
      '落地推进指挥部工作例会（第2次）',
    )

    await page.getByRole('button', { name: '新建例会' }).click()
    const form = page.getByRole('form', { name: '新建例会' })
    await form.getByLabel('会议名称').fill('落地推进指挥部工作例会（第3次）')
    expect(await form.getByLabel('会议日期').inputValue()).toBe('2026-11-28')
    await form.getByRole('checkbox', { name: '土地储备中心' }).check()
    await form.getByRole('checkbox', { name: '征拆办' }).check()
    await form.getByLabel('其他参会人员').fill('区领导、指挥部办公室')
    await form.getByRole('button', { name: '创建例会' }).click()

    const agenda = page.getByRole('article', { name: '落地推进指挥部工作例会（第3次）' })
    await agenda.waitFor({ timeout: 20_000 })
    expect(await agenda.locator('header').textContent()).toContain(
      '参会：区领导、指挥部办公室、土地储备中心、征拆办',
    )
    expect(await agenda.locator('header').textContent()).toContain('上次例会：2026-11-14')

    // the late item, in its department's group, with its red card and its days
    const group = agenda
      .locator('.agenda-department')
      .filter({ has: page.locator('summary', { hasText: LATE.department }) })
    const item = group.locator('li').filter({ hasText: LATE.title }).filter({ hasText: LATE.due })
    await expect(item.count()).resolves.toBe(1)
    expect(await item.getAttribute('data-level')).toBe('red')
    expect(await item.locator('.escalation-badge').textContent()).toBe('红牌')
    expect(await item.textContent()).toContain(`逾期 ${LATE.days} 天`)
    expect(await item.textContent()).toContain('收储')

    // the map's 督办 mode: red and yellow parcels, outlined, and the legend follows the mode
    await page.getByRole('radio', { name: '督办预警' }).check()
    await page.locator('[data-colour-mode="escalation"]').waitFor()
    const carded = () =>
      page.evaluate(() =>
        (window as unknown as MapWindow).__guatuMap
          .queryRenderedFeatures({ layers: ['escalation-outline'] })
          .map((f) => String(f.state.escalation))
          .filter((level) => level === 'red' || level === 'yellow'),
      )
    await expect.poll(async () => (await carded()).length, { timeout: 15_000 }).toBeGreaterThan(0)
    expect(await page.locator('[data-colour-mode="status"]').count()).toBe(0)
    const fill = await page.evaluate(() =>
      JSON.stringify(
        (window as unknown as MapWindow).__guatuMap.getPaintProperty('parcels-fill', 'fill-color'),
      ),
    )
    expect(fill).toContain('escalation')

    await page.locator('.side-panel').evaluate((panel) => panel.scrollTo(0, 0))
    await page.waitForTimeout(300)
    await page.screenshot({ path: `${ARTIFACTS}meeting-agenda.png` })
    copyFileSync(`${ARTIFACTS}meeting-agenda.png`, join(SCREENSHOTS, 'meeting-agenda.png'))

    // a decision on it, to another department, becomes an order of this meeting
    await item.getByRole('button', { name: `记录决定：${LATE.title} 收储` }).click()
    const decision = item.getByRole('form')
    expect(await decision.getByLabel('责任单位').locator('option:checked').textContent()).toBe(
      LATE.department,
    )
    await decision.getByLabel('责任单位').selectOption({ label: '征拆办' })
    await decision.getByLabel('工作要求').fill(INSTRUCTIONS)
    await decision.getByLabel('办结期限').fill('2026-12-15')
    await decision.getByRole('button', { name: '下达督办' }).click()
    const saved = agenda.locator('.meeting-saved')
    await saved.waitFor()
    const orderId = Number(/第 (\d+) 号/.exec((await saved.textContent()) ?? '')?.[1])
    expect(orderId).toBeGreaterThan(0)
    await expect.poll(() => agenda.locator('.meeting-decisions').textContent()).toContain(INSTRUCTIONS)

    const orders = (await (await page.request.get(`${session.origin}/api/orders`)).json()) as {
      id: number
      title: string
      department: string
      due_on: string
      instructions: string
      meeting_id: number | null
      status: string
    }[]
    const order = orders.find((o) => o.id === orderId)
    expect(order).toMatchObject({
      title: `${LATE.title} 收储`,
      department: '征拆办',
      due_on: '2026-12-15',
      instructions: INSTRUCTIONS,
      status: 'issued',
    })
    const { rows } = await testPool().query<{ item_type: string; meeting: string; department: string }>(
      `select o.item_type, m.title as meeting, d.name as department from orders o
       join meetings m on m.id = o.meeting_id join departments d on d.id = o.department_id where o.id = $1`,
      [orderId],
    )
    expect(rows).toEqual([
      { item_type: 'milestone', meeting: '落地推进指挥部工作例会（第3次）', department: '征拆办' },
    ])

    // the minutes: the late item and the decision in the Word document, the title in the PDF's text
    const dir = mkdtempSync(join(tmpdir(), 'guatu-meeting-'))
    const [docx] = await Promise.all([
      page.waitForEvent('download'),
      agenda.getByRole('link', { name: '会议纪要 DOCX' }).click(),
    ])
    expect(docx.suggestedFilename()).toBe('minutes-2026-11-28.docx')
    await docx.saveAs(join(dir, 'minutes.docx'))
    const documentXml = unzipSync(readFileSync(join(dir, 'minutes.docx')))['word/document.xml']
    const text = strFromU8(documentXml ?? new Uint8Array())
    expect(text).toContain(LATE.title)
    expect(text).toContain(INSTRUCTIONS)
    const [pdf] = await Promise.all([
      page.waitForEvent('download'),
      agenda.getByRole('link', { name: '会议纪要 PDF' }).click(),
    ])
    await pdf.saveAs(join(dir, 'minutes.pdf'))
    const pdfText = execFileSync('pdftotext', [join(dir, 'minutes.pdf'), '-'], { encoding: 'utf8' })
    expect(pdfText).toContain('落地推进指挥部工作例会（第3次）会议纪要')

    expect(errors).toEqual([])
    await page.close()
  }, 180_000)

  it('reads on a phone, in large type', async () => {
    const { page, errors } = await openRecordedPage(session.browser, {
      viewport: { width: 390, height: 844 },
      isMobile: true,
      hasTouch: true,
    })
    // the day's turn at start-up (server/main.ts) freezes the agendas of the meetings held before the demo's today
    const frozen = await freezePastAgendas({
      pool: testPool(),
      events: inProcessBus(),
      today: () => DEMO_TODAY,
    })
    try {
      await logInThroughPage(page, `${session.origin}/`, 'leader')
      await openMeetings(page)
      await page.locator('.meeting-list-item').filter({ hasText: '（第2次）' }).click()
      const agenda = page.getByRole('article', { name: '落地推进指挥部工作例会（第2次）' })
      await agenda.waitFor({ timeout: 20_000 })
      // a past meeting's agenda is as of its day, and frozen: it says since when (the zone day it was frozen)
      expect(await agenda.locator('header').textContent()).toContain('议程数据截至 2026-11-14')
      const note = agenda.locator('.meeting-frozen')
      const frozenAt = (await note.getAttribute('data-frozen-at')) ?? ''
      const day = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date(frozenAt))
      expect(await note.textContent()).toBe(`议程已于 ${day} 定稿，此后的变化不再计入；决定事项显示当前进展`)
      await page.getByRole('checkbox', { name: '大字模式' }).check()
      const width = await page.evaluate(() => document.documentElement.scrollWidth)
      expect(width).toBeLessThanOrEqual(390)
      expect(await agenda.locator('.escalation-badge').count()).toBeGreaterThan(0)
      expect(errors).toEqual([])
    } finally {
      // the other test files find the meetings as they were
      await testPool().query(
        'update meetings set agenda = null, agenda_frozen_at = null where id = any($1::bigint[])',
        [frozen],
      )
      await page.close()
    }
  })
})
