import type { BriefingChart, BriefingInput } from './briefing'

/**
 * The A3 landscape briefing page (issue 15), laid out once as drawing operations in PDF points (1/72 in), drawn
 * by the server with pdfkit (the PDF) and by the browser on a canvas (the PNG), so both show the same page:
 *
 *   title, period and filter                                   date, "as of" stamp
 *   ┌──────────────── map ───────────────┐  KPI cards (5 a row)
 *   │ north arrow top right              │  charts, 2 × 2
 *   │                           ┌legend─┐│  late items by owner, in 2 columns
 *   │ scale bar bottom left     └───────┘│  (room for 6 owners and 4 items each)
 *   └────────────────────────────────────┘
 *
 * Texts are measured by the drawing side (its own font), so they are cut to fit with an ellipsis, never spill.
 */
export const A3_LANDSCAPE = { width: 1190.55, height: 841.89 }

const MARGIN = 28
const HEADER_RULE = 80
const BODY_TOP = 90
const BODY_BOTTOM = A3_LANDSCAPE.height - MARGIN - 16
const GAP = 12
export const INK = '#1b2533'
const SOFT = '#5a6577'
const LINE = '#d5dae3'
const CARD = '#f3f5f9'
const ALERT = '#c62828'
const HIGHLIGHT = '#e91e63'

/** Where the map goes: the browser crops its map picture to this box's proportions before sending it. */
export const BRIEFING_MAP_BOX = { x: MARGIN, y: BODY_TOP, width: 640, height: BODY_BOTTOM - BODY_TOP }

const SIDE_LEFT = BRIEFING_MAP_BOX.x + BRIEFING_MAP_BOX.width + 16
const SIDE_WIDTH = A3_LANDSCAPE.width - MARGIN - SIDE_LEFT

type Point = [number, number]
export type BriefingOp =
  | {
      op: 'rect'
      x: number
      y: number
      w: number
      h: number
      fill?: string
      stroke?: string
      opacity?: number
    }
  | { op: 'text'; x: number; y: number; text: string; size: number; colour: string; bold?: boolean }
  | { op: 'line'; points: Point[]; colour: string; width: number; dash?: number }
  | { op: 'polygon'; points: Point[]; fill: string }
  | { op: 'circle'; x: number; y: number; r: number; fill: string; stroke?: string }
  | { op: 'image'; x: number; y: number; w: number; h: number }

/** The width of a text in points at a size, in the drawing side's font (pdfkit's, or the canvas's). */
export type MeasureText = (text: string, size: number, bold: boolean) => number

type Content = Omit<BriefingInput, 'map_png'>

/**
 * A page of drawing operations; text ops carry their baseline as y. `pictureWidth` is the map picture's width in
 * pixels (cropped to the map box's proportions), for the scale bar.
 */
export function layoutBriefing(body: Content, measure: MeasureText, pictureWidth: number): BriefingOp[] {
  const ops: BriefingOp[] = []
  const page = new Page(ops, measure)
  header(page, body)
  map(page, body, pictureWidth)
  const kpiBottom = kpis(page, body.kpis)
  const chartsBottom = charts(page, body.charts ?? [], kpiBottom + GAP)
  const bottomTop = chartsBottom + GAP
  // the late list has the side's whole width for its two columns; the legend is on the map, as on a wall map
  late(page, body, { x: SIDE_LEFT, y: bottomTop, w: SIDE_WIDTH, h: BODY_BOTTOM - bottomTop })
  if (body.legend.length > 0) legend(page, body)
  page.text('挂图 Guatu', MARGIN, A3_LANDSCAPE.height - MARGIN, 8, SOFT, 200)
  return ops
}

type Box = { x: number; y: number; w: number; h: number }

/** Collects ops; texts are cut to a width with "…" and can be right-aligned or centred on a point. */
class Page {
  constructor(
    readonly ops: BriefingOp[],
    readonly measure: MeasureText,
  ) {}

  fit(text: string, size: number, width: number, bold = false): string {
    if (this.measure(text, size, bold) <= width) return text
    const chars = [...text]
    while (chars.length > 0 && this.measure(`${chars.join('')}…`, size, bold) > width) chars.pop()
    return chars.length > 0 ? `${chars.join('')}…` : ''
  }

