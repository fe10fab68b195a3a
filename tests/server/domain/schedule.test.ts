import { describe, expect, it } from 'vitest'
import { addDays, daysBetween, isIsoDate } from '../../../server/domain/dates'
import { forecastParcel, type MilestoneDates } from '../../../server/domain/schedule'
import { MILESTONE_KINDS } from '../../../server/domain/vocabulary'

function plan(start: string, stepDays: number, doneCount = 0, delayDays = 0): MilestoneDates[] {
  return MILESTONE_KINDS.map((kind, i) => {
    const planned = addDays(start, i * stepDays)
    return { kind, planned_on: planned, actual_on: i < doneCount ? addDays(planned, delayDays) : null }
  })
}

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

describe('forecastParcel', () => {
  it('is on track when every milestone is ahead of today and the target has slack', () => {
    const f = forecastParcel(plan('2027-01-01', 30), '2027-12-31', '2026-11-28')
    expect(f.readiness).toBe('on_track')
    expect(f.available_on).toBe(addDays('2027-01-01', 7 * 30))
  })

  it('pushes every later milestone by the delay of an overdue one and calls the parcel late', () => {
    // acquisition planned 2026-11-01 is not done on 2026-11-28: 27 days late
    const f = forecastParcel(plan('2026-11-01', 30), addDays('2026-11-01', 7 * 30), '2026-11-28')
    expect(f.milestones[0]?.status).toBe('late')
    expect(f.milestones[1]?.forecast_on).toBe(addDays('2026-12-01', 27))
    expect(f.available_on).toBe(addDays('2026-11-01', 7 * 30 + 27))
    expect(f.readiness).toBe('late')
  })

  it('carries the delay of a milestone done late to the ones after it', () => {
    const f = forecastParcel(plan('2026-01-01', 30, 2, 10), '2026-12-31', '2026-02-15')
    expect(f.milestones[2]?.forecast_on).toBe(addDays('2026-03-02', 10))
  })

  it('is at risk when the forecast falls within the margin before the target', () => {
    const f = forecastParcel(plan('2027-01-01', 30), addDays('2027-01-01', 7 * 30 + 10), '2026-11-28', 30)
    expect(f.readiness).toBe('at_risk')
  })

  it('is done when every milestone has an actual date', () => {
    const f = forecastParcel(plan('2025-01-01', 20, 8), '2025-12-31', '2026-11-28')
    expect(f.readiness).toBe('done')
    expect(f.available_on).toBe(addDays('2025-01-01', 7 * 20))
  })

  it('gives the target and no readiness when nothing is planned', () => {
    expect(forecastParcel([], '2027-06-30', '2026-11-28')).toEqual({
      milestones: [],
      available_on: '2027-06-30',
      readiness: null,
    })
  })
})
