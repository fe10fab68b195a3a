import { describe, expect, it } from 'vitest'
import { m2ToMu, muToM2, wanToYi, zoneToday } from '../../../server/domain/units'

describe('units', () => {
  it('converts m² to mu at 10000/15 m² per mu', () => {
    expect(m2ToMu(28750)).toBeCloseTo(43.125, 10)
    expect(m2ToMu(9600)).toBeCloseTo(14.4, 10)
    expect(muToM2(15)).toBeCloseTo(10000, 10)
  })
  it('shows 万元 as 亿元 with two decimals', () => {
    expect(wanToYi(954300)).toBe(95.43)
    expect(wanToYi(100000)).toBe(10)
    expect(wanToYi(12345)).toBe(1.23)
  })
  it('takes today in Asia/Shanghai, not UTC', () => {
    // 2026-04-30 20:00 UTC is already 1 May in the zone
    expect(zoneToday(new Date('2026-04-30T20:00:00Z'))).toBe('2026-05-01')
    expect(zoneToday(new Date('2026-04-30T15:59:00Z'))).toBe('2026-04-30')
  })
})
