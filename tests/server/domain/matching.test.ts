import { describe, expect, it } from 'vitest'
import {
  areaScore,
  chainScore,
  DEFAULT_MATCH_WEIGHTS,
  evaluateMatch,
  infrastructureScore,
  lineScore,
  MATCH_CRITERIA,
  mergeMatchWeights,
  type ParcelFacts,
  type ProjectWants,
  shapeScore,
  timingScore,
  topSettled,
  weightedScore,
} from '../../../server/domain/matching'
import { muToM2 } from '../../../server/domain/units'

const TODAY = '2026-11-28'

function makeFacts(overrides: Partial<ParcelFacts> = {}): ParcelFacts {
  const near = { name: 'line', distance_m: 50, finish_on: '2025-01-01' }
  return {
    parcel_id: 1,
    code: 'P1',
    land_use: 'M1',
    area_m2: muToM2(35),
    compactness: Math.PI / 4,
    handover_on: TODAY,
    next_milestone: null,
    held_by: null,
    lines: {
      road: { done: near, planned: null },
      water: { done: near, planned: null },
      power: { done: near, planned: null },
    },
    substations: [{ name: 'S', distance_m: 900, finish_on: '2025-01-01', capacity_kva: 100000, done: true }],
    chain: { optoelectronics: { count: 3, nearest_m: 400 } },
    ...overrides,
  }
}

const wants: ProjectWants = {
  project_id: 9,
  sector: 'optoelectronics',
  area_mu_min: 30,
  area_mu_max: 40,
  land_use: ['M1'],
  needed_by: '2027-06-30',
  power_kva: 5000,
}

describe('areaScore', () => {
  it('gives 100 in the middle of the range and 80 at its edges', () => {
    expect(areaScore(35, 30, 40).score).toBe(100)
    expect(areaScore(30, 30, 40).score).toBe(80)
  })

  it('says by how many mu a parcel is short of the minimum', () => {
    const part = areaScore(28, 30, 40)
    expect(part.score).toBe(20)
    expect(part.detail).toBe('28.0 mu: 2.0 mu short of the minimum 30.0 mu (within the 10 % tolerance)')
  })
})

describe('timingScore', () => {
  it('gives 100 for 180 days of slack, 40 for none and 0 when late', () => {
    expect(timingScore('2026-12-01', '2027-06-30', TODAY).score).toBe(100)
    expect(timingScore('2027-06-30', '2027-06-30', TODAY).score).toBe(40)
    expect(timingScore('2027-07-30', '2027-06-30', TODAY).score).toBe(0)
  })
})

describe('lineScore and infrastructureScore', () => {
  it('scores a finished line by its distance in metres', () => {
    expect(
      lineScore('water', { done: { name: 'w', distance_m: 180, finish_on: null }, planned: null }),
    ).toMatchObject({
      score: 100,
      detail: 'water main finished 180 m away',
    })
    expect(
      lineScore('water', { done: { name: 'w', distance_m: 600, finish_on: null }, planned: null }).score,
    ).toBe(50)
    expect(lineScore('road', { done: null, planned: null }).score).toBe(0)
  })

  it('gives a planned line nearby 60 and its due date', () => {
    const part = lineScore('power', {
      done: null,
      planned: { name: 'p', distance_m: 30, finish_on: '2027-03-01' },
    })
    expect(part.score).toBe(60)
    expect(part.detail).toMatch(/due 2027-03-01/)
  })

  it('asks for a substation with the capacity only for a large power need', () => {
    const facts = makeFacts({ substations: [] })
    expect(infrastructureScore(facts, 800).score).toBe(100)
    expect(infrastructureScore(facts, 5000).score).toBe(75)
    expect(infrastructureScore(facts, 5000).detail).toMatch(/no substation with 5000 kVA within 3\.0 km/)
  })
})

describe('chainScore and shapeScore', () => {
  it('counts same-sector neighbours up to three', () => {
    expect(chainScore({ optoelectronics: { count: 1, nearest_m: 300 } }, 'optoelectronics').score).toBe(33.3)
    expect(chainScore({}, 'biomedicine').score).toBe(0)
  })

  it('gives a square the full shape score and a 4:1 strip less', () => {
    expect(shapeScore(Math.PI / 4).score).toBe(100)
    // 4:1 rectangle: 4π·4 / 10² ≈ 0.503
    expect(shapeScore((4 * Math.PI * 4) / 100).score).toBe(64)
  })
})

