import { describe, expect, it } from 'vitest'
import { checkBackwardSchedule, forecastLand, type PlannedMilestone } from '../../../server/domain/forecast'
import { DEFAULT_MILESTONE_DURATIONS, scheduleBackwards } from '../../../server/domain/milestones'
import { MILESTONE_KINDS } from '../../../server/domain/vocabulary'

// Every expected date below is worked out by hand (calendar and weekdays checked against a calendar), not with
// the functions under test. 2027-01-01 is a Friday.

/** The eight milestones with these planned dates and actuals, in order. */
function milestones(planned: string[], actual: (string | null)[] = []): PlannedMilestone[] {
  return MILESTONE_KINDS.map((kind, i) => ({
    kind,
    planned_on: planned[i] ?? null,
    actual_on: actual[i] ?? null,
  }))
}

const PLAN = [
  '2026-11-01',
  '2026-12-01',
  '2027-01-01',
  '2027-02-01',
  '2027-03-01',
  '2027-04-15',
  '2027-05-01',
  '2027-06-01',
]

describe('forecastLand', () => {
  it('pushes every later milestone by the delay of a late one and calls the parcel late', () => {
    const f = forecastLand({
      milestones: milestones(PLAN),
      target_on: '2027-06-01',
      handed_over: false,
      today: '2026-11-28',
      margin_days: 30,
    })
    expect(f.milestones.map((m) => m.forecast_on)).toEqual([
      '2026-11-28',
      '2026-12-28',
      '2027-01-28',
      '2027-02-28',
      '2027-03-28',
      '2027-05-12',
      '2027-05-28',
      '2027-06-28',
    ])
    expect(f.milestones[0]?.status).toBe('late')
    expect(f.milestones[1]?.status).toBe('pending')
    expect(f.ready_on).toBe('2027-03-28')
    expect(f.handover_on).toBe('2027-06-28')
    expect(f.readiness).toBe('late')
    expect(f.critical).toBe('acquisition')
    expect(f.depends_on_today).toBe(true)
  })

  it('keeps the listing statutory 20 days and 10 working days across weekends, and calls a slip within the target at risk', () => {
    // planning conditions done Friday 2027-01-08; +20 days → Thursday 01-28; 10 working days → Thursday 02-11
    const f = forecastLand({
      milestones: milestones(
        [
          '2026-09-01',
          '2026-10-01',
          '2026-11-01',
          '2026-12-01',
          '2027-01-08',
          '2027-01-20',
          '2027-02-01',
          '2027-03-01',
        ],
        ['2026-09-01', '2026-10-01', '2026-11-01', '2026-12-01', '2027-01-08'],
      ),
      target_on: '2027-04-30',
      handed_over: false,
      today: '2027-01-10',
      margin_days: 30,
    })
    expect(f.milestones.slice(5).map((m) => m.forecast_on)).toEqual([
      '2027-02-11',
      '2027-02-23',
      '2027-03-23',
    ])
    expect(f.ready_on).toBe('2027-01-08')
    expect(f.handover_on).toBe('2027-03-23')
    expect(f.readiness).toBe('at_risk')
    expect(f.critical).toBe('listing')
  })

  it('holds servicing back until the infrastructure serving the parcel is finished', () => {
    const f = forecastLand({
      milestones: milestones(PLAN, ['2026-11-01', '2026-12-01', '2027-01-01']),
      target_on: '2027-07-31',
      handed_over: false,
      today: '2027-01-05',
      margin_days: 30,
      floors: { servicing: '2027-03-15' },
    })
    // servicing 2027-02-01 → 03-15 (+42 days); planning conditions 2027-03-01 + 42 → 04-12
    expect(f.milestones[3]?.forecast_on).toBe('2027-03-15')
    expect(f.ready_on).toBe('2027-04-12')
    expect(f.handover_on).toBe('2027-07-13')
    expect(f.readiness).toBe('at_risk')
    expect(f.critical).toBe('servicing')
  })

  it('calls a parcel handed over done, never late, whatever its milestones say', () => {
    const f = forecastLand({
      milestones: milestones(PLAN),
      target_on: '2027-01-01',
      handed_over: true,
      today: '2027-06-30',
      margin_days: 30,
    })
    expect(f.readiness).toBe('done')
    expect(f.depends_on_today).toBe(false)
    expect(f.critical).toBeNull()
  })

  it('calls a plan scheduled backwards from a reachable target on plan, with the forecast on the target', () => {
    const schedule = scheduleBackwards('2028-06-30', DEFAULT_MILESTONE_DURATIONS)
    const f = forecastLand({
      milestones: milestones(schedule.map((s) => s.planned_on)),
      target_on: '2028-06-30',
      handed_over: false,
      today: '2026-12-04',
      margin_days: 30,
    })
    expect(f.readiness).toBe('on_track')
    expect(f.handover_on).toBe('2028-06-30')
  })

  it('calls a milestone due within the margin while the one before it is not done at risk', () => {
    const planned = [
      '2026-12-14',
      '2026-12-29',
      '2027-02-01',
      '2027-03-01',
      '2027-04-01',
      '2027-05-15',
      '2027-06-01',
      '2027-07-01',
    ]
    const input = {
      milestones: milestones(planned),
      target_on: '2027-07-01',
      handed_over: false,
      today: '2026-12-04',
    }
    // clearance is due on 12-29, 25 days from today, and acquisition is not done
    expect(forecastLand({ ...input, margin_days: 30 }).readiness).toBe('at_risk')
    expect(forecastLand({ ...input, margin_days: 20 }).readiness).toBe('on_track')
  })

  it('gives the target and no readiness when nothing is planned', () => {
    const f = forecastLand({
      milestones: [],
      target_on: '2027-06-30',
      handed_over: false,
      today: '2026-11-28',
      margin_days: 30,
    })
    expect(f).toMatchObject({ handover_on: '2027-06-30', ready_on: null, readiness: null, critical: null })
  })
})

