import proj4 from 'proj4'

import { IMPORT_CRSS, type ImportCrs, type ReadCrs } from './types'

export { IMPORT_CRSS, type ImportCrs, type ReadCrs }

export function isImportCrs(value: string): value is ImportCrs {
  return (IMPORT_CRSS as readonly string[]).includes(value)
}

// CGCS2000's ellipsoid is GRS80 to the digit (a = 6378137, 1/f = 298.257222101); CGCS2000 and WGS84 differ by
// centimetres, so no datum shift is applied, as web maps do.
const GEOGRAPHIC = '+proj=longlat +ellps=GRS80 +no_defs'

/** The CGCS2000 3-degree Gauss-Krüger zones EPSG names: 25 (75°E) to 45 (135°E), all of China. */
export const GK_ZONES = { first: 25, last: 45 } as const
// EPSG:4513 is zone 25 with the zone number in front of the easting, EPSG:4534 is CM 75°E without it
const PREFIXED_BASE = 4513
const PLAIN_BASE = 4534

/** A CGCS2000 3-degree GK CRS: its zone, central meridian 3 × zone, and whether eastings carry the zone number. */
export interface GaussKruger {
  zone: number
  prefixed: boolean
}

/** `gaussKrugerOf('EPSG:4526')` → { zone: 38, prefixed: true }; null for a CRS that is not one. */
export function gaussKrugerOf(crs: string): GaussKruger | null {
  const code = Number(/^EPSG:(\d{4})$/.exec(crs)?.[1])
  const zones = GK_ZONES.last - GK_ZONES.first
  if (code >= PREFIXED_BASE && code <= PREFIXED_BASE + zones)
    return { zone: code - PREFIXED_BASE + GK_ZONES.first, prefixed: true }
  if (code >= PLAIN_BASE && code <= PLAIN_BASE + zones)
    return { zone: code - PLAIN_BASE + GK_ZONES.first, prefixed: false }
  return null
}

/** `gaussKrugerCrs(39, true)` → 'EPSG:4527'; null outside zones 25–45. */
export function gaussKrugerCrs(zone: number, prefixed: boolean): ReadCrs | null {
  if (!Number.isInteger(zone) || zone < GK_ZONES.first || zone > GK_ZONES.last) return null
  return `EPSG:${(prefixed ? PREFIXED_BASE : PLAIN_BASE) + zone - GK_ZONES.first}`
}

/** The 3-degree zone a longitude lies in: round(lon / 3), the central meridian 3 × zone (114.2°E → 38). */
export function zoneOfLongitude(lon: number): number {
  return Math.round(lon / 3)
}

function projOf(crs: ReadCrs): string {
  const gk = gaussKrugerOf(crs)
  if (!gk) return GEOGRAPHIC
  const falseEasting = gk.prefixed ? gk.zone * 1_000_000 + 500_000 : 500_000
  return `+proj=tmerc +lat_0=0 +lon_0=${gk.zone * 3} +k=1 +x_0=${falseEasting} +y_0=0 +ellps=GRS80 +units=m +no_defs`
}

/** Eastings a projected CRS can hold around its central meridian (a 3-degree zone is ±170 km wide here). */
function eastingRange(crs: ReadCrs): [number, number] | null {
  const gk = gaussKrugerOf(crs)
  if (!gk) return null
  return gk.prefixed ? [gk.zone * 1_000_000, (gk.zone + 1) * 1_000_000] : [0, 1_000_000]
}

export function isProjected(crs: ReadCrs): boolean {
  return gaussKrugerOf(crs) !== null
}

/** Whether `value` names a CRS a file may be read in: one of IMPORT_CRSS or a CGCS2000 3-degree zone 25–45. */
export function isReadCrs(value: string): value is ReadCrs {
  return isImportCrs(value) || gaussKrugerOf(value) !== null
}

/**
 * Reads a CRS name as users and files write it: "EPSG:4547", "epsg 4547", "urn:ogc:def:crs:EPSG::4547",
 * "CRS84". Null when it is not one of IMPORT_CRSS or a CGCS2000 3-degree Gauss-Krüger zone (EPSG:4513–4554).
 */
export function parseCrsName(value: string): ReadCrs | null {
  const text = value.trim()
  if (/^(urn:ogc:def:crs:)?OGC:(1\.3:)?CRS84$/i.test(text) || /\/OGC\/1\.3\/CRS84$/i.test(text))
    return 'EPSG:4326'
  const match = /EPSG(?::+|\s+|\/0\/|\/)(\d{4,5})$/i.exec(text) ?? /^(\d{4,5})$/.exec(text)
  const code = match ? `EPSG:${match[1]}` : ''
  return isReadCrs(code) ? code : null
}

function wktParameter(wkt: string, name: string): number | null {
  const match = new RegExp(`PARAMETER\\[\\s*"${name}"\\s*,\\s*(-?[\\d.eE+-]+)`, 'i').exec(wkt)
  return match ? Number(match[1]) : null
}

/**
 * Identifies an ESRI or OGC WKT (a shapefile's .prj) as WGS84, CGCS2000 or one of its 3-degree Gauss-Krüger zones
 * (central meridians 75°E–135°E, with or without the zone number in front of the easting), or says why it cannot.
 * `identifyWkt('GEOGCS["GCS_China_Geodetic_Coordinate_System_2000",…]')` → { ok: true, value: 'EPSG:4490' }
 */
export function identifyWkt(wkt: string): { ok: true; value: ReadCrs } | { ok: false; reason: string } {
  const text = wkt.replace(/\s+/g, ' ').trim()
  const authority = /AUTHORITY\["EPSG",\s*"?(\d+)"?\]\s*\]\s*$/i.exec(text)
  const named = `EPSG:${authority?.[1]}`
  if (authority && isReadCrs(named)) return { ok: true, value: named }
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
  const zone = cm !== null && Number.isInteger(cm / 3) ? cm / 3 : null
  if (!cgcs || zone === null || gaussKrugerCrs(zone, false) === null || k !== 1 || fn !== 0) {
    return {
      ok: false,
      reason: `the .prj describes Gauss-Krüger on ${datum} with central meridian ${cm}, scale factor ${k} and false northing ${fn}, not a CGCS2000 3-degree zone (central meridian 75–135°E in steps of 3, scale factor 1, false northing 0)`,
    }
  }
  const prefixed = zone * 1_000_000 + 500_000
  if (fe === 500_000 || fe === prefixed)
    return { ok: true, value: gaussKrugerCrs(zone, fe === prefixed) as ReadCrs }
  return {
    ok: false,
    reason: `the .prj false easting ${fe} is neither 500000 nor ${prefixed} (zone ${zone} in front) for central meridian ${cm}°E`,
  }
}

type Position = number[]

/**
 * A function that turns one position of `crs` into WGS84 [lon, lat] degrees (2D), or gives the reason it
 * cannot: an easting outside the zone, or a result outside lon/lat range.
 * `toWgs84('EPSG:4547')([443400, 2494800])` → [113.4475…, 22.5518…]
 */
export function toWgs84(crs: ReadCrs): (p: Position) => Position | string {
  const converter = isProjected(crs) ? proj4(projOf(crs), GEOGRAPHIC) : null
  const range = eastingRange(crs)
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
export function fromWgs84(crs: ReadCrs): (p: Position) => [number, number] {
  const converter = isProjected(crs) ? proj4(GEOGRAPHIC, projOf(crs)) : null
  return (p) => {
    const out = converter ? converter.forward([p[0] ?? 0, p[1] ?? 0]) : p
    return [out[0] ?? Number.NaN, out[1] ?? Number.NaN]
  }
}
