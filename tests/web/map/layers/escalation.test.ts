import { describe, expect, it } from 'vitest'
import { parcelLevels } from '../../../../web/map/layers/escalation'
import { parcelFillColour } from '../../../../web/map/layers/parcels'

describe('parcelLevels', () => {
  it('gives each parcel the level of its worst late item, whatever the order', () => {
    const levels = parcelLevels([
      { parcel_id: 7, level: 'normal' },
      { parcel_id: 7, level: 'red' },
      { parcel_id: 7, level: 'yellow' },
      { parcel_id: 9, level: 'yellow' },
      { parcel_id: 9, level: 'normal' },
      { parcel_id: 11, level: 'normal' },
    ])
    expect(Object.fromEntries(levels)).toEqual({ 7: 'red', 9: 'yellow', 11: 'normal' })
  })

  it('leaves out the items without a parcel (infrastructure, orders)', () => {
    expect(parcelLevels([{ parcel_id: null, level: 'red' }]).size).toBe(0)
  })
})

describe('parcelFillColour in the escalation mode', () => {
  it('reads the level from feature-state, red and yellow as their cards', () => {
    const text = JSON.stringify(parcelFillColour('escalation', null))
    expect(text).toContain('["feature-state","escalation"]')
    expect(text).toContain('"red","#d62f2f"')
    expect(text).toContain('"yellow","#f2c200"')
  })
})
