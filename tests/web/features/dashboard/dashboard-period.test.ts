import { describe, expect, it } from 'vitest'
import { periodOf, presetOf } from '../../../../web/features/dashboard/dashboard-period'

describe('periodOf', () => {
  it('gives this year to date, Jan–Apr, the calendar year and the last 12 months in December', () => {
    expect(periodOf('ytd', '2026-12-15')).toEqual({ from: '2026-01-01', to: '2026-12-15' })
    expect(periodOf('janApr', '2026-12-15')).toEqual({ from: '2026-01-01', to: '2026-04-30' })
    expect(periodOf('year', '2026-12-15')).toEqual({ from: '2026-01-01', to: '2026-12-31' })
    expect(periodOf('last12', '2026-12-15')).toEqual({ from: '2025-12-16', to: '2026-12-15' })
  })

  it('moves with the year: on 1 January this year to date is that one day', () => {
    expect(periodOf('ytd', '2027-01-01')).toEqual({ from: '2027-01-01', to: '2027-01-01' })
    expect(periodOf('last12', '2028-02-29')).toEqual({ from: '2027-03-01', to: '2028-02-29' })
  })
})

describe('presetOf', () => {
  it('names the preset a period is, and none for dates typed by hand', () => {
    expect(presetOf({ from: '2026-01-01', to: '2026-11-28' }, '2026-11-28')).toBe('ytd')
    expect(presetOf({ from: '2026-01-01', to: '2026-04-30' }, '2026-11-28')).toBe('janApr')
    expect(presetOf({ from: '2026-02-01', to: '2026-04-30' }, '2026-11-28')).toBeNull()
  })
})
