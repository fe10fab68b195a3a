import { describe, expect, it } from 'vitest'
import { countReadyToOffer } from '../../../../web/features/timeline/ready-to-offer'

describe('countReadyToOffer', () => {
  const parcels = [
    { available_on: '2026-05-01' },
    { available_on: '2026-06-30' },
    { available_on: '2026-07-01' },
    // handed over: no available_on
    { available_on: null },
  ]

  it('counts parcels whose available_on is on or before the date', () => {
    expect(countReadyToOffer(parcels, '2026-06-30')).toBe(2)
    expect(countReadyToOffer(parcels, '2026-07-01')).toBe(3)
    expect(countReadyToOffer(parcels, '2026-04-30')).toBe(0)
  })

  it('never counts a parcel handed over, however late the date', () => {
    expect(countReadyToOffer(parcels, '2099-12-31')).toBe(3)
    expect(countReadyToOffer([{ available_on: null }], '2099-12-31')).toBe(0)
  })
})
