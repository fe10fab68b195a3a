import { describe, expect, it } from 'vitest'
import { landDates } from '../../../../web/features/parcels/land-dates'

const planned = [
  { kind: 'acquisition' as const, planned_on: '2026-01-10', actual_on: '2026-01-20' },
  { kind: 'planning_conditions' as const, planned_on: '2026-05-01', actual_on: null },
  { kind: 'listing' as const, planned_on: '2026-06-15', actual_on: null },
  { kind: 'handover' as const, planned_on: '2026-09-30', actual_on: null },
]

describe('landDates', () => {
  it('takes the plans from planning conditions and hand-over, the forecasts from ready_on and handover_on', () => {
    expect(landDates({ ready_on: '2026-06-01', handover_on: '2026-10-31' }, planned)).toEqual({
      ready: { plan: '2026-05-01', actual: null, forecast: '2026-06-01' },
      handover: { plan: '2026-09-30', actual: null, forecast: '2026-10-31' },
    })
  })

  it('gives the actual date and no forecast once a milestone is done', () => {
    const done = planned.map((m) =>
      m.kind === 'planning_conditions' ? { ...m, actual_on: '2026-05-08' } : m,
    )
    expect(landDates({ ready_on: '2026-05-08', handover_on: '2026-10-07' }, done)).toEqual({
      ready: { plan: '2026-05-01', actual: '2026-05-08', forecast: null },
      handover: { plan: '2026-09-30', actual: null, forecast: '2026-10-07' },
    })
  })

  it('answers nulls for a parcel with no milestones and no forecast', () => {
    const none = { plan: null, actual: null, forecast: null }
    expect(landDates({ ready_on: null, handover_on: null }, [])).toEqual({ ready: none, handover: none })
  })

  it('treats forecast fields the server does not send yet as unknown', () => {
    expect(landDates({}, planned)).toEqual({
      ready: { plan: '2026-05-01', actual: null, forecast: null },
      handover: { plan: '2026-09-30', actual: null, forecast: null },
    })
  })

  it('keeps a hand-over forecast (the target) when the parcel has no hand-over milestone', () => {
    expect(landDates({ ready_on: null, handover_on: '2027-03-31' }, []).handover).toEqual({
      plan: null,
      actual: null,
      forecast: '2027-03-31',
    })
  })
})
