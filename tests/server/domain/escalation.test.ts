import { describe, expect, it } from 'vitest'
import {
  DEFAULT_ESCALATION_THRESHOLDS,
  daysLate,
  EscalationThresholds,
  escalationLag,
  escalationLevel,
} from '../../../server/domain/escalation'

const TODAY = '2026-11-28'

// Every expected value below is counted by hand on the calendar (defaults: yellow 30 days or 10 points, red 90 days
// or more than 30 points).
const CASES: {
  name: string
  item: { due_on: string; start_on?: string | null; progress_pct?: number | null }
  today?: string
  days: number
  lag: number
  level: 'normal' | 'yellow' | 'red'
}[] = [
  {
    name: 'a year-long item 8 days late: 8 × 100 / 323 = 2.5 points',
    item: { due_on: '2026-11-20', start_on: '2026-01-01' },
    days: 8,
    lag: 800 / 323,
    level: 'normal',
  },
  { name: 'no start, 29 days late', item: { due_on: '2026-10-30' }, days: 29, lag: 0, level: 'normal' },
  { name: 'no start, 30 days late', item: { due_on: '2026-10-29' }, days: 30, lag: 0, level: 'yellow' },
  { name: 'no start, 89 days late', item: { due_on: '2026-08-31' }, days: 89, lag: 0, level: 'yellow' },
  { name: 'no start, 90 days late', item: { due_on: '2026-08-30' }, days: 90, lag: 0, level: 'red' },
  {
    name: 'a 30-day milestone 2 days late: 6.7 points',
    item: { due_on: '2026-10-31', start_on: '2026-10-01' },
    today: '2026-11-02',
    days: 2,
    lag: 200 / 30,
    level: 'normal',
  },
  {
    name: 'a 30-day milestone 3 days late: 10 points',
    item: { due_on: '2026-10-31', start_on: '2026-10-01' },
    today: '2026-11-03',
    days: 3,
    lag: 10,
    level: 'yellow',
  },
  {
    name: 'a 30-day milestone 10 days late: 33.3 points',
    item: { due_on: '2026-10-31', start_on: '2026-10-01' },
    today: '2026-11-10',
    days: 10,
    lag: 1000 / 30,
    level: 'red',
  },
  {
    name: 'a 40-day milestone 12 days late: 30 points, not above 30',
    item: { due_on: '2026-11-10', start_on: '2026-10-01' },
    today: '2026-11-22',
    days: 12,
    lag: 30,
    level: 'yellow',
  },
  {
    name: 'a line 331 of 364 days through (90.9 %) and 80 % built: 10.9 points behind, not yet due',
    item: { due_on: '2026-12-31', start_on: '2026-01-01', progress_pct: 80 },
    days: 0,
    lag: 33100 / 364 - 80,
    level: 'yellow',
  },
  {
    name: 'the same line 85 % built: 5.9 points behind',
    item: { due_on: '2026-12-31', start_on: '2026-01-01', progress_pct: 85 },
    days: 0,
    lag: 33100 / 364 - 85,
    level: 'normal',
  },
  {
    name: 'the same line 60 % built: 30.9 points behind',
    item: { due_on: '2026-12-31', start_on: '2026-01-01', progress_pct: 60 },
    days: 0,
    lag: 33100 / 364 - 60,
    level: 'red',
  },
  {
    name: 'a line not started yet: nothing elapsed',
    item: { due_on: '2027-06-30', start_on: '2026-12-01', progress_pct: 0 },
    days: 0,
    lag: 0,
    level: 'normal',
  },
  {
    name: 'a line 27 days past its finish, 95 % built: the whole time elapsed, 5 points',
    item: { due_on: '2026-11-01', start_on: '2026-01-01', progress_pct: 95 },
    days: 27,
    lag: 5,
    level: 'normal',
  },
  {
    name: 'the same line 89 % built: 11 points',
    item: { due_on: '2026-11-01', start_on: '2026-01-01', progress_pct: 89 },
    days: 27,
    lag: 11,
    level: 'yellow',
  },
  {
    name: 'a start after the due date counts no duration',
    item: { due_on: '2026-11-01', start_on: '2026-11-05' },
    days: 27,
    lag: 0,
    level: 'normal',
  },
]

describe('escalationLevel', () => {
  it.each(CASES)('$name → $level', ({ item, today, days, lag, level }) => {
    const on = today ?? TODAY
    expect(daysLate(item, on)).toBe(days)
    expect(escalationLag(item, on)).toBeCloseTo(lag, 9)
    expect(escalationLevel(item, on)).toBe(level)
  })

  it('follows the zone thresholds an admin set', () => {
    const strict = { yellow_days: 7, red_days: 14, yellow_lag_pct: 5, red_lag_pct: 20 }
    expect(escalationLevel({ due_on: '2026-11-21' }, TODAY, strict)).toBe('yellow')
    expect(escalationLevel({ due_on: '2026-11-14' }, TODAY, strict)).toBe('red')
    expect(escalationLevel({ due_on: '2026-11-22' }, TODAY, strict)).toBe('normal')
    expect(escalationLevel({ due_on: '2026-11-20', start_on: '2026-01-01' }, TODAY, strict)).toBe('yellow')
  })

  it('has the defaults the README gives', () => {
    expect(DEFAULT_ESCALATION_THRESHOLDS).toEqual({
      yellow_days: 30,
      red_days: 90,
      yellow_lag_pct: 10,
      red_lag_pct: 30,
    })
  })

  it('refuses thresholds with yellow above red', () => {
    expect(
      EscalationThresholds.safeParse({ ...DEFAULT_ESCALATION_THRESHOLDS, yellow_days: 91 }).success,
    ).toBe(false)
    expect(EscalationThresholds.safeParse(DEFAULT_ESCALATION_THRESHOLDS).success).toBe(true)
  })
})
