import { fileURLToPath } from 'node:url'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { testPool } from '../support/app'
import { logInThroughPage, openRecordedPage, servedBrowserSession } from '../support/browser'

// 亩均效益 and 标准地 in the browser (issue 18): parcels coloured by grade for two firms whose grades are known by
// construction, an indicator file with one bad row refused whole with its reason, a commitment edited through a
// concurrent change; and the README's picture of the zone coloured by grade.
const session = servedBrowserSession()
const SCREENSHOTS = fileURLToPath(new URL('../../docs/screenshots/', import.meta.url))

type MapWindow = { __guatuMap: import('maplibre-gl').Map }
type Spot = { id: number; lon: number; lat: number }

const HIGH = 'T-EFF 高效企业'
const LOW = 'T-EFF 低效企业'
let high: Spot & { firm: number; commitment: number }
let low: Spot & { firm: number }

beforeAll(async () => {
  const db = testPool()
  // two parcels of the zone no firm uses, the largest (easy to see and click)
  const { rows: spots } = await db.query<Spot>(
    `select p.id::int, ST_X(ST_PointOnSurface(p.geom)) as lon, ST_Y(ST_PointOnSurface(p.geom)) as lat
     from parcels p where not exists (select 1 from firm_parcels fp where fp.parcel_id = p.id)
     order by ST_Area(p.geom::geography) desc limit 2`,
  )
  const [a, b] = spots as [Spot, Spot]
  const firm = async (name: string, parcel: number) => {
    const { rows } = await db.query<{ id: number }>(
      `insert into firms (name, sector) values ($1, 'new_materials') returning id::int`,
      [name],
    )
    const id = rows[0]?.id as number
    await db.query('insert into firm_parcels (firm_id, parcel_id) values ($1, $2)', [id, parcel])
    return id
  }
  const highFirm = await firm(HIGH, a.id)
  const lowFirm = await firm(LOW, b.id)
  // 2025 (the last finished year on the demo's 2026-11-28): the first yields far more per mu than any demo firm,
  // uses almost no energy and spends much on R&D — the best score, so A (the top 25 %); the second pays no tax,
  // barely produces and burns much energy — the worst score, so D (the bottom 5 %)
  await db.query(
    `insert into firm_indicators (firm_id, year, tax_wan, output_wan, energy_tce, employees, rd_wan)
     values ($1, 2025, 900000, 9000000, 1, 100, 4000000), ($2, 2025, 0, 1, 900000, 1000, 0)`,
    [highFirm, lowFirm],
  )
  const { rows: commitment } = await db.query<{ id: number }>(
    `insert into land_commitments (parcel_id, firm_id, sold_on, investment_wan_per_mu, tax_wan_per_mu, far_min,
       start_by, complete_by, output_from_year)
     values ($1, $2, '2026-10-01', 400, 30, 1.2, '2027-04-01', '2028-06-30', 2029) returning id::int`,
    [a.id, highFirm],
  )
  high = { ...a, firm: highFirm, commitment: commitment[0]?.id as number }
  low = { ...b, firm: lowFirm }
})

// the grading is relative: other files expect the demo's own counts (servedBrowserSession closes the pool after this)
afterAll(async () => {
  await testPool().query(`delete from firms where name like 'T-EFF %'`)
})

async function openPage(width = 1440, height = 900) {
  return openRecordedPage(session.browser, { viewport: { width, height } })
}

/** The grade in a parcel's feature-state and the fill colour MapLibre drew it with. */
function drawn(page: Page, id: number) {
  return page.evaluate((id) => {
    const map = (window as unknown as MapWindow).__guatuMap
    const state = map.getFeatureState({ source: 'parcels', sourceLayer: 'parcels', id })
    const feature = map.queryRenderedFeatures({ layers: ['parcels-fill'] }).find((f) => Number(f.id) === id)
    const colour = (feature?.layer.paint as Record<string, unknown> | undefined)?.['fill-color']
    return {
      grade: state.grade as string | undefined,
      colour: colour ? String(colour).replace(/\s/g, '') : null,
    }
  }, id)
}

async function goTo(page: Page, spot: Spot, extra = '') {
  await page.goto(
    `${session.origin}/?c=${spot.lon.toFixed(6)},${spot.lat.toFixed(6)}&z=16&mode=grade${extra}`,
  )
  await page.locator('[role="application"][data-map-ready="true"]').waitFor({ timeout: 60_000 })
}

