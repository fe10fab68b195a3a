import { execFileSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { DEMO_TODAY, testPool } from '../support/app'
import { ARTIFACTS, logInThroughPage, openRecordedPage, servedBrowserSession } from '../support/browser'

// The A3 briefing (issue 15): as leader with a sector filter and the readiness colours, the PDF holds the
// sector's figures (counted here in SQL), the owner with the most late items and its longest late item, and the
// legend of the colour mode shown; rendered, no quarter of the page is left empty; the PNG is the same A3 page.
const session = servedBrowserSession()
const SCREENSHOTS = fileURLToPath(new URL('../../docs/screenshots/', import.meta.url))
const FROM = '2026-01-01'
const TO = '2026-04-30'

// 亿元 as the UI shows them: two decimals, thousands separators
const yi = (wan: number) =>
  `${new Intl.NumberFormat('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(wan / 10000)} 亿元`

/**
 * The share of inked pixels (grey below 235 of 255) in each quarter of a greyscale picture, as
 * [top left, top right, bottom left, bottom right].
 */
function inkByQuarter(width: number, height: number, grey: (x: number, y: number) => number): number[] {
  const inked = [0, 0, 0, 0]
  const total = [0, 0, 0, 0]
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const q = (y < height / 2 ? 0 : 2) + (x < width / 2 ? 0 : 1)
      total[q] = (total[q] ?? 0) + 1
      if (grey(x, y) < 235) inked[q] = (inked[q] ?? 0) + 1
    }
  }
  return inked.map((n, q) => n / (total[q] ?? 1))
}

/** A binary PGM (P5, 8 bit) as pdftoppm -gray writes it. */
function readPgm(file: string) {
  const bytes = readFileSync(file)
  const header = /^P5\s+(\d+)\s+(\d+)\s+(\d+)\s/.exec(bytes.subarray(0, 40).toString('latin1'))
  if (!header) throw new Error('not a PGM')
  const [all, width, height] = header.map((v, i) => (i === 0 ? v.length : Number(v))) as [
    number,
    number,
    number,
  ]
  return { width, height, pixels: bytes.subarray(all) }
}

/**
 * Every quarter of the page carries at least this share of ink. Measured on the demo (leader, sector filter,
 * readiness colours, 1280×720): the map's quarters 71–76 % (the district and its water), the right-hand ones
 * 21–24 % (KPI cards, charts, late items, legend). The old page's blank quarter (a legend of a few lines) held
 * under 2 %; 8 % leaves room for a sector with fewer late items or a smaller legend.
 */
const MIN_INK = 0.08

