import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { ARTIFACTS, logInThroughPage, openRecordedPage, servedBrowserSession } from '../support/browser'

const session = servedBrowserSession()

/** Opens a page that records console errors (bar the GPU driver's chatter), so a test can assert there were none. */
async function openPage(): Promise<{ page: Page; errors: string[] }> {
  return openRecordedPage(session.browser, { acceptDownloads: true })
}

async function logIn(page: Page, username: string, path = '/') {
  await logInThroughPage(page, `${session.origin}${path}`, username)
}

type MapWindow = {
  __guatuMap: import('maplibre-gl').Map
  __guatuCharts: Record<string, import('echarts/core').ECharts>
}

/** The projects drawn on the map now, as [id, sector]. */
function renderedProjects(page: Page) {
  return page.evaluate(() => {
    const map = (window as unknown as MapWindow).__guatuMap
    return map
      .queryRenderedFeatures({ layers: ['projects-circle'] })
      .map((f) => [Number(f.id), String(f.properties.sector)] as const)
  })
}

/** The screen point of bar `index` in a dashboard chart (horizontal bars when `horizontal`). */
async function barPoint(page: Page, chart: string, index: number, horizontal: boolean) {
  await page.locator(`[data-chart="${chart}"][data-ready="true"]`).scrollIntoViewIfNeeded()
  return page.evaluate(
    ({ chart, index, horizontal }) => {
      const instance = (window as unknown as MapWindow).__guatuCharts[chart]
      if (!instance) throw new Error(`no chart ${chart}`)
      const option = instance.getOption() as { series: { data: { value: number }[] }[] }
      const value = option.series[0]?.data[index]?.value ?? 0
      const [x, y] = instance.convertToPixel(
        { seriesIndex: 0 },
        horizontal ? [value / 2, index] : [index, value / 2],
      )
      const box = instance.getDom().getBoundingClientRect()
      return { x: box.left + (x ?? 0), y: box.top + (y ?? 0) }
    },
    { chart, index, horizontal },
  )
}

