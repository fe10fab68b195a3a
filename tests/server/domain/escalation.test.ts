import { describe, expect, it } from 'vitest'
import {
  DEFAULT_ESCALATION_THRESHOLDS,
  daysLate,
  EscalationThresholds,
  escalationLag,
  escalationLevel,
} from '../../../server/domain/escalation'
import { ESCALATION_CASES, STRICT_CASES, STRICT_THRESHOLDS, TODAY } from '../../fixtures/escalation-cases'

describe('escalationLevel', () => {
  it.each(ESCALATION_CASES)('$name → $level', ({ item, today, days, lag, level }) => {
    const on = today ?? TODAY
    expect(daysLate(item, on)).toBe(days)
    expect(escalationLag(item, on)).toBeCloseTo(lag, 9)
    expect(escalationLevel(item, on)).toBe(level)
  })

  it.each(STRICT_CASES)(
    'under the thresholds an admin set (7/14 days, 5/20 points): $name → $level',
    ({ item, level }) => {
      expect(escalationLevel(item, TODAY, STRICT_THRESHOLDS)).toBe(level)
    },
  )

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
