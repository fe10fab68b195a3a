import { describe, expect, it } from 'vitest'
import { parseGeoJson } from '../../../../server/domain/import/geojson'
import { parseKml } from '../../../../server/domain/import/kml'
import { landUseOf } from '../../../../server/domain/import/land-use'
import { importFixture } from './fixtures'

const text = (name: string) => new TextDecoder().decode(importFixture(name))

describe('parseGeoJson', () => {
  it('reads a FeatureCollection with ids and properties, declaring no CRS', () => {
    const result = parseGeoJson(text('parcels-wgs84.geojson'))
    if (!result.ok) throw new Error(result.reason)
    expect(result.value.crs).toBeNull()
    expect(result.value.features).toHaveLength(3)
    expect(result.value.features[2]?.id).toBe('IMP-GJ-003')
  })

  it('reads the legacy crs member', () => {
    const result = parseGeoJson(
      JSON.stringify({
        type: 'FeatureCollection',
        crs: { type: 'name', properties: { name: 'urn:ogc:def:crs:EPSG::4547' } },
        features: [],
      }),
    )
    expect(result).toMatchObject({ ok: true, value: { crs: 'EPSG:4547' } })
  })

  it('refuses broken JSON, non-GeoJSON and an unknown crs member', () => {
    expect(parseGeoJson('{"type":').ok).toBe(false)
    expect(parseGeoJson('{"hello":1}').ok).toBe(false)
    const unknown = parseGeoJson(
      JSON.stringify({
        type: 'FeatureCollection',
        crs: { type: 'name', properties: { name: 'EPSG:2383' } },
        features: [],
      }),
    )
    expect(unknown).toMatchObject({ ok: false, reason: expect.stringMatching(/unknown CRS/) })
  })
})

describe('parseKml', () => {
  it('reads Placemarks with names, ExtendedData and holes, in EPSG:4326', () => {
    const result = parseKml(text('parcels-wgs84.kml'))
    if (!result.ok) throw new Error(result.reason)
    expect(result.value.crs).toBe('EPSG:4326')
    const [a, b] = result.value.features
    expect(a?.id).toBe('IMP-KML-001')
    expect(a?.properties.name).toBe('滨海物流地块')
    expect(b?.properties.code).toBe('IMP-KML-002')
    expect((b?.geometry as GeoJSON.Polygon | undefined)?.coordinates).toHaveLength(2)
  })

  it('reads a MultiGeometry of polygons as one MultiPolygon, and leaves one with a point for the check to refuse', () => {
    const ring = (x: number) => `${x},30 ${x + 0.001},30 ${x + 0.001},30.001 ${x},30.001 ${x},30`
    const polygon = (x: number) =>
      `<Polygon><outerBoundaryIs><LinearRing><coordinates>${ring(x)}</coordinates></LinearRing></outerBoundaryIs></Polygon>`
    const placemark = (name: string, parts: string) =>
      `<Placemark><name>${name}</name><MultiGeometry>${parts}</MultiGeometry></Placemark>`
    const result = parseKml(
      `<kml xmlns="http://www.opengis.net/kml/2.2"><Document>${placemark('two', polygon(100) + polygon(100.002))}` +
        `${placemark('mixed', `${polygon(100)}<Point><coordinates>100,30</coordinates></Point>`)}</Document></kml>`,
    )
    if (!result.ok) throw new Error(result.reason)
    const [two, mixed] = result.value.features
    expect((two?.geometry as GeoJSON.Geometry | undefined)?.type).toBe('MultiPolygon')
    const coordinates = (two?.geometry as GeoJSON.MultiPolygon | undefined)?.coordinates ?? []
    expect(coordinates).toHaveLength(2)
    expect(coordinates[1]?.[0]?.[0]).toEqual([100.002, 30])
    expect((mixed?.geometry as GeoJSON.Geometry | undefined)?.type).toBe('GeometryCollection')
  })

  it('refuses XML that is not KML, and broken XML', () => {
    expect(parseKml('<gpx></gpx>').ok).toBe(false)
    expect(parseKml('<kml><Document>').ok).toBe(false)
  })
})

describe('landUseOf', () => {
  it('maps enum values, Chinese names and GB/T 21010 codes', () => {
    expect(landUseOf('m1')).toBe('M1')
    expect(landUseOf('工业用地')).toBe('M1')
    expect(landUseOf('二类工业用地')).toBe('M2')
    expect(landUseOf('新型产业用地')).toBe('M0')
    expect(landUseOf('0601')).toBe('M1')
    expect(landUseOf('0508')).toBe('W')
    expect(landUseOf('一类工业用地(M1)')).toBe('M1')
  })

  it('answers undefined for nothing and null for what it cannot map', () => {
    expect(landUseOf('')).toBeUndefined()
    expect(landUseOf(undefined)).toBeUndefined()
    expect(landUseOf('水域')).toBeNull()
  })
})