describe('the A3 briefing, as leader with a sector filter', () => {
  it('exports a PDF and a PNG with the sector figures, the top late item, the legend of the colours shown', {
    timeout: 300_000,
  }, async () => {
    const db = testPool()
    // the sector that signed the most in the period, and its figures counted independently of the app
    const figures = (
      await db.query<{ sector: string; count: number; wan: string; over1: number }>(
        `select sector, count(*)::int as count, sum(investment_wan)::text as wan,
           count(*) filter (where investment_wan >= 10000)::int as over1
         from projects where signed_on between $1 and $2 and stage <> 'dropped'
         group by sector order by sum(investment_wan) desc, sector limit 1`,
        [FROM, TO],
      )
    ).rows[0]
    expect(figures).toBeDefined()
    if (!figures) return
    // late items per owner, as README "How the figures are counted" defines them; the owner with the most and
    // the names of its longest late ones
    const late = (
      await db.query<{ owner: string; days: number; name: string }>(
        `with late as (
           select coalesce(nullif(trim(m.owner), ''), '—') as owner, $1::date - m.planned_on as days, p.code as name
           from parcel_milestones m join parcels p on p.id = m.parcel_id
           where m.actual_on is null and m.planned_on < $1::date
           union all
           select coalesce(nullif(trim(b.owner), ''), '—'), $1::date - b.due_on, pr.name
           from blockers b join projects pr on pr.id = b.project_id
           where b.status <> 'resolved' and b.due_on < $1::date
           union all
           select coalesce(nullif(trim(i.owner), ''), '—'), $1::date - i.planned_finish, i.name
           from infrastructure i where i.status <> 'done' and i.planned_finish < $1::date
           union all
           select coalesce(p.manager, '—'), $1::date - f.next_on, p.name
           from projects p join lateral (select * from project_follow_ups x where x.project_id = p.id
             order by x.happened_on desc, x.id desc limit 1) f on true
           where p.stage <> 'dropped' and f.next_on < $1::date
         ), counted as (select owner, count(*) as n from late group by owner)
         select l.owner, l.days, l.name from late l join counted c on c.owner = l.owner
         where c.n = (select max(n) from counted)`,
        [DEMO_TODAY],
      )
    ).rows
    expect(late.length).toBeGreaterThan(0)

    const { page, errors } = await openRecordedPage(session.browser, { acceptDownloads: true })
    await page.setViewportSize({ width: 1280, height: 720 })
    await logInThroughPage(
      page,
      `${session.origin}/?from=${FROM}&to=${TO}&s=${figures.sector}&mode=readiness`,
      'leader',
    )
    // the KPIs follow the sector before the briefing is taken
    await expect
      .poll(() => page.locator('[data-kpi="signed"] dd').textContent(), { timeout: 30_000 })
      .toBe(`${figures.count} 个`)

    const dir = mkdtempSync(join(tmpdir(), 'guatu-briefing-e2e-'))
    await page.getByRole('button', { name: 'A3 PDF' }).scrollIntoViewIfNeeded()
    const [pdf] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'A3 PDF' }).click(),
    ])
    const pdfPath = join(dir, 'briefing.pdf')
    await pdf.saveAs(pdfPath)
    const text = execFileSync('pdftotext', [pdfPath, '-'], { encoding: 'utf8' })
    // pdftotext drops or adds spaces between Latin and CJK runs ("5个"): compare without them
    const flat = text.replace(/\s+/g, '')
    const has = (expected: string) => flat.includes(expected.replace(/\s+/g, ''))
    expect(has(`${figures.count} 个`)).toBe(true)
    expect(has(yi(Number(figures.wan)))).toBe(true)
    expect(has(`${figures.over1} 个`)).toBe(true)
    expect(has(`统计期间 ${FROM} 至 ${TO}`)).toBe(true)
    // which figures the sector narrows, and that the others are the zone's
    expect(has('签约、增资扩产、落地率和转化率只统计')).toBe(true)
    expect(has('其余指标为全区数据')).toBe(true)
    expect(text).toMatch(/数据截至 \d{4}-\d{2}-\d{2} \d{2}:\d{2}/)
    // a top owner and the name of its longest late item
    const topOwners = new Set(late.map((l) => l.owner))
    expect([...topOwners].some(has)).toBe(true)
    const longest = Math.max(...late.map((l) => l.days))
    const longestNames = late.filter((l) => l.days === longest).map((l) => l.name)
    expect(longestNames.some(has)).toBe(true)
    // the legend of the readiness colours the map shows, not the status colours
    expect(text).toContain('地块供地进度')
    for (const label of ['按计划', '有风险', '未排期']) expect(text).toContain(label)
    expect(text).not.toContain('地块状态')
    expect(text).not.toContain('清表中')
    expect(text).toContain('项目阶段')
    // the charts, the scale bar and the north arrow
    for (const title of ['签约金额（按月）', '签约金额（按产业）', '滞后事项（按责任单位）']) {
      expect(text).toContain(title)
    }
    expect(text).toMatch(/\d+(\.\d+)? k?m\b/)
    const info = execFileSync('pdfinfo', [pdfPath], { encoding: 'utf8' })
    expect(info).toMatch(/Pages:\s+1\n/)
    expect(info).toMatch(/Page size:\s+1190\.5\d? x 841\.8\d? pts \(A3\)/)
    expect(execFileSync('pdffonts', [pdfPath], { encoding: 'utf8' })).toMatch(/NotoSansCJKsc-Regular.*yes/)

    // rendered: no quarter of the page left empty
    execFileSync('pdftoppm', ['-gray', '-r', '40', '-singlefile', pdfPath, join(dir, 'page')])
    const pgm = readPgm(join(dir, 'page.pgm'))
    expect(pgm.width).toBeGreaterThan(pgm.height)
    const pdfInk = inkByQuarter(pgm.width, pgm.height, (x, y) => pgm.pixels[y * pgm.width + x] ?? 255)
    console.log('briefing PDF ink by quarter', pdfInk.map((v) => v.toFixed(3)).join(' '))
    for (const share of pdfInk) expect(share).toBeGreaterThan(MIN_INK)
    mkdirSync(SCREENSHOTS, { recursive: true })
    execFileSync('pdftoppm', [
      '-png',
      '-singlefile',
      '-scale-to-x',
      '1600',
      '-scale-to-y',
      '-1',
      pdfPath,
      join(SCREENSHOTS, 'briefing-a3'),
    ])

    // the PNG: the same A3 page at 144 dpi, read back in the browser to measure its ink
    const [png] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: '图片 PNG' }).click(),
    ])
    const pngPath = join(dir, 'briefing.png')
    await png.saveAs(pngPath)
    const bytes = readFileSync(pngPath)
    expect(bytes.subarray(1, 4).toString('ascii')).toBe('PNG')
    expect([bytes.readUInt32BE(16), bytes.readUInt32BE(20)]).toEqual([2381, 1684])
    const pngInk = await page.evaluate(async (base64) => {
      const image = new Image()
      image.src = `data:image/png;base64,${base64}`
      await image.decode()
      const canvas = document.createElement('canvas')
      canvas.width = Math.round(image.width / 4)
      canvas.height = Math.round(image.height / 4)
      const ctx = canvas.getContext('2d')
      if (!ctx) throw new Error('no canvas')
      ctx.drawImage(image, 0, 0, canvas.width, canvas.height)
      const { data, width, height } = ctx.getImageData(0, 0, canvas.width, canvas.height)
      return { data: Array.from(data), width, height }
    }, bytes.toString('base64'))
    const greyAt = (x: number, y: number) => {
      const i = (y * pngInk.width + x) * 4
      return (
        0.299 * (pngInk.data[i] ?? 255) +
        0.587 * (pngInk.data[i + 1] ?? 255) +
        0.114 * (pngInk.data[i + 2] ?? 255)
      )
    }
    const pngQuarters = inkByQuarter(pngInk.width, pngInk.height, greyAt)
    console.log('briefing PNG ink by quarter', pngQuarters.map((v) => v.toFixed(3)).join(' '))
    for (const share of pngQuarters) expect(share).toBeGreaterThan(MIN_INK)
    await page.screenshot({ path: `${ARTIFACTS}briefing-view.png` })

    expect(errors).toEqual([])
    await page.close()
  })
})