  /** Draws a text (cut to width) with its baseline at y; align right puts its end at x + width. */
  text(
    text: string,
    x: number,
    y: number,
    size: number,
    colour: string,
    width: number,
    options: { bold?: boolean; align?: 'left' | 'right' | 'center' } = {},
  ): number {
    const bold = options.bold ?? false
    const shown = this.fit(text, size, width, bold)
    if (!shown) return 0
    const w = this.measure(shown, size, bold)
    const left =
      options.align === 'right' ? x + width - w : options.align === 'center' ? x + (width - w) / 2 : x
    this.ops.push({ op: 'text', x: left, y, text: shown, size, colour, ...(bold ? { bold } : {}) })
    return w
  }

  rect(box: Box, style: { fill?: string; stroke?: string; opacity?: number }) {
    this.ops.push({ op: 'rect', ...box, ...style })
  }

  line(points: Point[], colour: string, width: number, dash?: number) {
    this.ops.push({ op: 'line', points, colour, width, ...(dash ? { dash } : {}) })
  }
}

function header(page: Page, body: Content) {
  const width = A3_LANDSCAPE.width - 2 * MARGIN
  const right = 260
  page.text(body.title, MARGIN, MARGIN + 22, 22, INK, width - right - 12, { bold: true })
  if (body.subtitle) page.text(body.subtitle, MARGIN, MARGIN + 44, 11, SOFT, width - right - 12)
  page.text(body.date, MARGIN + width - right, MARGIN + 18, 14, INK, right, { align: 'right', bold: true })
  if (body.stamp)
    page.text(body.stamp, MARGIN + width - right, MARGIN + 38, 9, SOFT, right, { align: 'right' })
  page.line(
    [
      [MARGIN, HEADER_RULE],
      [A3_LANDSCAPE.width - MARGIN, HEADER_RULE],
    ],
    LINE,
    0.8,
  )
}

function map(page: Page, body: Content, pictureWidth: number) {
  const box = BRIEFING_MAP_BOX
  page.ops.push({ op: 'image', x: box.x, y: box.y, w: box.width, h: box.height })
  page.rect({ x: box.x, y: box.y, w: box.width, h: box.height }, { stroke: LINE })
  if (!body.map_scale) return
  // the picture fills the box: a point of the page is metres_per_pixel × (picture pixels per point) metres
  scaleBar(page, (body.map_scale.metres_per_pixel * pictureWidth) / box.width)
  northArrow(page, body.map_scale.bearing)
}

/** The longest 1, 2 or 5 × 10ⁿ metres not over `metres`. `niceLength(730)` → 500 */
export function niceLength(metres: number): number {
  const power = 10 ** Math.floor(Math.log10(metres))
  const first = metres / power
  return (first >= 5 ? 5 : first >= 2 ? 2 : 1) * power
}

/** "500 m", "1 km", "2.5 km" */
export function distanceLabel(metres: number): string {
  return metres >= 1000 ? `${Number((metres / 1000).toFixed(2))} km` : `${metres} m`
}

/** A scale bar of a round length under a fifth of the map's width, bottom left. */
function scaleBar(page: Page, metresPerPoint: number) {
  const box = BRIEFING_MAP_BOX
  const metres = niceLength(metresPerPoint * box.width * 0.2)
  const length = metres / metresPerPoint
  const x = box.x + 14
  const y = box.y + box.height - 26
  page.rect({ x: x - 6, y: y - 12, w: length + 56, h: 30 }, { fill: '#ffffff', opacity: 0.85 })
  for (let i = 0; i < 4; i++) {
    page.rect(
      { x: x + (i * length) / 4, y, w: length / 4, h: 5 },
      { fill: i % 2 === 0 ? INK : '#ffffff', stroke: INK },
    )
  }
  page.text('0', x - 2, y - 3, 8, INK, 20)
  page.text(distanceLabel(metres), x + length - 4, y - 3, 8, INK, 60)
}

