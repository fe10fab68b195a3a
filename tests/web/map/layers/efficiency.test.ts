import type { Map as MapLibreMap } from 'maplibre-gl'
import { describe, expect, it } from 'vitest'
import { applyParcelEfficiency, parcelFillColour } from '../../../../web/map/layers/parcels'

/** The colour a `['match', ['string', ['feature-state', key], 'none'], v1, c1, …, fallback]` paints for `value`. */
function painted(expression: unknown, key: string, value: string | null): string {
  const [op, input, ...rest] = expression as [string, unknown, ...string[]]
  expect(op).toBe('match')
  expect(input).toEqual(['string', ['feature-state', key], 'none'])
  const fallback = rest.at(-1) as string
  const pairs = rest.slice(0, -1)
  for (let i = 0; i < pairs.length; i += 2) if (pairs[i] === (value ?? 'none')) return pairs[i + 1] as string
  return fallback
}

describe('parcelFillColour for 亩均效益 and 标准地', () => {
  it('paints grades from green (A) to red (D), a firm not graded grey and land of no firm pale', () => {
    const colour = parcelFillColour('grade', null)
    expect(['A', 'B', 'C', 'D', 'ungraded', null].map((g) => painted(colour, 'grade', g))).toEqual([
      '#1a9850',
      '#91cf60',
      '#f2a33a',
      '#d62f2f',
      '#8e99ab',
      '#c7ccd6',
    ])
  })

  it('paints a breached commitment red, a met one green, one with nothing due yet blue, land without one pale', () => {
    const colour = parcelFillColour('commitment', null)
    expect(['breached', 'met', 'pending', null].map((s) => painted(colour, 'commitment', s))).toEqual([
      '#d62f2f',
      '#2e7d32',
      '#5b8fd1',
      '#c7ccd6',
    ])
  })
})

describe('applyParcelEfficiency', () => {
  function fakeMap() {
    const states = new Map<number, Record<string, unknown>>()
    const map = {
      setFeatureState: (feature: { id: number }, state: Record<string, unknown>) => {
        states.set(feature.id, { ...(states.get(feature.id) ?? {}), ...state })
      },
    }
    return { map: map as unknown as MapLibreMap, states }
  }

  it('puts grade and commitment in feature-state, a firm’s parcel not graded as ungraded', () => {
    const { map, states } = fakeMap()
    const ids = applyParcelEfficiency(
      map,
      [
        { parcel_id: 1, firm_id: 10, grade: 'A', commitment: 'met' },
        { parcel_id: 2, firm_id: 11, grade: null, commitment: 'breached' },
        { parcel_id: 3, firm_id: null, grade: null, commitment: null },
      ],
      new Set(),
    )
    expect([...ids]).toEqual([1, 2, 3])
    expect(Object.fromEntries(states)).toEqual({
      1: { grade: 'A', commitment: 'met' },
      2: { grade: 'ungraded', commitment: 'breached' },
      3: { grade: null, commitment: null },
    })
  })

  it('clears the parcels a new answer no longer holds', () => {
    const { map, states } = fakeMap()
    const first = applyParcelEfficiency(
      map,
      [
        { parcel_id: 1, firm_id: 10, grade: 'D', commitment: 'breached' },
        { parcel_id: 2, firm_id: 11, grade: 'B', commitment: null },
      ],
      new Set(),
    )
    const second = applyParcelEfficiency(
      map,
      [{ parcel_id: 2, firm_id: 11, grade: 'C', commitment: null }],
      first,
    )
    expect([...second]).toEqual([2])
    expect(states.get(1)).toEqual({ grade: null, commitment: null })
    expect(states.get(2)).toEqual({ grade: 'C', commitment: null })
  })
})
