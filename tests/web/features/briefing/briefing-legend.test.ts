import type { TFunction } from 'i18next'
import { describe, expect, it } from 'vitest'
import { briefingLegend } from '../../../../web/features/briefing/briefing-legend'
import { READINESS_COLOURS } from '../../../../web/map/layers/parcels'

// keys as labels: what is checked is which entries the legend holds and how they are drawn
const t = ((key: string) => key) as unknown as TFunction
const all = { parcels: true, projects: true, infrastructure: true }
const groups = (items: { group?: string }[]) => [...new Set(items.map((i) => i.group))]

describe('briefingLegend', () => {
  it('follows the colour mode: status colours, or readiness colours and no status ones', () => {
    const status = briefingLegend(all, { colourMode: 'status', asOf: null }, t, false)
    expect(groups(status)).toEqual(['legend.parcelStatus', 'legend.projectStage', 'legend.infrastructure'])
    expect(status.find((i) => i.label === 'parcelStatus.available')).toEqual({
      label: 'parcelStatus.available',
      colour: '#3fae6a',
      group: 'legend.parcelStatus',
    })
    const readiness = briefingLegend(all, { colourMode: 'readiness', asOf: null }, t, false)
    expect(groups(readiness)).toEqual([
      'legend.parcelReadiness',
      'legend.projectStage',
      'legend.infrastructure',
    ])
    expect(readiness.some((i) => i.label.startsWith('parcelStatus.'))).toBe(false)
    expect(readiness.find((i) => i.label === 'readiness.late')?.colour).toBe(READINESS_COLOURS.late)
    expect(
      readiness.filter((i) => i.group === 'legend.projectStage').every((i) => i.shape === 'circle'),
    ).toBe(true)
  })

  it('during playback shows the as-of colours first, and the mode colours paler as the map draws them', () => {
    const played = briefingLegend(all, { colourMode: 'status', asOf: '2027-03-01' }, t, false)
    expect(played[0]).toEqual({
      label: 'parcelView.availableLegend',
      colour: '#3fae6a',
      group: 'parcelView.asOf 2027-03-01',
    })
    const statuses = played.filter((i) => i.group === 'legend.parcelStatus')
    expect(statuses).toHaveLength(9)
    expect(statuses.every((i) => i.faded)).toBe(true)
    // projects and infrastructure are not faded
    expect(played.filter((i) => i.group === 'legend.projectStage').some((i) => i.faded)).toBe(false)
  })

  it('holds only the layers shown', () => {
    const parcelsOnly = briefingLegend(
      { parcels: true, projects: false, infrastructure: false },
      { colourMode: 'status', asOf: null },
      t,
      true,
    )
    expect(parcelsOnly[0]?.label).toBe('leader.briefing.highlighted')
    expect(groups(parcelsOnly.slice(1))).toEqual(['legend.parcelStatus'])
  })
})