function northArrow(page: Page, bearing: number) {
  const box = BRIEFING_MAP_BOX
  const cx = box.x + box.width - 30
  const cy = box.y + 34
  const angle = (-bearing * Math.PI) / 180
  const at = (dx: number, dy: number): Point => [
    cx + dx * Math.cos(angle) - dy * Math.sin(angle),
    cy + dx * Math.sin(angle) + dy * Math.cos(angle),
  ]
  page.ops.push({ op: 'circle', x: cx, y: cy, r: 21, fill: '#ffffff', stroke: LINE })
  page.ops.push({ op: 'polygon', points: [at(0, -8), at(-7, 14), at(0, 9)], fill: INK })
  page.ops.push({ op: 'polygon', points: [at(0, -8), at(7, 14), at(0, 9)], fill: '#8a93a3' })
  const [nx, ny] = at(0, -13)
  page.text('N', nx - 4, ny + 3.5, 10, INK, 8, { bold: true, align: 'center' })
}

const KPI_COLUMNS = 5
const KPI_HEIGHT = 44
const KPI_VALUE_SIZE = 14
const KPI_VALUE_MIN_SIZE = 9

function kpis(page: Page, items: Content['kpis']): number {
  const shown = items.slice(0, KPI_COLUMNS * 3)
  const gap = 6
  const w = (SIDE_WIDTH - gap * (KPI_COLUMNS - 1)) / KPI_COLUMNS
  shown.forEach((kpi, i) => {
    const x = SIDE_LEFT + (i % KPI_COLUMNS) * (w + gap)
    const y = BODY_TOP + Math.floor(i / KPI_COLUMNS) * (KPI_HEIGHT + gap)
    page.rect({ x, y, w, h: KPI_HEIGHT }, { fill: CARD })
    page.text(kpi.label, x + 7, y + 14, 8, SOFT, w - 14)
    // a long value (万元/亩) is drawn smaller rather than cut: a figure with "…" for its unit misleads
    let size = KPI_VALUE_SIZE
    while (size > KPI_VALUE_MIN_SIZE && page.measure(kpi.value, size, true) > w - 14) size -= 0.5
    page.text(kpi.value, x + 7, y + 35, size, kpi.alert ? ALERT : INK, w - 14, { bold: true })
  })
  const rows = Math.ceil(shown.length / KPI_COLUMNS)
  return rows > 0 ? BODY_TOP + rows * KPI_HEIGHT + (rows - 1) * gap : BODY_TOP - GAP
}

const CHART_HEIGHT = 150

function charts(page: Page, items: BriefingChart[], top: number): number {
  if (items.length === 0) return top - GAP
  const w = (SIDE_WIDTH - GAP) / 2
  items.forEach((item, i) => {
    const box = {
      x: SIDE_LEFT + (i % 2) * (w + GAP),
      y: top + Math.floor(i / 2) * (CHART_HEIGHT + 10),
      w,
      h: CHART_HEIGHT,
    }
    chart(page, item, box)
  })
  const rows = Math.ceil(items.length / 2)
  return top + rows * CHART_HEIGHT + (rows - 1) * 10
}

/** A round top for an axis: 1, 2, 2.5 or 5 × 10ⁿ at or above the largest value. */
function axisMax(value: number): number {
  if (value <= 0) return 1
  const power = 10 ** Math.floor(Math.log10(value))
  for (const step of [1, 2, 2.5, 5, 10]) if (step * power >= value) return step * power
  return 10 * power
}

const axisLabel = (value: number) => (Number.isInteger(value) ? String(value) : value.toFixed(1))

