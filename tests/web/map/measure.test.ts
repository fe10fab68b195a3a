import turfArea from '@turf/area'
import { describe, expect, it } from 'vitest'
import { formatArea, formatLength, lineLength, polygonArea } from '../../../web/map/measure'

// Expected values from PostGIS 3.3 on the WGS84 spheroid (geography, use_spheroid = true), written out:
//   ST_Length('LINESTRING(113.45 22.55, 113.46 22.55, 113.46 22.56)'::geography)            = 2135.970664292787
//   ST_Distance('POINT(113.45 22.55)'::geography, 'POINT(113.45 22.56)'::geography)         = 1107.37836997
//   ST_Area('POLYGON((113.45 22.55, 113.46 22.55, 113.46 22.56, 113.45 22.56, …))'::geography) = 1138999.8157043457
//   ST_Perimeter(the same polygon)                                                            = 4271.86719446009
//   ST_Area(the same polygon, use_spheroid = false), on the sphere                           = 1141861.9055981408
const SQUARE: [number, number][] = [
  [113.45, 22.55],
  [113.46, 22.55],
  [113.46, 22.56],
  [113.45, 22.56],
]

describe('lineLength', () => {
  it('measures along geodesics of the WGS84 ellipsoid', () => {
    expect(lineLength(SQUARE.slice(0, 3))).toBeCloseTo(2135.970664, 4)
    expect(lineLength([SQUARE[0] as [number, number], SQUARE[3] as [number, number]])).toBeCloseTo(
      1107.37837,
      4,
    )
    expect(lineLength([])).toBe(0)
  })
})

describe('polygonArea', () => {
  it('gives the area and perimeter on the ellipsoid, whichever way the points turn', () => {
    const area = polygonArea(SQUARE)
    expect(area.areaM2).toBeCloseTo(1138999.8157, 1)
    expect(area.perimeterM).toBeCloseTo(4271.867194, 4)
    expect(polygonArea([...SQUARE].reverse()).areaM2).toBeCloseTo(1138999.8157, 1)
  })

  it('is 0.25 % below the spherical area that @turf/area gives here', () => {
    const turf = turfArea({
      type: 'Polygon',
      coordinates: [[...SQUARE, SQUARE[0] as [number, number]]],
    })
    // @turf/area uses the sphere of PostGIS's use_spheroid = false (radius 6371008.8 m)
    expect(turf).toBeCloseTo(1141861.9, -1)
    expect(turf / polygonArea(SQUARE).areaM2 - 1).toBeCloseTo(0.0025, 4)
  })

  it('has no area below three points', () => {
    expect(polygonArea(SQUARE.slice(0, 2)).areaM2).toBe(0)
  })
})

describe('formatLength and formatArea', () => {
  it('print m below a kilometre and km above, m² with 亩', () => {
    expect(formatLength(999.94)).toBe('999.9 m')
    expect(formatLength(2135.970664)).toBe('2.136 km')
    // 1 亩 = 10000/15 m²
    expect(formatArea(10000)).toBe('10,000 m² · 15.00 亩')
    expect(formatArea(1138999.8157)).toBe('1,139,000 m² · 1,708.50 亩 · 1.139 km²')
  })
})
