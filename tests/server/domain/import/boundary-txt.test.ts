import { describe, expect, it } from 'vitest'
import { encodeGbk } from '../../../../server/domain/export/gbk'
import { parseBoundaryTxt } from '../../../../server/domain/import/boundary-txt'
import { importFixture, planarArea } from './fixtures'

function parsed(bytes: Uint8Array) {
  const result = parseBoundaryTxt(bytes)
  if (!result.ok) throw new Error(result.reason)
  return result.value
}

const HEADER =
  '[属性描述]\r\n坐标系=2000国家大地坐标系\r\n几度分带=3\r\n投影类型=高斯克吕格\r\n带号=38\r\n[地块坐标]\r\n'

describe('parseBoundaryTxt', () => {
  it('reads the GBK sample: codes, Chinese names and land use, in EPSG:4526 from 带号=38', () => {
    const file = parsed(importFixture('boundary-coordinates-gbk.txt'))
    expect(file.crs).toBe('EPSG:4526')
    expect(file.features.map((f) => f.properties.DKBH)).toEqual(['DK-2026-001', 'DK-2026-002'])
    expect(file.features[0]?.properties.DKMC).toBe('新材料产业园一期地块')
    expect(file.features[0]?.properties.YDXZ).toBe('工业用地')
    expect(file.features.every((f) => f.problem === undefined)).toBe(true)
  })

  it('takes X as the northing and Y as the easting', () => {
    const file = parsed(importFixture('boundary-coordinates-gbk.txt'))
    const geometry = file.features[0]?.geometry as GeoJSON.Polygon
    expect(geometry.coordinates[0]?.[0]).toEqual([38443400, 2494800])
  })

  it('makes ring 2 a hole, giving the exact planar areas 28,750 and 9,600 m²', () => {
    const file = parsed(importFixture('boundary-coordinates-gbk.txt'))
    const [first, second] = file.features.map((f) => f.geometry as GeoJSON.Polygon)
    expect(first?.coordinates).toHaveLength(1)
    expect(second?.coordinates).toHaveLength(2)
    expect(planarArea(first?.coordinates ?? [])).toBe(28750)
    expect(planarArea(second?.coordinates ?? [])).toBe(9600)
  })

  it('makes a later ring outside ring 1 a second part', () => {
    const text = `${HEADER}10,0.0200,MP-1,两块,面,,工业用地,0601,@\r\nJ1,1,2494800,38443400\r\nJ2,1,2494800,38443500\r\nJ3,1,2494700,38443500\r\nJ4,1,2494700,38443400\r\nJ1,1,2494800,38443400\r\nJ5,2,2494800,38443600\r\nJ6,2,2494800,38443700\r\nJ7,2,2494700,38443700\r\nJ8,2,2494700,38443600\r\nJ5,2,2494800,38443600\r\n`
    const geometry = parsed(encodeGbk(text)).features[0]?.geometry as GeoJSON.MultiPolygon
    expect(geometry.type).toBe('MultiPolygon')
    expect(geometry.coordinates).toHaveLength(2)
  })

  it('reads eastings without the zone number as EPSG:4547', () => {
    const text = `${HEADER}5,1.0000,A-1,,面,,M1,,@\r\nJ1,1,2494800,443400\r\nJ2,1,2494800,443500\r\nJ3,1,2494700,443500\r\nJ4,1,2494700,443400\r\nJ1,1,2494800,443400\r\n`
    expect(parsed(encodeGbk(text)).crs).toBe('EPSG:4547')
  })

  it('flags a parcel whose point count disagrees with its header, and a malformed point line', () => {
    const text = `${HEADER}9,1.0000,A-1,,面,,M1,,@\r\nJ1,1,2494800,38443400\r\nJ2,1,2494800,38443500\r\nJ3,1,2494700,38443500\r\nJ1,1,2494800,38443400\r\n4,1.0000,A-2,,面,,M1,,@\r\nJ1,1,abc,38443400\r\n`
    const [a, b] = parsed(encodeGbk(text)).features
    expect(a?.problem).toMatch(/says 9 points/)
    expect(b?.problem).toMatch(/not 点号,圈号,X,Y/)
  })

  // every CGCS2000 3-degree zone of China is read now (issue 13, point 5: the TXT export writes each parcel in its
  // own zone), so zone 37 is no longer refused; zones outside 25–45 and 6-degree zones are
  it('refuses Xian 1980, zones outside 25–45 and 6-degree zones as an unknown CRS; reads zone 37 as EPSG:4546', () => {
    const xian = parseBoundaryTxt(encodeGbk(HEADER.replace('2000国家大地坐标系', '1980西安坐标系')))
    expect(xian).toMatchObject({ ok: false, reason: expect.stringMatching(/unknown CRS/) })
    const zone50 = parseBoundaryTxt(encodeGbk(HEADER.replace('带号=38', '带号=50')))
    expect(zone50).toMatchObject({ ok: false, reason: expect.stringMatching(/central meridian 150E/) })
    const sixDegrees = parseBoundaryTxt(
      encodeGbk(HEADER.replace('几度分带=3', '几度分带=6').replace('带号=38', '带号=19')),
    )
    expect(sixDegrees).toMatchObject({ ok: false, reason: expect.stringMatching(/6-degree zone 19/) })
    const zone37 = parseBoundaryTxt(encodeGbk(HEADER.replace('带号=38', '带号=37')))
    // no points, so no zone number in front of an easting: CGCS2000 / 3-degree GK CM 111E (3 × 37) is EPSG:4546
    expect(zone37).toMatchObject({ ok: true, value: { crs: 'EPSG:4546' } })
  })

  it('reads each parcel in the zone its eastings name, and refuses one with points in two zones', () => {
    const text = `${HEADER}4,1.0000,A-1,,面,,M1,,@\r\nJ1,1,2494800,38443400\r\nJ2,1,2494800,38443500\r\nJ3,1,2494700,38443500\r\nJ1,1,2494800,38443400\r\n4,1.0000,B-1,,面,,M1,,@\r\nJ1,1,2494800,39343400\r\nJ2,1,2494800,39343500\r\nJ3,1,2494700,39343500\r\nJ1,1,2494800,39343400\r\n4,1.0000,C-1,,面,,M1,,@\r\nJ1,1,2494800,38443400\r\nJ2,1,2494800,39343500\r\nJ3,1,2494700,39343500\r\nJ1,1,2494800,38443400\r\n`
    const [a, b, c] = parsed(encodeGbk(text)).features
    expect(a?.crs).toBeUndefined()
    expect(b?.crs).toBe('EPSG:4527')
    expect(c?.problem).toMatch(/points in zones 38,39; a parcel lies in one zone/)
  })

  it('refuses a file without [地块坐标]', () => {
    expect(parseBoundaryTxt(encodeGbk('hello\r\n')).ok).toBe(false)
  })
})
