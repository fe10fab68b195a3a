import { describe, expect, it } from 'vitest'
import { addDays, addWorkingDays, daysBetween, isWorkingDay } from '../../../server/domain/dates'
import {
  checkMilestoneDates,
  DEFAULT_MILESTONE_DURATIONS,
  scheduleBackwards,
} from '../../../server/domain/milestones'
import { MILESTONE_KINDS } from '../../../server/domain/vocabulary'

describe('working days', () => {
  it('skips weekends both ways', () => {
    expect(isWorkingDay('2026-11-28')).toBe(false) // Saturday
    expect(addWorkingDays('2026-11-27', 1)).toBe('2026-11-30')
    expect(addWorkingDays('2026-11-30', -1)).toBe('2026-11-27')
    expect(addWorkingDays('2026-11-30', 10)).toBe('2026-12-14')
  })
})

describe('scheduleBackwards', () => {
  it('chains every milestone finish-to-start and ends on the target', () => {
    const s = scheduleBackwards('2027-06-30', DEFAULT_MILESTONE_DURATIONS)
    expect(s.map((m) => m.kind)).toEqual([...MILESTONE_KINDS])
    expect(s.at(-1)?.planned_on).toBe('2027-06-30')
    expect(s.at(-1)?.start_on).toBe('2027-05-31')
    for (let i = 1; i < s.length; i++) expect(s[i]?.start_on).toBe(s[i - 1]?.planned_on)
  })

  it('gives the listing at least 20 days of announcement and 10 working days of listing', () => {
    const s = scheduleBackwards('2027-06-30', { ...DEFAULT_MILESTONE_DURATIONS, listing: 5 })
    const listing = s.find((m) => m.kind === 'listing')
    expect(listing?.adjusted).toMatch(/20 days/)
    // the listing finishes on Sunday 2027-05-16: 10 working days back is Monday 05-03, then 20 days
    expect(listing?.planned_on).toBe('2027-05-16')
    expect(listing?.start_on).toBe(addDays(addWorkingDays('2027-05-16', -10), -20))
    expect(listing?.start_on).toBe('2027-04-13')
    expect(daysBetween(listing?.start_on ?? '', listing?.planned_on ?? '')).toBe(33)
    const longer = scheduleBackwards('2027-06-30', { ...DEFAULT_MILESTONE_DURATIONS, listing: 60 })
    expect(longer.find((m) => m.kind === 'listing')?.duration_days).toBe(60)
    expect(longer.find((m) => m.kind === 'listing')?.adjusted).toBeNull()
  })
})

describe('checkMilestoneDates', () => {
  const done = [
    { kind: 'acquisition' as const, actual_on: '2026-03-01', planned_on: '2026-03-01' },
    { kind: 'leveling' as const, actual_on: null, planned_on: '2026-09-01' },
  ]
  it('refuses an actual date in the future', () => {
    const r = checkMilestoneDates(
      'clearance',
      { actual_on: '2026-12-01', planned_on: null },
      done,
      '2026-11-28',
    )
    expect(r).toMatchObject({ ok: false })
  })
  it('refuses a finish before an earlier milestone finished, and a plan after a later one', () => {
    expect(
      checkMilestoneDates('clearance', { actual_on: '2026-02-01', planned_on: null }, done, '2026-11-28').ok,
    ).toBe(false)
    expect(
      checkMilestoneDates('clearance', { actual_on: null, planned_on: '2026-10-01' }, done, '2026-11-28').ok,
    ).toBe(false)
    expect(
      checkMilestoneDates(
        'clearance',
        { actual_on: '2026-04-01', planned_on: '2026-05-01' },
        done,
        '2026-11-28',
      ).ok,
    ).toBe(true)
  })
})
