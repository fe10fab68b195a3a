import { describe, expect, it } from 'vitest'
import { type BriefingOp, layoutBriefing, type MeasureText } from '../../../server/domain/briefing-layout'

// a font's widths, roughly: an ideograph is 1 em, anything else 0.55 em (bold no wider)
const measure: MeasureText = (text, size) =>
  [...text].reduce((w, c) => w + (/[\u3000-\u9fff\uff00-\uffef]/.test(c) ? 1 : 0.55) * size, 0)

const texts = (ops: BriefingOp[]) => ops.flatMap((op) => (op.op === 'text' ? [op] : []))
const rects = (ops: BriefingOp[]) => ops.flatMap((op) => (op.op === 'rect' ? [op] : []))

type Box = { left: number; top: number; right: number; bottom: number }
/** A text's ink box: the font's ascent about 0.8 em above the baseline, its descent 0.2 em below. */
const inkBox = (op: Extract<BriefingOp, { op: 'text' }>): Box => ({
  left: op.x,
  top: op.y - 0.8 * op.size,
  right: op.x + measure(op.text, op.size, op.bold ?? false),
  bottom: op.y + 0.2 * op.size,
})
const overlap = (a: Box, b: Box) =>
  a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom

// a full page: 15 KPI cards (3 rows), 4 charts, 6 owners of 4 late items each, a legend of 40 entries in 5 groups
const OWNERS = ['自然资源局', '住房和城乡建设局', '生态环境分局', '交通运输局', '供电公司', '水务集团']
const fullPage = {
  title: '示范园区挂图作战简报',
  subtitle: '统计期间 2026-01-01 至 2026-11-28 · 产业：汽车智装',
  date: '2026-11-28',
  stamp: '数据截至 2026-11-28 10:30',
  kpis: Array.from({ length: 15 }, (_, i) => ({ label: `指标 ${i + 1}`, value: `${i * 7} 个` })),
  charts: [
    {
      title: '签约金额（按月）',
      categories: Array.from({ length: 11 }, (_, i) => `2026-${String(i + 1).padStart(2, '0')}`),
      series: [{ name: '签约金额', colour: '#1f6fc5', values: [3, 5, 0, 8, 2, 9, 4, 1, 6, 7, 2] }],
    },
    {
      title: '签约金额（按产业）',
      horizontal: true,
      categories: ['汽车智装', '光电信息', '生物医药', '新材料', '现代服务', '高端装备', '食品', '其他'],
      series: [{ name: '签约金额', colour: '#1f6fc5', values: [20, 15, 12, 9, 7, 5, 2, 1] }],
    },
    {
      title: '可供地面积（按月）',
      categories: ['2026-12', '2027-01', '2027-02', '2027-03'],
      series: [{ name: '可供地', colour: '#3fae6a', values: [120, 80, 45, 60] }],
    },
    {
      title: '滞后事项（按责任单位）',
      horizontal: true,
      categories: OWNERS,
      series: ['#d62f2f', '#f08c1a', '#7b3fa0', '#1f6fc5', '#8a5a00'].map((colour, k) => ({
        name: ['滞后节点', '逾期难点', '滞后设施', '滞后跟进', '违约承诺'][k] ?? '',
        colour,
        values: [6, 5, 4, 4, 3, 2],
      })),
    },
  ],
  late: OWNERS.map((owner, o) => ({
    owner,
    count: 20 - o,
    items: [0, 1, 2, 3].map((i) => ({
      label: `地块 K-${o}${i} 交地`,
      detail: `2026-0${i + 1}-15 · 滞后 ${300 - 10 * i} 天`,
    })),
  })),
  headings: { legend: '图例', late: '滞后事项（按责任单位）' },
  legend: Array.from({ length: 40 }, (_, i) => ({
    label: `图例项 ${i + 1}`,
    colour: '#2e7d32',
    group: ['地块供地进度', '项目阶段', '基础设施', '标准地', '督办'][Math.floor(i / 8)],
    ...(i % 8 === 7 ? { shape: 'line' as const } : {}),
  })),
  map_scale: { metres_per_pixel: 2.4, bearing: 0 },
}