describe('evaluateMatch', () => {
  it('scores a perfect parcel 100 with one reason per criterion', () => {
    const outcome = evaluateMatch(wants, makeFacts(), DEFAULT_MATCH_WEIGHTS, TODAY)
    expect(outcome.kind).toBe('eligible')
    if (outcome.kind === 'excluded') return
    expect(outcome.score).toBe(100)
    expect(outcome.reasons.map((r) => r.criterion)).toEqual([...MATCH_CRITERIA])
  })

  it('excludes a parcel of the wrong land use or outside the area tolerance', () => {
    expect(evaluateMatch(wants, makeFacts({ land_use: 'M2' }), DEFAULT_MATCH_WEIGHTS, TODAY).kind).toBe(
      'excluded',
    )
    expect(
      evaluateMatch(wants, makeFacts({ area_m2: muToM2(26.9) }), DEFAULT_MATCH_WEIGHTS, TODAY).kind,
    ).toBe('excluded')
    expect(
      evaluateMatch(wants, makeFacts({ area_m2: muToM2(44.1) }), DEFAULT_MATCH_WEIGHTS, TODAY).kind,
    ).toBe('excluded')
    expect(
      evaluateMatch(wants, makeFacts({ area_m2: muToM2(43.9) }), DEFAULT_MATCH_WEIGHTS, TODAY).kind,
    ).toBe('eligible')
  })

  it('lists a parcel ready after the needed-by date as eligible once, within a year', () => {
    const outcome = evaluateMatch(
      wants,
      makeFacts({
        handover_on: '2027-09-30',
        next_milestone: { kind: 'servicing', forecast_on: '2027-03-01' },
      }),
      DEFAULT_MATCH_WEIGHTS,
      TODAY,
    )
    expect(outcome.kind).toBe('eligible_once')
    if (outcome.kind !== 'eligible_once') return
    expect(outcome.eligible_once).toMatch(
      /hand-over happens on 2027-09-30 .*92 days after .*next: servicing \(utilities in\) by 2027-03-01/,
    )
    // the milestone in words, never its code
    expect(outcome.eligible_once_zh).toContain('下一节点 七通一平 预计 2027-03-01')
    expect(
      evaluateMatch(wants, makeFacts({ handover_on: '2028-12-01' }), DEFAULT_MATCH_WEIGHTS, TODAY).kind,
    ).toBe('excluded')
  })

  it('lists a parcel held until before the needed-by date as eligible once, and excludes one held longer', () => {
    const held = (until: string) => makeFacts({ held_by: { project_id: 2, name: '甲项目', until } })
    const soon = evaluateMatch(wants, held('2027-01-31'), DEFAULT_MATCH_WEIGHTS, TODAY)
    expect(soon.kind).toBe('eligible_once')
    expect(evaluateMatch(wants, held('2027-12-31'), DEFAULT_MATCH_WEIGHTS, TODAY).kind).toBe('excluded')
  })

  it('accepts M0, M1 and M2 when the project names no land use', () => {
    const open = { ...wants, land_use: null }
    expect(evaluateMatch(open, makeFacts({ land_use: 'M2' }), DEFAULT_MATCH_WEIGHTS, TODAY).kind).toBe(
      'eligible',
    )
    expect(evaluateMatch(open, makeFacts({ land_use: 'B' }), DEFAULT_MATCH_WEIGHTS, TODAY).kind).toBe(
      'excluded',
    )
  })
})

describe('weights', () => {
  it('averages by weight', () => {
    expect(
      weightedScore([
        { score: 100, weight: 1 },
        { score: 50, weight: 3 },
      ]),
    ).toBe(62.5)
  })

  it('falls back to the defaults for a stored value that does not parse', () => {
    expect(mergeMatchWeights({ area: -1 })).toEqual(DEFAULT_MATCH_WEIGHTS)
    expect(mergeMatchWeights(null)).toEqual(DEFAULT_MATCH_WEIGHTS)
    const custom = { area: 1, timing: 1, infrastructure: 1, chain: 1, shape: 1 }
    expect(mergeMatchWeights(custom)).toEqual(custom)
  })
})

describe('topSettled', () => {
  it('settles a full list whose last score is above what the rest can reach, or when nothing more can enter', () => {
    expect(topSettled([{ score: 80 }, { score: 70 }], 2, 69.9)).toBe(true)
    expect(topSettled([{ score: 80 }, { score: 70 }], 2, 70)).toBe(false)
    expect(topSettled([{ score: 80 }], 2, 10)).toBe(false)
    expect(topSettled([], 2, null)).toBe(true)
  })
})