describe('亩均效益 on the map, as a land officer', () => {
  it('colours by grade: the high-yield firm’s parcel in the A colour, the low one’s in the D colour', async () => {
    const { page, errors } = await openPage()
    await logInThroughPage(page, `${session.origin}/?mode=grade`, 'officer')
    await expect.poll(() => page.url()).toContain('mode=grade')
    expect(await page.locator('[data-colour-mode="grade"]').textContent()).toContain('A类')
    // the zone coloured by grade, for the README (1440 × 900): wait until the grades are on the parcels
    await expect.poll(() => drawn(page, high.id).then((d) => d.grade), { timeout: 30_000 }).toBe('A')
    await page.waitForTimeout(500)
    await page.screenshot({ path: `${SCREENSHOTS}map-grades.png` })

    await goTo(page, high)
    // GRADE_COLOURS.A #1a9850 and .D #d62f2f, as MapLibre writes a colour
    await expect
      .poll(() => drawn(page, high.id), { timeout: 30_000 })
      .toEqual({
        grade: 'A',
        colour: 'rgba(26,152,80,1)',
      })
    await goTo(page, low)
    await expect
      .poll(() => drawn(page, low.id), { timeout: 30_000 })
      .toEqual({
        grade: 'D',
        colour: 'rgba(214,47,47,1)',
      })
    expect(errors).toEqual([])
    await page.close()
  })

  it('lists the year’s grading best first, the firms not graded with their reason, and opens a firm', async () => {
    const { page, errors } = await openPage(1280, 720)
    await logInThroughPage(page, `${session.origin}/`, 'leader')
    await page.getByRole('button', { name: '亩均评价排名' }).click()
    const panel = page.getByRole('complementary', { name: '亩均评价排名' })
    const table = panel.locator('.ranking-table')
    await expect.poll(() => table.locator('tbody tr').count(), { timeout: 15_000 }).toBeGreaterThan(10)
    // the API's 2025 counts, said in words, and the best and the worst firm where they belong
    const { counts } = await (await page.request.get(`${session.origin}/api/evaluation?year=2025`)).json()
    expect(await panel.getByTestId('ranking-counts').textContent()).toBe(
      `A类 ${counts.A} 家，B类 ${counts.B} 家，C类 ${counts.C} 家，D类 ${counts.D} 家，未评价 ${counts.not_graded} 家`,
    )
    const first = table.locator('tbody tr').first()
    expect(await first.getAttribute('data-firm-id')).toBe(String(high.firm))
    expect(await first.locator('td').first().textContent()).toBe('1')
    expect(await first.locator('[data-grade]').getAttribute('data-grade')).toBe('A')
    const last = table.locator('tbody tr').last()
    expect(await last.getAttribute('data-firm-id')).toBe(String(low.firm))
    expect(await last.locator('[data-grade]').getAttribute('data-grade')).toBe('D')
    // a firm without figures for the year is listed apart, with why
    expect(await panel.locator('.ranking-not-graded').textContent()).toContain('该年度未填报指标')
    // an earlier year: the two test firms reported nothing for it, so neither is in its table
    await panel.getByLabel('评价年度').selectOption('2024')
    await expect
      .poll(() => panel.locator('.ranking-table caption').textContent(), { timeout: 15_000 })
      .toContain('2024 年度')
    expect(await table.locator(`tr[data-firm-id="${high.firm}"]`).count()).toBe(0)
    await panel.getByLabel('评价年度').selectOption('2025')
    await expect.poll(() => first.getAttribute('data-firm-id'), { timeout: 15_000 }).toBe(String(high.firm))
    await first.getByRole('button', { name: HIGH }).click()
    await expect.poll(() => page.getByRole('complementary', { name: HIGH }).count()).toBe(1)
    expect(errors).toEqual([])
    await page.close()
  })

  it('refuses an indicator file with one bad row whole, saying which row and why', async () => {
    const { page, errors } = await openPage(1280, 720)
    await logInThroughPage(page, `${session.origin}/`, 'officer')
    await page.getByRole('button', { name: '导入亩均指标' }).click()
    const panel = page.getByRole('complementary', { name: '导入亩均指标' })
    await expect
      .poll(() => panel.getByRole('link', { name: '下载 2025 年模板' }).getAttribute('href'))
      .toBe('/api/firms/indicators/template?year=2025')
    const csv = [
      '企业名称,统一社会信用代码,年度,税收（万元）,产值（万元）,综合能耗（吨标准煤）,从业人员（人）,研发经费（万元）',
      `${HIGH},,2024,800000,8000000,1,100,3000000`,
      '没有这家企业有限公司,,2024,10,100,5,20,1',
    ].join('\n')
    await panel.getByLabel('指标文件').setInputFiles({
      name: '亩均指标.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(csv, 'utf8'),
    })
    // the check first: the bad row and its reason, grouped like the parcel import's
    await panel.getByRole('button', { name: '检查' }).click()
    const refused = panel.getByTestId('indicator-rejections')
    await expect.poll(() => refused.textContent(), { timeout: 15_000 }).toContain('园区内没有这家企业')
    expect(await refused.textContent()).toContain('第 3 行 没有这家企业有限公司')
    // importing anyway writes nothing and says so
    await panel.getByRole('button', { name: '导入', exact: true }).click()
    await expect
      .poll(() => panel.getByRole('alert').first().textContent(), { timeout: 15_000 })
      .toBe('2 行中有 1 行无法导入，未写入任何数据')
    expect(await refused.textContent()).toContain('园区内没有这家企业')
    const { rows } = await testPool().query(
      'select year from firm_indicators where firm_id = $1 order by year',
      [high.firm],
    )
    expect(rows).toEqual([{ year: 2025 }])
    // a file without the bad row checks: one row new, and a template row left unfilled skipped, not emptied
    await panel.getByLabel('指标文件').setInputFiles({
      name: '亩均指标.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from([csv.split('\n')[0], csv.split('\n')[1], `${LOW},,2025,,,,,`].join('\n'), 'utf8'),
    })
    await panel.getByRole('button', { name: '检查' }).click()
    await expect
      .poll(() => panel.getByRole('status').textContent(), { timeout: 15_000 })
      .toBe('检查通过：可新增 1 行，更新 0 行。 另有 1 行未填写任何指标，已跳过（不会清空已填报的数据）。')
    const { rows: after } = await testPool().query(
      'select firm_id::int, year from firm_indicators where firm_id = any($1) order by firm_id, year',
      [[high.firm, low.firm]],
    )
    expect(after).toEqual([
      { firm_id: high.firm, year: 2025 },
      { firm_id: low.firm, year: 2025 },
    ])
    // the refused import's answer, and nothing else
    expect(errors).toEqual([expect.stringContaining('status of 422')])
    await page.close()
  })

  it('edits a commitment from the firm panel; a concurrent change answers 409 and both are kept', async () => {
    const { page, errors } = await openPage(1280, 720)
    await logInThroughPage(page, `${session.origin}/?sel=p${high.id}`, 'officer')
    await page.getByRole('button', { name: '企业详情' }).click()
    const panel = page.getByRole('complementary', { name: HIGH })
    // the firm's land is named by its parcel's code, as officers know it
    const { rows: codes } = await testPool().query<{ code: string }>(
      'select code from parcels where id = $1',
      [high.id],
    )
    await expect
      .poll(() => panel.locator(`.firm-parcels [data-parcel-id="${high.id}"]`).textContent())
      .toBe(codes[0]?.code)
    await panel.locator(`[data-edit-commitment="${high.commitment}"]`).click()
    await panel.getByLabel('亩均税收（万元/亩）').fill('40')
    // someone else raises the FAR meanwhile
    await testPool().query('update land_commitments set far_min = 1.5, version = version + 1 where id = $1', [
      high.commitment,
    ])
    await panel.getByRole('button', { name: '保存' }).click()
    await expect
      .poll(() => panel.getByRole('alert').first().textContent(), { timeout: 15_000 })
      .toContain('已被他人修改（现为第 2 版）')
    expect(await panel.getByLabel('亩均税收（万元/亩）').inputValue()).toBe('40')
    expect(await panel.getByLabel('容积率（不低于）').inputValue()).toBe('1.5')
    // dates out of order are refused before the server sees them
    await panel.getByLabel('承诺竣工期限').fill('2027-01-01')
    await panel.getByRole('button', { name: '保存' }).click()
    await expect
      .poll(() => panel.getByRole('alert').last().textContent())
      .toBe('竣工期限（2027-01-01）不能早于开工期限（2027-04-01）')
    await panel.getByLabel('承诺竣工期限').fill('2028-06-30')
    await panel.getByRole('button', { name: '保存' }).click()
    await expect.poll(() => panel.locator('.commitment-form').count(), { timeout: 15_000 }).toBe(0)
    const { rows } = await testPool().query(
      `select tax_wan_per_mu::float8 as tax, far_min::float8 as far, version from land_commitments where id = $1`,
      [high.commitment],
    )
    expect(rows).toEqual([{ tax: 40, far: 1.5, version: 3 }])
    // the stale save's answer, and nothing else
    expect(errors).toEqual([expect.stringContaining('status of 409')])
    await page.close()
  })
})