function chart(page: Page, item: BriefingChart, box: Box) {
  page.rect(box, { stroke: LINE })
  page.text(item.title, box.x + 8, box.y + 14, 9, INK, box.w - 16, { bold: true })
  let top = box.y + 24
  if (item.series.length > 1) {
    // the series' colours, as the dashboard chart's legend
    let x = box.x + 8
    for (const s of item.series) {
      const label = page.fit(s.name, 7, 90)
      const width = page.measure(label, 7, false) + 16
      // a legend wider than the box goes on to a second line rather than drop a series
      if (x + width > box.x + box.w - 8 && x > box.x + 8) {
        x = box.x + 8
        top += 10
      }
      page.rect({ x, y: top - 6, w: 8, h: 6 }, { fill: s.colour })
      page.text(label, x + 11, top, 7, SOFT, width)
      x += width + 4
    }
    top += 8
  }
  const totals = item.categories.map((_, i) => item.series.reduce((n, s) => n + (s.values[i] ?? 0), 0))
  const max = axisMax(Math.max(0, ...totals))
  const colourOf = (category: string, colour: string) => (item.highlight === category ? HIGHLIGHT : colour)
  const n = item.categories.length
  if (n === 0) return
  if (item.horizontal) {
    const labelWidth = Math.min(
      box.w * 0.34,
      Math.max(...item.categories.map((c) => page.measure(c, 7, false))),
    )
    const left = box.x + 8 + labelWidth + 4
    const right = box.x + box.w - 30
    const plotTop = top + 2
    const rowHeight = (box.y + box.h - 8 - plotTop) / n
    const barHeight = Math.min(12, rowHeight * 0.7)
    page.line(
      [
        [left, plotTop],
        [left, box.y + box.h - 8],
      ],
      LINE,
      0.6,
    )
    item.categories.forEach((category, i) => {
      const y = plotTop + i * rowHeight + (rowHeight - barHeight) / 2
      page.text(category, box.x + 8, y + barHeight / 2 + 2.5, 7, INK, labelWidth, { align: 'right' })
      let x = left
      for (const s of item.series) {
        const w = ((s.values[i] ?? 0) / max) * (right - left)
        if (w > 0) page.rect({ x, y, w, h: barHeight }, { fill: colourOf(category, s.colour) })
        x += w
      }
      page.text(axisLabel(Number((totals[i] ?? 0).toFixed(2))), x + 3, y + barHeight / 2 + 2.5, 6.5, SOFT, 27)
    })
    return
  }
  const axisWidth = page.measure(axisLabel(max), 6.5, false) + 4
  const left = box.x + 8 + axisWidth
  const right = box.x + box.w - 8
  const bottom = box.y + box.h - 16
  const plotTop = top + 4
  for (const fraction of [0, 0.5, 1]) {
    const y = bottom - fraction * (bottom - plotTop)
    page.line(
      [
        [left, y],
        [right, y],
      ],
      LINE,
      0.5,
    )
    page.text(axisLabel(max * fraction), box.x + 6, y + 2.5, 6.5, SOFT, axisWidth - 2, { align: 'right' })
  }
  const slot = (right - left) / n
  const barWidth = Math.max(1, slot * 0.65)
  const labelEvery = Math.max(
    1,
    Math.ceil((Math.max(...item.categories.map((c) => page.measure(c, 6.5, false))) + 3) / slot),
  )
  item.categories.forEach((category, i) => {
    const x = left + i * slot + (slot - barWidth) / 2
    let y = bottom
    for (const s of item.series) {
      const h = ((s.values[i] ?? 0) / max) * (bottom - plotTop)
      if (h > 0) page.rect({ x, y: y - h, w: barWidth, h }, { fill: colourOf(category, s.colour) })
      y -= h
    }
    if (i % labelEvery === 0)
      page.text(category, left + i * slot - slot, bottom + 9, 6.5, SOFT, slot * 3, { align: 'center' })
  })
}

const ROW = 13
const LATE_COLUMNS = 2
const LATE_COLUMN_GAP = 14

/**
 * The owners with the most late items, each a heading row and its items, in two columns side by side: an owner
 * goes whole to the next column when it does not fit under the one before. Six owners of 4 items take 3 a column.
 */
function late(page: Page, body: Content, box: Box) {
  const owners = body.late ?? []
  if (owners.length === 0 && !body.headings) return
  page.text(body.headings?.late ?? '', box.x, box.y + 11, 10, INK, box.w, { bold: true })
  const top = box.y + 20
  const bottom = box.y + box.h
  const w = (box.w - LATE_COLUMN_GAP * (LATE_COLUMNS - 1)) / LATE_COLUMNS
  let column = 0
  let y = top
  for (const owner of owners) {
    const height = ROW * (1 + owner.items.length)
    if (y > top && y + height > bottom && column < LATE_COLUMNS - 1) {
      column += 1
      y = top
    }
    if (y + 2 * ROW > bottom) break
    const x = box.x + column * (w + LATE_COLUMN_GAP)
    page.rect({ x, y, w, h: ROW }, { fill: CARD })
    const count = String(owner.count)
    const countWidth = page.text(count, x, y + 9.5, 8.5, ALERT, w - 6, { align: 'right', bold: true })
    page.text(owner.owner, x + 5, y + 9.5, 8.5, INK, w - countWidth - 16, { bold: true })
    y += ROW
    for (const item of owner.items) {
      if (y + ROW > bottom) break
      const detailWidth = page.text(item.detail, x, y + 9.5, 7.5, SOFT, w - 6, { align: 'right' })
      page.text(item.label, x + 10, y + 9.5, 8, INK, w - detailWidth - 22)
      y += ROW
    }
    y += 3
  }
}

