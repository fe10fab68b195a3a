import proj4 from 'proj4'

import { IMPORT_CRSS, type ImportCrs } from './types'

export { IMPORT_CRSS, type ImportCrs }

export function isImportCrs(value: string): value is ImportCrs {
  return (IMPORT_CRSS as readonly string[]).includes(value)
}

// CGCS2000's ellipsoid is GRS80 to the digit (a = 6378137, 1/f = 298.257222101); CGCS2000 and WGS84 differ by
// centimetres, so no datum shift is applied, as web maps do.
const GEOGRAPHIC = '+proj=longlat +ellps=GRS80 +no_defs'
const PROJ: Record<ImportCrs, string> = {
  'EPSG:4326': GEOGRAPHIC,
  'EPSG:4490': GEOGRAPHIC,
  // CGCS2000 / 3-degree Gauss-Kruger CM 114E
  'EPSG:4547': '+proj=tmerc +lat_0=0 +lon_0=114 +k=1 +x_0=500000 +y_0=0 +ellps=GRS80 +units=m +no_defs',
  // CGCS2000 / 3-degree Gauss-Kruger zone 38: the same with the zone number in front of the easting
  'EPSG:4526': '+proj=tmerc +lat_0=0 +lon_0=114 +k=1 +x_0=38500000 +y_0=0 +ellps=GRS80 +units=m +no_defs',
}

/** Eastings a projected CRS can hold around its central meridian (a 3-degree zone is ±170 km wide here). */
const EASTING_RANGE: Partial<Record<ImportCrs, [number, number]>> = {
  'EPSG:4547': [0, 1_000_000],
  'EPSG:4526': [38_000_000, 39_000_000],
}

export function isProjected(crs: ImportCrs): boolean {
  return crs === 'EPSG:4547' || crs === 'EPSG:4526'
}

/**
 * Reads a CRS name as users and files write it: "EPSG:4547", "epsg 4547", "urn:ogc:def:crs:EPSG::4547",
 * "CRS84". Null when it is not one of IMPORT_CRSS.
 */
export function parseCrsName(value: string): ImportCrs | null {
  const text = value.trim()
  if (/^(urn:ogc:def:crs:)?OGC:(1\.3:)?CRS84$/i.test(text) || /\/OGC\/1\.3\/CRS84$/i.test(text))
    return 'EPSG:4326'
  const match = /EPSG(?::+|\s+|\/0\/|\/)(\d{4,5})$/i.exec(text) ?? /^(\d{4,5})$/.exec(text)
  const code = match ? `EPSG:${match[1]}` : ''
  return isImportCrs(code) ? code : null
}

function wktParameter(wkt: string, name: string): number | null {
  const match = new RegExp(`PARAMETER\\[\\s*"${name}"\\s*,\\s*(-?[\\d.eE+-]+)`, 'i').exec(wkt)
  return match ? Number(match[1]) : null
}

/**
 * Identifies an ESRI or OGC WKT (a shapefile's .prj) as one of IMPORT_CRSS, or says why it cannot.
 * `identifyWkt('GEOGCS["GCS_China_Geodetic_Coordinate_System_2000",…]')` → { ok: true, value: 'EPSG:4490' }
 */
