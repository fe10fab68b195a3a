import { describe, expect, it } from 'vitest'
import { fromWgs84, identifyWkt, parseCrsName, toWgs84 } from '../../../../server/domain/import/crs'

const GK114 =
  'PROJCS["CGCS2000_3_Degree_GK_CM_114E",GEOGCS["GCS_China_Geodetic_Coordinate_System_2000",DATUM["D_China_2000",SPHEROID["CGCS2000",6378137.0,298.257222101]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]],PROJECTION["Gauss_Kruger"],PARAMETER["False_Easting",500000.0],PARAMETER["False_Northing",0.0],PARAMETER["Central_Meridian",114.0],PARAMETER["Scale_Factor",1.0],PARAMETER["Latitude_Of_Origin",0.0],UNIT["Meter",1.0]]'

describe('parseCrsName', () => {
  it('reads EPSG codes in the usual spellings', () => {
    expect(parseCrsName('EPSG:4547')).toBe('EPSG:4547')
    expect(parseCrsName('urn:ogc:def:crs:EPSG::4526')).toBe('EPSG:4526')
    expect(parseCrsName('4490')).toBe('EPSG:4490')
    expect(parseCrsName('urn:ogc:def:crs:OGC:1.3:CRS84')).toBe('EPSG:4326')
  })

  it('reads every CGCS2000 3-degree zone, with the zone number in front (4513–4533) and without (4534–4554)', () => {
    expect(parseCrsName('EPSG:4549')).toBe('EPSG:4549')
    expect(parseCrsName('epsg 4513')).toBe('EPSG:4513')
    expect(parseCrsName('EPSG:4554')).toBe('EPSG:4554')
  })

  it('answers null for a CRS it does not support', () => {
    expect(parseCrsName('EPSG:4555')).toBeNull()
    expect(parseCrsName('EPSG:4512')).toBeNull()
    expect(parseCrsName('EPSG:2385')).toBeNull()
    expect(parseCrsName('nonsense')).toBeNull()
  })
})

describe('identifyWkt', () => {
  it('identifies the ESRI .prj of CGCS2000 GK CM 114E with false easting 500000 as EPSG:4547', () => {
    expect(identifyWkt(GK114)).toEqual({ ok: true, value: 'EPSG:4547' })
  })

  it('identifies false easting 38500000 as EPSG:4526', () => {
    expect(identifyWkt(GK114.replace('500000.0', '38500000.0'))).toEqual({ ok: true, value: 'EPSG:4526' })
  })

  it('identifies geographic CGCS2000 and WGS84', () => {
    expect(
      identifyWkt(
        'GEOGCS["GCS_China_Geodetic_Coordinate_System_2000",DATUM["D_China_2000",SPHEROID["CGCS2000",6378137.0,298.257222101]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]]',
      ),
    ).toEqual({ ok: true, value: 'EPSG:4490' })
    expect(
      identifyWkt(
        'GEOGCS["GCS_WGS_1984",DATUM["D_WGS_1984",SPHEROID["WGS_1984",6378137.0,298.257223563]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]]',
      ),
    ).toEqual({ ok: true, value: 'EPSG:4326' })
  })

  it('refuses Xian 1980 and other central meridians with the reason', () => {
    const xian = identifyWkt(
      GK114.replace('D_China_2000', 'D_Xian_1980').replace(
        /China_Geodetic_Coordinate_System_2000|CGCS2000/g,
        'Xian_1980',
      ),
    )
    expect(xian.ok).toBe(false)
    const cm112 = identifyWkt(GK114.replace('"Central_Meridian",114.0', '"Central_Meridian",112.5'))
    expect(cm112).toMatchObject({ ok: false, reason: expect.stringContaining('central meridian 112.5') })
    const cm138 = identifyWkt(GK114.replace('"Central_Meridian",114.0', '"Central_Meridian",138.0'))
    expect(cm138).toMatchObject({ ok: false, reason: expect.stringContaining('central meridian 138') })
    const scaled = identifyWkt(GK114.replace('"Scale_Factor",1.0', '"Scale_Factor",0.9996'))
    expect(scaled).toMatchObject({ ok: false, reason: expect.stringContaining('scale factor 0.9996') })
  })

  it('identifies the other CGCS2000 3-degree zones by their central meridian and false easting', () => {
    // Shanghai (CM 120°E, zone 40), Chengdu (CM 105°E, zone 35), Harbin (CM 126°E, zone 42)
    const at = (cm: number, fe: number) =>
      identifyWkt(
        GK114.replace('"Central_Meridian",114.0', `"Central_Meridian",${cm}.0`).replace(
          '"False_Easting",500000.0',
          `"False_Easting",${fe}.0`,
        ),
      )
    expect(at(120, 500000)).toEqual({ ok: true, value: 'EPSG:4549' })
    expect(at(120, 40500000)).toEqual({ ok: true, value: 'EPSG:4528' })
    expect(at(105, 500000)).toEqual({ ok: true, value: 'EPSG:4544' })
    expect(at(126, 42500000)).toEqual({ ok: true, value: 'EPSG:4530' })
    expect(at(120, 38500000)).toMatchObject({
      ok: false,
      reason: expect.stringContaining('neither 500000 nor 40500000 (zone 40 in front)'),
    })
  })

  it('takes an EPSG authority at the end of an OGC WKT for any 3-degree zone', () => {
    const wkt = `${GK114.slice(0, -1)},AUTHORITY["EPSG","4549"]]`
    expect(identifyWkt(wkt)).toEqual({ ok: true, value: 'EPSG:4549' })
  })
})

describe('toWgs84', () => {
  it('puts false easting 500000 on the central meridian 114E', () => {
    const [lon, lat] = toWgs84('EPSG:4547')([500000, 2494800]) as number[]
    expect(lon).toBeCloseTo(114, 9)
    expect(lat).toBeCloseTo(22.55, 1)
  })

  it('gives the same point for EPSG:4547 and the zone-prefixed EPSG:4526', () => {
    const a = toWgs84('EPSG:4547')([443400, 2494800]) as number[]
    const b = toWgs84('EPSG:4526')([38443400, 2494800]) as number[]
    expect(a[0]).toBeCloseTo(b[0] as number, 10)
    expect(a[1]).toBeCloseTo(b[1] as number, 10)
    expect(a[0]).toBeCloseTo(113.4497, 3)
  })

  it('explains a zone-prefixed easting read as EPSG:4547', () => {
    expect(toWgs84('EPSG:4547')([38443400, 2494800])).toMatch(/EPSG:4526/)
  })

  it('refuses projected metres read as WGS84 degrees', () => {
    expect(toWgs84('EPSG:4326')([443400, 2494800])).toMatch(/outside the valid lon\/lat range/)
  })

  it('round-trips with fromWgs84 to the millimetre', () => {
    const lonLat = toWgs84('EPSG:4526')([38443400.123, 2494800.456]) as number[]
    const [e, n] = fromWgs84('EPSG:4526')(lonLat)
    expect(e).toBeCloseTo(38443400.123, 3)
    expect(n).toBeCloseTo(2494800.456, 3)
  })
})
