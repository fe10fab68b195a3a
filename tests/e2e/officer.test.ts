import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { loginCookie, testPool } from '../support/app'
import { ARTIFACTS, logInThroughPage, openRecordedPage, servedBrowserSession } from '../support/browser'
import { parcelAt } from '../support/parcel-api'

const session = servedBrowserSession()

async function openPage(): Promise<{ page: Page; errors: string[] }> {
  return openRecordedPage(session.browser)
}

async function logIn(page: Page, username: string) {
  await logInThroughPage(page, session.origin, username)
}

type Detail = {
  properties: {
    id: number
    code: string
    readiness: string | null
    handover_on?: string | null
    critical_milestone?: string | null
  }
  milestones: {
    kind: string
    planned_on: string | null
    actual_on: string | null
    status: string
    version: number
  }[]
}

async function api<T>(
  cookie: string,
  path: string,
  init: RequestInit = {},
): Promise<{ status: number; body: T }> {
  const res = await session.app.request(path, {
    ...init,
    headers: { cookie, 'content-type': 'application/json', ...(init.headers ?? {}) },
  })
  return { status: res.status, body: (await res.json().catch(() => null)) as T }
}

/** A parcel whose only unfinished milestone is a late hand-over: marking it done makes the parcel done. */
async function findParcelLateOnlyAtHandover(cookie: string): Promise<Detail> {
  const late = await api<{ parcel_id: number; kind: string }[]>(cookie, '/api/milestones/late')
  for (const item of late.body.filter((m) => m.kind === 'handover')) {
    const detail = (await api<Detail>(cookie, `/api/parcels/${item.parcel_id}`)).body
    const others = detail.milestones.filter((m) => m.kind !== 'handover')
    if (others.length === 7 && others.every((m) => m.actual_on) && detail.properties.readiness === 'late') {
      return detail
    }
  }
  throw new Error('the demo district has no parcel late only at its hand-over')
}

/**
 * The evaluated fill colour and readiness of a parcel as the map renders it: the parcel comes from the vector
 * tiles (its id promoted from the tile's `id` property), its readiness from feature-state.
 */
function renderedParcel(page: Page, id: number) {
  return page.evaluate((parcelId) => {
    const map = (window as unknown as { __guatuMap: import('maplibre-gl').Map }).__guatuMap
    const hit = map
      .queryRenderedFeatures({ layers: ['parcels-fill'] })
      .find((feature) => feature.id === parcelId && Number(feature.properties.id) === parcelId)
    if (!hit) return null
    const state = map.getFeatureState({ source: 'parcels', sourceLayer: 'parcels', id: parcelId })
    const colour = (hit.layer.paint as Record<string, unknown> | undefined)?.['fill-color'] as
      | { r: number; g: number; b: number }
      | undefined
    const hex = colour
      ? `#${[colour.r, colour.g, colour.b]
          .map((c) =>
            Math.round(c * 255)
              .toString(16)
              .padStart(2, '0'),
          )
          .join('')}`
      : null
    return { readiness: String(state.readiness), colour: hex }
  }, id)
}