describe("the leaders' view, as leader", () => {
  it('shows the January–April figures, filters the map from a chart, plays back time and exports a briefing', async () => {
    const { page, errors } = await openPage()
    // the dashboard is what a leader sees first; the link carries the period (the demo's today is 2026-11-28)
    await logIn(page, 'leader', '/?from=2026-01-01&to=2026-04-30')
    await expect
      .poll(() => page.locator('[data-kpi="signed"] dd').textContent(), { timeout: 20_000 })
      .toContain('47')
    expect(await page.locator('[data-kpi="amount"] dd').textContent()).toContain('95.43')
    expect(await page.locator('[data-kpi="over10"] dd').textContent()).toContain('2')
    expect(await page.locator('[data-kpi="over1"] dd').textContent()).toContain('16')
    expect(await page.locator('[data-kpi="expansion"] dd').textContent()).toContain('26')

    // a click on the sector chart's first bar filters the projects on the map to that sector
    const all = await renderedProjects(page)
    expect(all.length).toBeGreaterThan(10)
    const bar = await barPoint(page, 'signed-by-sector', 0, true)
    await page.mouse.click(bar.x, bar.y)
    await page.getByRole('button', { name: '清除筛选' }).first().waitFor()
    await expect.poll(async () => (await renderedProjects(page)).length).toBeLessThan(all.length)
    const filtered = await renderedProjects(page)
    expect(filtered.length).toBeGreaterThan(0)
    expect(new Set(filtered.map(([, sector]) => sector)).size).toBe(1)
    await expect.poll(() => page.url()).toMatch(/[?&]s=[a-z_]+/)
    await page.getByRole('button', { name: '清除筛选' }).first().click()
    await expect.poll(async () => (await renderedProjects(page)).length).toBe(all.length)

    // a month of land supply lights up the parcels forecast to come available then (a forecast in feature-state)
    const month = await barPoint(page, 'land-by-month', 1, false)
    await page.mouse.click(month.x, month.y)
    await page.getByRole('button', { name: '清除筛选' }).first().waitFor()
    const lit = () =>
      page.evaluate(() =>
        (window as unknown as MapWindow).__guatuMap
          .queryRenderedFeatures({ layers: ['highlights-fill'] })
          .filter((f) => Number((f.layer.paint as Record<string, unknown>)['fill-opacity']) > 0)
          .map((f) => String(f.state.available_on)),
      )
    await expect.poll(async () => (await lit()).length, { timeout: 15_000 }).toBeGreaterThan(0)
    expect(new Set((await lit()).map((date) => date.slice(0, 7)))).toEqual(new Set(['2026-02']))
    await page.getByRole('button', { name: '清除筛选' }).first().click()
    await expect.poll(async () => (await lit()).length).toBe(0)

    // time playback: a year back, fewer projects existed and the parcels are repainted by availability
    await page.getByRole('checkbox', { name: '按日期查看可供地' }).check()
    await page.getByRole('slider').first().fill('-12')
    // the link follows at most every 400 ms, after the repaint (about a second on the embedded database)
    await expect.poll(() => page.url(), { timeout: 5_000 }).toContain('t=2025-11-28')
    await expect
      .poll(async () => (await renderedProjects(page)).length, { timeout: 15_000 })
      .toBeLessThan(all.length)
    const fillColour = await page.evaluate(() =>
      JSON.stringify(
        (window as unknown as MapWindow).__guatuMap.getPaintProperty('parcels-fill', 'fill-color'),
      ),
    )
    expect(fillColour).toContain('2025-11-28')
    await page.getByRole('checkbox', { name: '按日期查看可供地' }).uncheck()
    await expect.poll(async () => (await renderedProjects(page)).length).toBe(all.length)

    await page.locator('.side-panel').evaluate((panel) => panel.scrollTo(0, 0))
    await page.waitForTimeout(300)
    await page.screenshot({ path: `${ARTIFACTS}leader-view.png` })

    // the briefing as an A3 PDF with the title in its text, and as a PNG
    await page.getByRole('button', { name: 'A3 PDF' }).scrollIntoViewIfNeeded()
    const [pdf] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'A3 PDF' }).click(),
    ])
    const dir = mkdtempSync(join(tmpdir(), 'guatu-leader-'))
    const pdfPath = join(dir, 'briefing.pdf')
    await pdf.saveAs(pdfPath)
    expect(pdf.suggestedFilename()).toMatch(/\.pdf$/)
    const text = execFileSync('pdftotext', [pdfPath, '-'], { encoding: 'utf8' })
    expect(text).toContain('挂图作战简报')
    expect(text).toContain('95.43 亿元')
    const [png] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: '图片 PNG' }).click(),
    ])
    const pngPath = join(dir, 'briefing.png')
    await png.saveAs(pngPath)
    expect(readFileSync(pngPath).subarray(1, 4).toString('ascii')).toBe('PNG')

    expect(errors).toEqual([])
    await page.close()
  })

  it('opens an infrastructure item from the map with its progress curve, and restores a shared link', async () => {
    const { page, errors } = await openPage()
    await logIn(page, 'leader')
    // the district view has settled (the map eases to fit the district clear of the cards)
    await page.waitForFunction(() => {
      const map = (window as unknown as MapWindow).__guatuMap
      return !map.isMoving() && map.loaded()
    })
    await page.waitForTimeout(500)
    const target = await page.evaluate(() => {
      const map = (window as unknown as MapWindow).__guatuMap
      const canvas = map.getCanvas()
      const { width, height } = canvas.getBoundingClientRect()
      for (let y = height * 0.2; y < height * 0.8; y += 4) {
        for (let x = width * 0.3; x < width * 0.8; x += 4) {
          const top = map.queryRenderedFeatures([x, y], {
            // every layer a click answers to, as the map's pointer asks (a summary cell zooms in instead)
            layers: [
              'projects-circle',
              'infrastructure-point',
              'infrastructure-line',
              'parcels-fill',
              'parcels-overview-fill',
            ],
          })[0]
          const box = canvas.getBoundingClientRect()
          // a point of the line that no card or button over the map covers
          if (
            top?.layer.id === 'infrastructure-line' &&
            document.elementFromPoint(box.left + x, box.top + y) === canvas
          ) {
            return { x: box.left + x, y: box.top + y, name: String(top.properties.name) }
          }
        }
      }
      return null
    })
    expect(target).not.toBeNull()
    if (!target) return
    await page.mouse.click(target.x, target.y)
    await expect
      .poll(() => page.getByRole('complementary').textContent(), { timeout: 15_000 })
      .toContain(target.name)
    expect(await page.getByRole('complementary').textContent()).toContain('进度曲线')
    // a leader reads; only officers and admins report progress
    expect(await page.getByRole('button', { name: '提交' }).count()).toBe(0)
    await expect.poll(() => page.url()).toMatch(/sel=i\d+/)

    // the link brings back the selection, the filter and the map's place
    const link = new URL(page.url())
    link.searchParams.set('s', 'biomedicine')
    await page.goto(link.toString())
    await page.locator('[role="application"][data-map-ready="true"]').waitFor({ timeout: 60_000 })
    await expect
      .poll(() => page.getByRole('complementary').textContent(), { timeout: 15_000 })
      .toContain(target.name)
    expect(await page.getByRole('region', { name: '地图筛选' }).textContent()).toContain('生物医药')
    await expect
      .poll(async () => new Set((await renderedProjects(page)).map(([, sector]) => sector)))
      .toEqual(new Set(['biomedicine']))

    expect(errors).toEqual([])
    await page.close()
  })
  it('colours the parcels by grade, a parcel of an A firm in the A colour, and opens the firm with its score', async () => {
    const { page, errors } = await openPage()
    await logIn(page, 'leader')
    // the demo's 2025 grading as the API gives it: the best-scored firm is graded A
    const best = await page.evaluate(async () => {
      const evaluation = (await (await fetch('/api/evaluation?year=2025')).json()) as {
        counts: Record<string, number>
        firms: {
          firm_id: number
          name: string
          grade: string | null
          score: number | null
          parcel_ids: number[]
        }[]
      }
      const firm = evaluation.firms.find((f) => f.grade === 'A' && f.parcel_ids.length > 0)
      if (!firm) return null
      const parcel = (await (await fetch(`/api/parcels/${firm.parcel_ids[0]}`)).json()) as {
        geometry: { coordinates: number[][][][] }
      }
      const ring = parcel.geometry.coordinates[0]?.[0] ?? []
      const lon = ring.reduce((s, p) => s + (p[0] ?? 0), 0) / ring.length
      const lat = ring.reduce((s, p) => s + (p[1] ?? 0), 0) / ring.length
      return { ...firm, parcelId: firm.parcel_ids[0] as number, lon, lat, counts: evaluation.counts }
    })
    expect(best?.counts).toMatchObject({ A: 16, B: 30, C: 17, D: 3 })
    if (!best) return
    await page.goto(
      `${session.origin}/?c=${best.lon.toFixed(6)},${best.lat.toFixed(6)}&z=16&sel=p${best.parcelId}`,
    )
    await page.locator('[role="application"][data-map-ready="true"]').waitFor({ timeout: 60_000 })

    await page.getByRole('radio', { name: '亩均评价' }).check()
    expect(await page.locator('[data-colour-mode="grade"]').textContent()).toContain('A类')
    // the grade arrives in feature-state, and the fill drawn for the parcel is the A colour
    const drawn = () =>
      page.evaluate((id) => {
        const map = (window as unknown as MapWindow).__guatuMap
        const state = map.getFeatureState({ source: 'parcels', sourceLayer: 'parcels', id })
        const feature = map
          .queryRenderedFeatures({ layers: ['parcels-fill'] })
          .find((f) => Number(f.id) === id)
        const colour = (feature?.layer.paint as Record<string, unknown> | undefined)?.['fill-color']
        return { grade: state.grade, colour: colour ? String(colour) : null }
      }, best.parcelId)
    await expect.poll(async () => (await drawn()).grade, { timeout: 15_000 }).toBe('A')
    // #1a9850 (GRADE_COLOURS.A) as MapLibre writes a colour
    await expect.poll(async () => (await drawn()).colour?.replace(/\s/g, '')).toBe('rgba(26,152,80,1)')
    await expect.poll(() => page.url()).toContain('mode=grade')
    await page.screenshot({ path: `${ARTIFACTS}map-by-grade.png` })

    // the parcel's panel names its firm; the firm panel gives the score and its parts
    await page.getByRole('button', { name: '企业详情' }).click()
    const panel = page.getByRole('complementary', { name: best.name })
    await expect
      .poll(() => panel.getByTestId('firm-score').textContent(), { timeout: 15_000 })
      .toBe(best.score?.toFixed(2))
    expect(await panel.locator('.firm-breakdown tbody tr').count()).toBe(5)
    expect(await panel.textContent()).toContain('历年指标')

    // coloured by commitment: a breached commitment's parcel is red
    await page.getByRole('radio', { name: '标准地承诺' }).check()
    const breached = await page.evaluate(async () => {
      const list = (await (await fetch('/api/commitments?status=breached')).json()) as { parcel_id: number }[]
      return list.map((c) => c.parcel_id)
    })
    expect(breached).toHaveLength(8)
    await expect
      .poll(() =>
        page.evaluate(
          (id) =>
            (window as unknown as MapWindow).__guatuMap.getFeatureState({
              source: 'parcels',
              sourceLayer: 'parcels',
              id,
            }).commitment,
          breached[0] as number,
        ),
      )
      .toBe('breached')

    expect(errors).toEqual([])
    await page.close()
  })
})
