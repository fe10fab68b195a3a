import { describe, expect, it } from 'vitest'
import { groupRejections, type ReportedRow } from '../../../../server/domain/import/rejection-groups'

const noLandUse = (index: number): ReportedRow => ({
  index,
  code: `FR-${index}`,
  reason: '新地块没有用地性质：请映射用地性质字段或选择默认用地性质',
  reason_key: 'import.no_land_use',
  reason_params: {},
})

describe('groupRejections', () => {
  it('makes 4,241 rows refused for one reason one group with its count and the first five rows', () => {
    const rows = Array.from({ length: 4241 }, (_, i) => noLandUse(i))
    const groups = groupRejections(rows, 'zh-CN')
    expect(groups).toHaveLength(1)
    expect(groups[0]).toEqual({
      reason_key: 'import.no_land_use',
      reason: '新地块没有用地性质：请映射用地性质字段或选择默认用地性质',
      count: 4241,
      rows: [noLandUse(0), noLandUse(1), noLandUse(2), noLandUse(3), noLandUse(4)],
    })
  })

  it('groups overlaps with different parcels under one reason with "…" for what differs, largest group first', () => {
    const overlap = (index: number, codes: string): ReportedRow => ({
      index,
      code: `IMP-${index}`,
      reason: `与地块 ${codes} 重叠`,
      reason_key: 'import.overlaps_parcel',
      reason_params: { codes },
    })
    const unknown: ReportedRow = { index: 9, code: null, reason: 'something the catalogue does not know' }
    const groups = groupRejections([overlap(0, 'A-1'), unknown, overlap(3, 'B-2'), noLandUse(5)], 'zh-CN', 1)
    expect(groups).toEqual([
      { reason_key: 'import.overlaps_parcel', reason: '与地块 … 重叠', count: 2, rows: [overlap(0, 'A-1')] },
      {
        reason_key: 'import.no_land_use',
        reason: '新地块没有用地性质：请映射用地性质字段或选择默认用地性质',
        count: 1,
        rows: [noLandUse(5)],
      },
      { reason_key: null, reason: 'something the catalogue does not know', count: 1, rows: [unknown] },
    ])
    expect(groupRejections([overlap(0, 'A-1'), overlap(3, 'B-2')], 'en')[0]?.reason).toBe('overlaps parcel …')
  })

  it('keeps different GEOS reasons apart and the same one at different points together', () => {
    const invalid = (index: number, en: string, zh: string): ReportedRow => ({
      index,
      code: `G-${index}`,
      reason: `几何无效：${zh}`,
      reason_key: 'geometry.invalid',
      reason_params: { reason: { 'zh-CN': zh, en } },
    })
    const groups = groupRejections(
      [
        invalid(0, 'Self-intersection[1 2]', '自相交（位置 1 2）'),
        invalid(1, 'Self-intersection[3 4]', '自相交（位置 3 4）'),
        invalid(2, 'Too few points[5 6]', '点数过少（位置 5 6）'),
      ],
      'zh-CN',
    )
    expect(groups.map((g) => [g.reason, g.count])).toEqual([
      ['几何无效：…', 2],
      ['几何无效：点数过少（位置 5 6）', 1],
    ])
  })
})
