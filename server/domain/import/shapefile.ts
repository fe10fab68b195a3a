import { read } from 'shapefile'
import { identifyWkt } from './crs'
import type { Parsed, ParsedFile, SourceFeature } from './types'
import { type ArchiveLimits, DEFAULT_ARCHIVE_LIMITS, listZip, readZipEntry } from './zip-archive'

// .cpg code pages as survey software writes them, to the names the DBF decoder knows
const CODE_PAGES: Record<string, string> = {
  gbk: 'gbk',
  '936': 'gbk',
  cp936: 'gbk',
  gb2312: 'gbk',
  gb18030: 'gb18030',
  'utf-8': 'utf-8',
  utf8: 'utf-8',
  '65001': 'utf-8',
  'iso-8859-1': 'windows-1252',
  '1252': 'windows-1252',
}

// DBF language driver ids (byte 29) that mean a Chinese code page
const CHINESE_LDIDS = new Set([0x4d, 0x7a])

function dbfEncoding(cpg: Uint8Array | undefined, dbf: Uint8Array): Parsed<string> {
  if (cpg) {
    const label = new TextDecoder().decode(cpg).trim().toLowerCase()
    const encoding = CODE_PAGES[label]
    return encoding
      ? { ok: true, value: encoding }
      : { ok: false, reason: `unknown code page "${label}" in .cpg` }
  }
  if (CHINESE_LDIDS.has(dbf[29] ?? 0)) return { ok: true, value: 'gbk' }
  // without a .cpg: UTF-8 when the bytes are valid UTF-8, else the GBK of most Chinese survey offices
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(dbf)
    return { ok: true, value: 'utf-8' }
  } catch {
    return { ok: true, value: 'gbk' }
  }
}

// a .prj is one WKT string of a few hundred bytes, a .cpg one word: anything far larger is not one
const MAX_SIDECAR_BYTES = 64 * 1024
const ARCHIVE = /\.(zip|kmz|rar|7z|gz|tgz|tar|bz2|xz)$/i

/**
 * Reads a zipped Shapefile: the one .shp with its .dbf (attributes, decoded per the .cpg), and the .prj
 * identified as a CRS (null without a .prj). Coordinates stay in the file's CRS. Only these four entries are
 * unpacked, each bounded by `limits` (an archive inside the zip is never opened).
 */
export async function parseShapefileZip(
  bytes: Uint8Array,
  limits: ArchiveLimits = DEFAULT_ARCHIVE_LIMITS,
): Promise<Parsed<ParsedFile>> {
  const listed = listZip(bytes, limits)
  if (!listed.ok) return listed
  const entries = listed.value.filter((e) => !e.name.startsWith('__MACOSX/') && !e.name.endsWith('/'))
  const shps = entries.filter((e) => e.name.toLowerCase().endsWith('.shp'))
  if (shps.length === 0) {
    const nested = entries.find((e) => ARCHIVE.test(e.name))
    if (nested)
      return {
        ok: false,
        reason: `the zip holds another archive (${nested.name}) and no .shp: send the Shapefile's own zip`,
        breach: { limit: 'nested_archive', max: 0, entry: nested.name },
      }
    return { ok: false, reason: 'the zip holds no .shp file' }
  }
  if (shps.length > 1)
    return { ok: false, reason: `the zip holds ${shps.length} shapefiles; send one per file` }
  const base = (shps[0]?.name ?? '').slice(0, -4).toLowerCase()
  const part = (ext: string, maxBytes?: number): Parsed<Uint8Array | undefined> => {
    const entry = entries.find((e) => e.name.toLowerCase() === `${base}.${ext}`)
    return entry ? readZipEntry(bytes, entry, maxBytes) : { ok: true, value: undefined }
  }
  // the small parts first: a hostile .prj is refused before the big ones are unpacked
  const prjPart = part('prj', MAX_SIDECAR_BYTES)
  if (!prjPart.ok) return prjPart
  const cpgPart = part('cpg', MAX_SIDECAR_BYTES)
  if (!cpgPart.ok) return cpgPart
  const shpPart = part('shp')
  if (!shpPart.ok) return shpPart
  const dbfPart = part('dbf')
  if (!dbfPart.ok) return dbfPart
  const shp = shpPart.value as Uint8Array
  const dbf = dbfPart.value
  if (!dbf) return { ok: false, reason: 'the zip has a .shp but no .dbf' }

  let crs: ParsedFile['crs'] = null
  const prj = prjPart.value
  if (prj) {
    const identified = identifyWkt(new TextDecoder().decode(prj))
    if (!identified.ok) return { ok: false, reason: `unknown CRS: ${identified.reason}` }
    crs = identified.value
  }
  const encoding = dbfEncoding(cpgPart.value, dbf)
  if (!encoding.ok) return encoding

  try {
    const collection = await read(shp, dbf, { encoding: encoding.value })
    const features = collection.features.map(
      (f): SourceFeature => ({
        properties: (f.properties ?? {}) as Record<string, unknown>,
        geometry: f.geometry,
        ...(f.geometry ? {} : { problem: 'the shape is empty (null shape)' }),
      }),
    )
    return { ok: true, value: { features, crs } }
  } catch (err) {
    return { ok: false, reason: `the shapefile cannot be read: ${(err as Error).message}` }
  }
}
