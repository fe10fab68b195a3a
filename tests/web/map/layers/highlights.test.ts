import { describe, expect, it } from 'vitest'
import { infrastructureHighlightFilter } from '../../../../web/map/layers/highlights'

const NOTHING = ['==', ['get', 'id'], -1]

describe('infrastructureHighlightFilter', () => {
  it("picks out an owner's late infrastructure by id: lines and yards on the band, points on the disc", () => {
    const highlight = { parcelIds: [1], infrastructureIds: [8, 9, 10] }
    expect(infrastructureHighlightFilter(highlight, 'line')).toEqual([
      'all',
      ['!=', ['geometry-type'], 'Point'],
      ['in', ['get', 'id'], ['literal', [8, 9, 10]]],
    ])
    expect(infrastructureHighlightFilter(highlight, 'point')).toEqual([
      'all',
      ['==', ['geometry-type'], 'Point'],
      ['in', ['get', 'id'], ['literal', [8, 9, 10]]],
    ])
  })

  it('picks out nothing for a month, for no highlight, or for an owner without late infrastructure', () => {
    expect(infrastructureHighlightFilter({ month: '2026-02' }, 'line')).toEqual(NOTHING)
    expect(infrastructureHighlightFilter(null, 'point')).toEqual(NOTHING)
    expect(infrastructureHighlightFilter({ parcelIds: [1, 7] }, 'line')).toEqual(NOTHING)
  })
})
