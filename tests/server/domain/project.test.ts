import { describe, expect, it } from 'vitest'
import {
  checkStageTransition,
  isBlockerOverdue,
  ProjectNeeds,
  stageDates,
} from '../../../server/domain/project'

describe('checkStageTransition', () => {
  it('allows moving forward one or more steps without a note', () => {
    expect(checkStageTransition('lead', 'negotiating', undefined)).toEqual({ ok: true, direction: 'forward' })
    expect(checkStageTransition('lead', 'land_acquired', undefined).ok).toBe(true)
  })

  it('refuses going back or dropping without a note, and allows both with one', () => {
    expect(checkStageTransition('in_production', 'lead', undefined)).toEqual({
      ok: false,
      reason: 'moving back from in_production to lead needs a note saying why',
    })
    expect(checkStageTransition('in_production', 'lead', '  ').ok).toBe(false)
    expect(checkStageTransition('signed', 'negotiating', '协议作废').ok).toBe(true)
    expect(checkStageTransition('signed', 'dropped', undefined).ok).toBe(false)
    expect(checkStageTransition('signed', 'dropped', '转投外地')).toEqual({ ok: true, direction: 'drop' })
    expect(checkStageTransition('dropped', 'lead', undefined).ok).toBe(false)
  })

  it('refuses staying at the same stage', () => {
    expect(checkStageTransition('signed', 'signed', 'x').ok).toBe(false)
  })
})

describe('stageDates', () => {
  const none = { signed_on: null, landed_on: null }
  it('sets signed_on on signing and both dates when a project skips to land acquired', () => {
    expect(stageDates(none, 'signed', '2026-03-01')).toEqual({ signed_on: '2026-03-01', landed_on: null })
    expect(stageDates(none, 'land_acquired', '2026-04-01')).toEqual({
      signed_on: '2026-04-01',
      landed_on: '2026-04-01',
    })
  })

  it('clears the dates of stages a project goes back before, and keeps them when it is dropped', () => {
    const landed = { signed_on: '2026-03-01', landed_on: '2026-04-01' }
    expect(stageDates(landed, 'signed', '2026-05-01')).toEqual({ signed_on: '2026-03-01', landed_on: null })
    expect(stageDates(landed, 'negotiating', '2026-05-01')).toEqual(none)
    expect(stageDates(landed, 'dropped', '2026-05-01')).toEqual(landed)
  })
})

describe('ProjectNeeds', () => {
  it('refuses a minimum area above the maximum', () => {
    expect(ProjectNeeds.safeParse({ area_mu_min: 50, area_mu_max: 20 }).success).toBe(false)
    expect(ProjectNeeds.safeParse({ area_mu_min: 20, area_mu_max: 50, power_kva: 800 }).success).toBe(true)
  })
})

describe('isBlockerOverdue', () => {
  it('flags an unresolved blocker due before today', () => {
    expect(isBlockerOverdue({ status: 'open', due_on: '2026-11-27' }, '2026-11-28')).toBe(true)
    expect(isBlockerOverdue({ status: 'open', due_on: '2026-11-28' }, '2026-11-28')).toBe(false)
    expect(isBlockerOverdue({ status: 'resolved', due_on: '2026-01-01' }, '2026-11-28')).toBe(false)
  })
})
