import { unzipSync } from 'fflate'
import { read } from 'shapefile'
import { identifyWkt } from './crs'
import type { Parsed, ParsedFile, SourceFeature } from './types'

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

/**
 * Reads a zipped Shapefile: the one .shp with its .dbf (attributes, decoded per the .cpg), and the .prj
 * identified as a CRS (null without a .prj). Coordinates stay in the file's CRS.
 */
export async function parseShapefileZip(bytes: Uint8Array): Promise<Parsed<ParsedFile>> {
  let files: Record<string, Uint8Array>
  try {
    files = unzipSync(bytes)
  } catch (err) {
    return { ok: false, reason: `the zip cannot be read: ${(err as Error).message}` }
  }
  const names = Object.keys(files).filter((n) => !n.startsWith('__MACOSX/'))
  const shps = names.filter((n) => n.toLowerCase().endsWith('.shp'))
  if (shps.length === 0) return { ok: false, reason: 'the zip holds no .shp file' }
  if (shps.length > 1)
    return { ok: false, reason: `the zip holds ${shps.length} shapefiles; send one per file` }
  const base = (shps[0] as string).slice(0, -4).toLowerCase()
  const part = (ext: string) => {
    const name = names.find((n) => n.toLowerCase() === `${base}.${ext}`)
    return name ? files[name] : undefined
  }
  const shp = part('shp') as Uint8Array
  const dbf = part('dbf')
  if (!dbf) return { ok: false, reason: 'the zip has a .shp but no .dbf' }

  let crs: ParsedFile['crs'] = null
  const prj = part('prj')
  if (prj) {
    const identified = identifyWkt(new TextDecoder().decode(prj))
    if (!identified.ok) return { ok: false, reason: `unknown CRS: ${identified.reason}` }
    crs = identified.value
  }
  const encoding = dbfEncoding(part('cpg'), dbf)
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
