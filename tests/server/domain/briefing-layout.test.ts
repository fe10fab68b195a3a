import { describe, expect, it } from 'vitest'
import { type BriefingOp, layoutBriefing, type MeasureText } from '../../../server/domain/briefing-layout'

// a font's widths, roughly: an ideograph is 1 em, anything else 0.55 em (bold no wider)
const measure: MeasureText = (text, size) =>
  [...text].reduce((w, c) => w + (/[\u3000-\u9fff\uff00-\uffef]/.test(c) ? 1 : 0.55) * size, 0)

const texts = (ops: BriefingOp[]) => ops.flatMap((op) => (op.op === 'text' ? [op] : []))

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
})