describe('layoutBriefing', () => {
  it('draws a long KPI value whole in a smaller size instead of cutting its unit, a short one at full size', () => {
    const ops = layoutBriefing(
      {
        title: '简报',
        date: '2026-11-28',
        kpis: [
          { label: '签约项目', value: '5 个' },
          { label: '亩均税收 2025', value: '20.17 万元/亩' },
        ],
        legend: [],
      },
      measure,
      640,
    )
    const short = texts(ops).find((op) => op.text === '5 个')
    expect(short?.size).toBe(14)
    const long = texts(ops).find((op) => op.text.startsWith('20.17'))
    expect(long?.text).toBe('20.17 万元/亩')
    // 6 × 0.55 + 3 + 0.55 = 6.85 em in a card 76.9 pt wide inside: 11 pt fits (75.35), 11.5 does not (78.8)
    expect(long?.size).toBe(11)
  })

  it('lists 6 owners with their 4 late items each beside a legend of 40 entries, all on the page and none over another', () => {
    const ops = layoutBriefing(fullPage, measure, 1280)
    const drawn = texts(ops)
    const shown = new Set(drawn.map((op) => op.text))
    // every owner, its count and each of its items, whole (none cut with "…")
    for (const owner of fullPage.late) {
      expect(shown.has(owner.owner)).toBe(true)
      for (const item of owner.items) {
        expect(shown.has(item.label)).toBe(true)
        expect(shown.has(item.detail)).toBe(true)
      }
    }
    // the owners' counts, in red
    expect(drawn.filter((op) => op.colour === '#c62828').map((op) => op.text)).toEqual([
      '20',
      '19',
      '18',
      '17',
      '16',
      '15',
    ])
    // and every legend entry
    for (const entry of fullPage.legend) expect(shown.has(entry.label)).toBe(true)

    // on the A3 page (1190.55 × 841.89 pt), inside its 28 pt margins
    for (const op of drawn) {
      const box = inkBox(op)
      expect(box.left).toBeGreaterThanOrEqual(28)
      expect(box.right).toBeLessThanOrEqual(1190.55 - 28)
      expect(box.top).toBeGreaterThanOrEqual(28)
      expect(box.bottom).toBeLessThanOrEqual(841.89 - 28 + 2)
    }
    // no text over another
    const boxes = drawn.map(inkBox)
    const clashes = boxes.flatMap((a, i) =>
      boxes.slice(i + 1).flatMap((b, j) => (overlap(a, b) ? [[drawn[i]?.text, drawn[i + 1 + j]?.text]] : [])),
    )
    expect(clashes).toEqual([])
    // the owners' rows (grey cards) are under the charts, over nothing else grey (the KPI cards)
    const cards = rects(ops).filter((r) => r.fill === '#f3f5f9')
    const cardBoxes = cards.map((r) => ({ left: r.x, top: r.y, right: r.x + r.w, bottom: r.y + r.h }))
    expect(cardBoxes.flatMap((a, i) => cardBoxes.slice(i + 1).filter((b) => overlap(a, b)))).toEqual([])
    const lowestChart = Math.max(
      ...rects(ops)
        .filter((r) => r.stroke && r.w > 200 && r.h === 150)
        .map((r) => r.y + r.h),
    )
    const ownerRows = cards.filter((r) => r.h === 13)
    expect(ownerRows).toHaveLength(6)
    for (const row of ownerRows) expect(row.y).toBeGreaterThan(lowestChart)
    // the legend's card is inside the map frame (28, 90, 640 × 707.89), below the north arrow's disc (to 145)
    const card = rects(ops).find((r) => r.fill === '#ffffff' && r.w > 150)
    expect(card).toBeDefined()
    if (!card) return
    expect(card.x).toBeGreaterThanOrEqual(28)
    expect(card.x + card.w).toBeLessThanOrEqual(28 + 640)
    expect(card.y).toBeGreaterThan(145)
    expect(card.y + card.h).toBeLessThanOrEqual(90 + 707.89)
  })
})