export function identifyWkt(wkt: string): { ok: true; value: ImportCrs } | { ok: false; reason: string } {
  const text = wkt.replace(/\s+/g, ' ').trim()
  const authority = /AUTHORITY\["EPSG",\s*"?(\d+)"?\]\s*\]\s*$/i.exec(text)
  if (authority && isImportCrs(`EPSG:${authority[1]}`))
    return { ok: true, value: `EPSG:${authority[1]}` as ImportCrs }
  const datum = /DATUM\[\s*"([^"]*)"/i.exec(text)?.[1] ?? ''
  const cgcs = /china.?2000|cgcs.?2000|china_geodetic_coordinate_system_2000/i.test(
    datum + text.slice(0, 200),
  )
  const wgs84 = /wgs.?(19)?84/i.test(datum)
  if (!cgcs && !wgs84)
    return { ok: false, reason: `the .prj datum "${datum || 'none'}" is not CGCS2000 or WGS84` }
  if (/^GEOGCS/i.test(text)) return { ok: true, value: cgcs ? 'EPSG:4490' : 'EPSG:4326' }
  if (!/^PROJCS/i.test(text)) return { ok: false, reason: 'the .prj is not a WKT coordinate system' }
  const projection = /PROJECTION\[\s*"([^"]*)"/i.exec(text)?.[1] ?? ''
  if (!/gauss|transverse_mercator|tmerc/i.test(projection))
    return { ok: false, reason: `the .prj projection "${projection}" is not Gauss-Krüger` }
  const cm = wktParameter(text, 'Central_Meridian')
  const fe = wktParameter(text, 'False_Easting')
  const k = wktParameter(text, 'Scale_Factor') ?? 1
  const fn = wktParameter(text, 'False_Northing') ?? 0
  if (!cgcs || cm !== 114 || k !== 1 || fn !== 0) {
    return {
      ok: false,
      reason: `the .prj describes Gauss-Krüger on ${datum} with central meridian ${cm}; only CGCS2000 CM 114E (EPSG:4547, EPSG:4526) is supported`,
    }
  }
  if (fe === 500000) return { ok: true, value: 'EPSG:4547' }
  if (fe === 38500000) return { ok: true, value: 'EPSG:4526' }
  return {
    ok: false,
    reason: `the .prj false easting ${fe} is neither 500000 (EPSG:4547) nor 38500000 (EPSG:4526)`,
  }
}

type Position = number[]

/**
 * A function that turns one position of `crs` into WGS84 [lon, lat] degrees (2D), or gives the reason it
 * cannot: an easting outside the zone, or a result outside lon/lat range.
 * `toWgs84('EPSG:4547')([443400, 2494800])` → [113.4475…, 22.5518…]
 */
export function toWgs84(crs: ImportCrs): (p: Position) => Position | string {
  const converter = isProjected(crs) ? proj4(PROJ[crs], GEOGRAPHIC) : null
  const range = EASTING_RANGE[crs]
  return (p) => {
    const [x, y] = p
    if (typeof x !== 'number' || typeof y !== 'number' || !Number.isFinite(x) || !Number.isFinite(y))
      return 'a position is not two finite numbers'
    if (range && (x < range[0] || x > range[1])) {
      const hint =
        crs === 'EPSG:4547' && x >= 1e7
          ? ' (an easting with the zone number in front is EPSG:4526)'
          : crs === 'EPSG:4526' && x < 1e7
            ? ' (an easting without the zone number is EPSG:4547)'
            : ''
      return `easting ${x} is outside ${crs}'s range ${range[0]}–${range[1]} m${hint}`
    }
    const out = converter ? converter.forward([x, y]) : [x, y]
    const [lon = Number.NaN, lat = Number.NaN] = out
    if (!(lon >= -180 && lon <= 180 && lat >= -90 && lat <= 90)) {
      const hint = converter ? '' : ' (projected coordinates? then name the CRS)'
      return `position ${x}, ${y} is outside the valid lon/lat range in ${crs}${hint}`
    }
    return [lon, lat]
  }
}

/**
 * A function that turns WGS84 [lon, lat] into `crs` [easting, northing] metres (or degrees for a geographic CRS).
 * `fromWgs84('EPSG:4526')([114, 22.5])` → [38500000, 2489…]
 */
export function fromWgs84(crs: ImportCrs): (p: Position) => [number, number] {
  const converter = isProjected(crs) ? proj4(GEOGRAPHIC, PROJ[crs]) : null
  return (p) => {
    const out = converter ? converter.forward([p[0] ?? 0, p[1] ?? 0]) : p
    return [out[0] ?? Number.NaN, out[1] ?? Number.NaN]
  }
}