const LEGEND_LINE = 11
const LEGEND_SIZE = 7.5
const LEGEND_COLUMN = 150
const LEGEND_PAD = 8
const LEGEND_INSET = 10
// the legend keeps below the north arrow: a longer one takes more columns rather than more height
const LEGEND_MAX_HEIGHT = BRIEFING_MAP_BOX.height - 90

type LegendLine = { group: string } | { item: Content['legend'][number] }

/**
 * The legend on a white card in the map's bottom right corner, in as many columns of 150 pt as keep it under the
 * north arrow (40 entries in 6 groups: 2 columns); a group's heading never ends a column.
 */
function legend(page: Page, body: Content) {
  const lines: LegendLine[] = []
  let group: string | undefined
  for (const item of body.legend) {
    if (item.group && item.group !== group) lines.push({ group: item.group })
    group = item.group
    lines.push({ item })
  }
  const head = 18
  const perColumn = Math.max(2, Math.floor((LEGEND_MAX_HEIGHT - head - 2 * LEGEND_PAD) / LEGEND_LINE))
  const columns: LegendLine[][] = [[]]
  const rows = Math.ceil(lines.length / Math.ceil(lines.length / perColumn))
  for (const [i, line] of lines.entries()) {
    let current = columns[columns.length - 1] ?? []
    const last = current.length === rows - 1 && 'group' in line
    if (current.length >= rows || (last && i < lines.length - 1)) {
      current = []
      columns.push(current)
    }
    current.push(line)
  }
  const tallest = Math.max(...columns.map((c) => c.length))
  const w = columns.length * LEGEND_COLUMN + 2 * LEGEND_PAD
  const h = head + tallest * LEGEND_LINE + 2 * LEGEND_PAD
  const map = BRIEFING_MAP_BOX
  const x = map.x + map.width - LEGEND_INSET - w
  const y = map.y + map.height - LEGEND_INSET - h
  page.rect({ x, y, w, h }, { fill: '#ffffff', stroke: LINE, opacity: 0.92 })
  page.text(body.headings?.legend ?? '', x + LEGEND_PAD, y + LEGEND_PAD + 10, 10, INK, w - 2 * LEGEND_PAD, {
    bold: true,
  })
  columns.forEach((column, c) => {
    const left = x + LEGEND_PAD + c * LEGEND_COLUMN
    column.forEach((line, r) => {
      const top = y + LEGEND_PAD + head + r * LEGEND_LINE
      const baseline = top + LEGEND_LINE * 0.75
      if ('group' in line) {
        page.text(line.group, left, baseline, LEGEND_SIZE, SOFT, LEGEND_COLUMN - 8, { bold: true })
        return
      }
      const item = line.item
      const middle = top + LEGEND_LINE / 2
      const swatch = { x: left + 2, y: middle - 3.5, w: 14, h: 7 }
      if (item.shape === 'circle')
        page.ops.push({ op: 'circle', x: swatch.x + 7, y: middle, r: 3.5, fill: item.colour })
      else if (item.shape === 'line' || item.shape === 'dashed')
        page.line(
          [
            [swatch.x, middle],
            [swatch.x + swatch.w, middle],
          ],
          item.colour,
          3,
          item.shape === 'dashed' ? 3 : undefined,
        )
      else page.rect(swatch, { fill: item.colour, ...(item.faded ? { opacity: 0.35 } : {}) })
      page.text(item.label, left + 22, baseline, LEGEND_SIZE, INK, LEGEND_COLUMN - 30)
    })
  })
}
