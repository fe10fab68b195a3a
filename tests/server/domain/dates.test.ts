import { describe, expect, it } from 'vitest'
import { addDays, daysBetween, isIsoDate } from '../../../server/domain/dates'

describe('dates', () => {
  it('adds days across month ends and leap days', () => {
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29')
    expect(addDays('2026-02-28', 1)).toBe('2026-03-01')
    expect(daysBetween('2026-01-01', '2026-12-31')).toBe(364)
  })
  it('rejects dates that do not exist', () => {
    expect(isIsoDate('2026-02-30')).toBe(false)
    expect(isIsoDate('2026-2-3')).toBe(false)
    expect(isIsoDate('2026-02-28')).toBe(true)
  })
})