describe('the map, as land officer', () => {
  it('marks a late hand-over done and sees the parcel turn from late to done on the map', async () => {
    const cookie = await loginCookie(session.app, 'officer')
    const parcel = await findParcelLateOnlyAtHandover(cookie)
    const parcelId = parcel.properties.id
    const { page, errors } = await openPage()
    try {
      await logIn(page, 'officer')
      await page.getByLabel('按供地进度').check()

      // the late list selects the parcel and zooms the map to it
      await page.evaluate(() => {
        for (const details of document.querySelectorAll('details.late-owner-group'))
          details.setAttribute('open', '')
      })
      await page.locator('.late-item', { hasText: parcel.properties.code }).first().click()
      const panel = page.getByRole('complementary')
      await expect.poll(() => panel.textContent(), { timeout: 15_000 }).toContain(parcel.properties.code)
      await expect
        .poll(() => renderedParcel(page, parcelId), { timeout: 15_000 })
        .toMatchObject({ readiness: 'late' })
      const before = await renderedParcel(page, parcelId)
      expect(before?.colour).toBe('#d62f2f')

      // 可供日期 and 交地日期 in the vocabulary's words: planning conditions are done (actual), the hand-over is
      // planned and forecast; the readiness word is 滞后
      const dated = (kind: string) => parcel.milestones.find((m) => m.kind === kind)
      const readyPlan = dated('planning_conditions')?.planned_on
      const readyActual = dated('planning_conditions')?.actual_on
      const handoverPlan = dated('handover')?.planned_on
      expect(readyActual).toBeTruthy()
      expect(handoverPlan).toBeTruthy()
      expect(parcel.properties.handover_on).toBeTruthy()
      expect(await panel.locator('.facts dt').allTextContents()).toEqual(
        expect.arrayContaining(['可供日期', '交地日期', '目标交地日期', '供地进度']),
      )
      const readyDate = panel.getByTestId('ready-date')
      const handoverDate = panel.getByTestId('handover-date')
      expect(await readyDate.textContent()).toBe(`计划 ${readyPlan}实际 ${readyActual}`)
      expect(await handoverDate.textContent()).toBe(
        `计划 ${handoverPlan}预计 ${parcel.properties.handover_on}`,
      )
      expect(await panel.locator('.facts .readiness').textContent()).toBe('滞后')
      await panel.locator('.facts').screenshot({ path: `${ARTIFACTS}officer-land-dates.png` })
      // 关键节点 names the milestone the forecast hinges on, exactly when the server gives one
      const critical = parcel.properties.critical_milestone
      expect(await panel.getByTestId('critical-milestone').allTextContents()).toEqual(
        critical ? ['交地'] : [],
      )

      await panel.getByRole('button', { name: '编辑节点：交地' }).click()
      await panel.getByRole('button', { name: /标记完成/ }).click()
      await panel.getByLabel('修改原因').fill('浏览器测试：交地完成')
      await panel.getByRole('button', { name: '保存', exact: true }).click()

      await expect
        .poll(() => panel.locator('.facts .readiness').textContent(), { timeout: 15_000 })
        .toBe('已完成')
      // handed over: the actual date, no forecast, and no critical milestone (a parcel handed over is never late)
      expect(await handoverDate.textContent()).toBe(`计划 ${handoverPlan}实际 2026-11-28`)
      expect(await panel.getByTestId('critical-milestone').count()).toBe(0)
      await expect
        .poll(() => renderedParcel(page, parcelId), { timeout: 15_000 })
        .toMatchObject({ readiness: 'done', colour: '#2e7d32' })
      await expect
        .poll(() => panel.locator('.history-list').textContent(), { timeout: 15_000 })
        .toContain('officer')
      // the change in words: the field's name and the reason, not the column name
      const history = (await panel.locator('.history-list li').first().textContent()) ?? ''
      expect(history).toContain('完成日期')
      expect(history).toContain('2026-11-28')
      expect(history).not.toContain('actual_on')
      await page.screenshot({ path: `${ARTIFACTS}officer-milestone-done.png` })
      expect(errors).toEqual([])
    } finally {
      await page.close()
      // other test files share the database: put the hand-over back as it was
      const current = (await api<Detail>(cookie, `/api/parcels/${parcelId}`)).body
      const handover = current.milestones.find((m) => m.kind === 'handover')
      if (handover?.actual_on) {
        await api(cookie, `/api/parcels/${parcelId}/milestones/handover`, {
          method: 'PATCH',
          body: JSON.stringify({
            actual_on: null,
            version: handover.version,
            reason: 'browser test restores',
          }),
        })
      }
    }
  })

  it('previews an infeasible 倒排, sees the past latest start and the earliest date, adopts it and saves', async () => {
    const cookie = await loginCookie(session.app, 'officer')
    // a new parcel with nothing done: on the demo's today 2026-11-28, hand-over on 2027-09-30 needs 收储 to have
    // started on 2026-08-31; the earliest feasible hand-over is 2027-12-28 (395 days of default durations)
    const created = await api<{ id: number }>(cookie, '/api/parcels', {
      method: 'POST',
      body: JSON.stringify(parcelAt('T-E2E-SCHED-', 110.84, 20.84)),
    })
    expect(created.status).toBe(201)
    const parcelId = created.body.id
    let infrastructureId: number | null = null
    const { page, errors } = await openPage()
    try {
      await logInThroughPage(page, `${session.origin}/?sel=p${parcelId}`, 'officer')
      const panel = page.getByRole('complementary')
      await panel.getByRole('button', { name: '倒排排期' }).click()
      const dialog = page.getByRole('dialog')
      await dialog.getByLabel('目标交地日期').fill('2027-09-30')
      await dialog.getByRole('button', { name: '预览', exact: true }).click()

      const acquisition = dialog.getByRole('row', { name: /收储/ })
      await expect.poll(() => acquisition.textContent(), { timeout: 15_000 }).toContain('最迟开始已过')
      expect(await acquisition.textContent()).toContain('2026-08-31')
      expect(await dialog.getByRole('row', { name: /清表/ }).textContent()).not.toContain('最迟开始已过')
      expect(await dialog.getByTestId('earliest-target').textContent()).toBe('2027-12-28')
      // infeasible: saving waits for the explicit confirmation
      const save = dialog.getByRole('button', { name: '保存排期' })
      expect(await save.isDisabled()).toBe(true)
      await expect.poll(() => dialog.getByLabel('我知道该计划无法按期完成，仍要保存').isVisible()).toBe(true)

      // on a 390 px phone the dialog still fits across
      await page.setViewportSize({ width: 390, height: 844 })
      const overflow = await page.evaluate(() => {
        const open = document.querySelector('dialog[open]') as HTMLElement
        return {
          scroll: open.scrollWidth,
          client: open.clientWidth,
          right: open.getBoundingClientRect().right,
        }
      })
      expect(overflow.scroll).toBeLessThanOrEqual(overflow.client)
      expect(overflow.right).toBeLessThanOrEqual(390)
      await page.screenshot({ path: `${ARTIFACTS}officer-schedule-infeasible-390.png` })

      await dialog.getByRole('button', { name: '采用此日期' }).click()
      await expect.poll(() => dialog.getByLabel('目标交地日期').inputValue()).toBe('2027-12-28')
      await expect
        .poll(() => dialog.locator('caption').textContent(), { timeout: 15_000 })
        .toContain('2027-12-28')
      expect(await dialog.getByText('最迟开始已过').count()).toBe(0)
      expect(await save.isDisabled()).toBe(false)

      // before saving, a water main 50 m away is planned to finish 2027-12-01: 七通一平 waits for it and the
      // earliest hand-over moves to 2028-03-20, so the save answers 409 and the dialog asks for confirmation
      const { rows } = await testPool().query<{ id: number }>(
        `insert into infrastructure (kind, name, status, progress_pct, planned_finish, geom)
         values ('water', '浏览器测试供水管', 'in_progress', 10, '2027-12-01',
           ST_SetSRID(ST_MakeLine(ST_MakePoint(110.8395, 20.8405), ST_MakePoint(110.8395, 20.8415)), 4326))
         returning id`,
      )
      infrastructureId = rows[0]?.id ?? null
      await save.click()
      await expect
        .poll(() => dialog.getByRole('alert').textContent(), { timeout: 15_000 })
        .toContain('该计划已无法按期完成')
      await expect
        .poll(() => dialog.getByTestId('earliest-target').textContent(), { timeout: 15_000 })
        .toBe('2028-03-20')
      expect(await save.isDisabled()).toBe(true)
      await dialog.getByLabel('我知道该计划无法按期完成，仍要保存').check()
      await save.click()
      await expect.poll(() => dialog.locator('caption').textContent(), { timeout: 15_000 }).toBe('排期已保存')
      const detail = await api<{ properties: { target_on: string } }>(cookie, `/api/parcels/${parcelId}`)
      expect(detail.body.properties.target_on).toBe('2027-12-28')
      const history = await api<{ reason_en: string }[]>(cookie, `/api/parcels/${parcelId}/history`)
      expect(history.body[0]?.reason_en).toBe(
        'backward schedule (倒排), saved although infeasible: earliest feasible 2028-03-20',
      )
      // the browser logs the refused save (409 schedule_infeasible); nothing else may fail
      expect(errors).toEqual([
        'Failed to load resource: the server responded with a status of 409 (Conflict)',
      ])
    } finally {
      await page.close()
      await testPool().query(`delete from parcels where code like 'T-E2E-SCHED-%'`)
      if (infrastructureId !== null) {
        await testPool().query('delete from infrastructure where id = $1', [infrastructureId])
      }
    }
  })

  it('moves the as-of time slider and sees more parcels painted and counted as ready to offer', async () => {
    const { page, errors } = await openPage()
    // the forecasts the page was given for the parcels around the view, to count them here independently
    let rows: { available_on: string | null }[] = []
    page.on('response', async (response) => {
      if (new URL(response.url()).pathname !== '/api/parcels/readiness' || !response.ok()) return
      rows = ((await response.json()) as { parcels: typeof rows }).parcels
    })
    const readyBy = (date: string) =>
      rows.filter((r) => r.available_on !== null && r.available_on <= date).length
    await logIn(page, 'officer')
    await page.getByLabel('按日期查看可供地').check()
    const slider = page.getByRole('slider', { name: '截至日期' })

    const availablePainted = () =>
      page.evaluate(() => {
        const map = (window as unknown as { __guatuMap: import('maplibre-gl').Map }).__guatuMap
        // parcels available by the as-of date are drawn opaque (0.85), the others pale
        return map
          .queryRenderedFeatures({ layers: ['parcels-fill'] })
          .filter((feature) => (feature.layer.paint as Record<string, unknown>)['fill-opacity'] === 0.85)
          .length
      })

    await slider.focus()
    await slider.press('Home')
    await expect.poll(() => page.locator('.as-of-readout').textContent()).toContain('2024-11-28')
    await page.waitForFunction(() =>
      (window as unknown as { __guatuMap: import('maplibre-gl').Map }).__guatuMap.loaded(),
    )
    const early = await availablePainted()
    const earlyCount = Number(
      await page.locator('[data-available-count]').getAttribute('data-available-count'),
    )
    expect(rows.length).toBeGreaterThan(0)
    // the label says what it counts: ready to offer (done or forecast) by the date, and not yet handed over
    expect(await page.locator('.as-of-readout').textContent()).toBe(
      `截至 2024-11-28，地图范围内可供地 ${readyBy('2024-11-28')} 宗（已可供或预计可供、尚未交地）`,
    )
    expect(earlyCount).toBe(readyBy('2024-11-28'))

    await slider.press('End')
    await expect.poll(() => page.locator('.as-of-readout').textContent()).toContain('2028-11-28')
    await expect.poll(availablePainted, { timeout: 10_000 }).toBeGreaterThan(early)
    const lateCount = Number(
      await page.locator('[data-available-count]').getAttribute('data-available-count'),
    )
    expect(lateCount).toBeGreaterThan(earlyCount)
    expect(lateCount).toBe(readyBy('2028-11-28'))
    expect(await page.locator('.as-of-readout').textContent()).toBe(
      `截至 2028-11-28，地图范围内可供地 ${lateCount} 宗（已可供或预计可供、尚未交地）`,
    )
    await page.screenshot({ path: `${ARTIFACTS}officer-as-of.png` })
    expect(errors).toEqual([])
    await page.close()
  })

  it('says a refusal already on screen again in English when the language is switched, and in Chinese when switched back', async () => {
    const cookie = await loginCookie(session.app, 'officer')
    const parcel = await findParcelLateOnlyAtHandover(cookie)
    const { page, errors } = await openPage()
    try {
      await logInThroughPage(page, `${session.origin}/?sel=p${parcel.properties.id}`, 'officer')
      const panel = page.getByRole('complementary')
      await panel.getByRole('button', { name: '编辑节点：交地' }).click({ timeout: 30_000 })
      // a hand-over planned before the milestones it follows: the server refuses it (parcel.milestone_invalid)
      await panel.getByLabel('计划完成日期').fill('2000-01-01')
      await panel.getByRole('button', { name: '保存', exact: true }).click()
      const refusal = panel.locator('.milestone-form .form-error')
      await expect
        .poll(() => refusal.textContent(), { timeout: 15_000 })
        .toMatch(/^保存失败：节点日期有误：交地的计划日期（2000-01-01）早于\S+的（\d{4}-\d{2}-\d{2}）/)
      const chinese = await refusal.textContent()

      await page.getByRole('button', { name: 'English' }).click()
      await expect
        .poll(() => refusal.textContent())
        .toMatch(
          /^Could not save: planned_on of handover \(2000-01-01\) is before that of \w+ \(\d{4}-\d{2}-\d{2}\)$/,
        )
      expect(await refusal.textContent()).not.toMatch(/[\u3000-\u9fff\uff00-\uffef]/)

      await page.getByRole('button', { name: '中文' }).click()
      await expect.poll(() => refusal.textContent()).toBe(chinese)
      // the refusal's answer, and nothing else
      expect(errors).toEqual([
        'Failed to load resource: the server responded with a status of 400 (Bad Request)',
      ])
    } finally {
      await page.close()
    }
  })
})