describe('checkBackwardSchedule', () => {
  it('lists the milestones whose latest start is past and proposes the earliest target still possible', () => {
    const schedule = scheduleBackwards('2027-09-30', DEFAULT_MILESTONE_DURATIONS)
    const check = checkBackwardSchedule(
      '2027-09-30',
      schedule,
      milestones([]),
      DEFAULT_MILESTONE_DURATIONS,
      '2026-12-04',
    )
    expect(check.past).toEqual([
      { kind: 'acquisition', start_on: '2026-08-31' },
      { kind: 'clearance', start_on: '2026-11-29' },
    ])
    // from today: 收储 +90 → 2027-03-04, 清表 +60 → 05-03, 平整 +45 → 06-17, 七通一平 +90 → 09-15,
    // 规划条件 +30 → 10-15, 挂牌 +35 → 11-19 (statutory would end 11-18), 成交 +15 → 12-04, 交地 +30 → 2028-01-03
    expect(check.earliest_target).toBe('2028-01-03')
    expect(check.feasible).toBe(false)
  })

  it('starts from the actuals of the milestones done and finds the earliest target feasible', () => {
    const done = milestones([], ['2026-09-01', '2026-11-20'])
    const check = checkBackwardSchedule(
      '2028-06-30',
      scheduleBackwards('2028-06-30', DEFAULT_MILESTONE_DURATIONS),
      done,
      DEFAULT_MILESTONE_DURATIONS,
      '2026-12-04',
    )
    // leveling from today 2026-12-04 +45 → 2027-01-18, +90 → 04-18, +30 → 05-18, listing +35 → 06-22,
    // +15 → 07-07, +30 → 2027-08-06
    expect(check.earliest_target).toBe('2027-08-06')
    expect(check.past).toEqual([])
    expect(check.feasible).toBe(true)
    const atEarliest = checkBackwardSchedule(
      '2027-08-06',
      scheduleBackwards('2027-08-06', DEFAULT_MILESTONE_DURATIONS),
      done,
      DEFAULT_MILESTONE_DURATIONS,
      '2026-12-04',
    )
    expect(atEarliest.feasible).toBe(true)
  })
})
