import { describe, expect, it } from 'vitest'
import { encodeGbk } from '../../../../server/domain/export/gbk'
import { readParcelFile } from '../../../../server/domain/import/read-parcel-file'
import { decodeSurveyFields } from '../../../../server/domain/import/text-encoding'
import { importFixture } from './fixtures'

/** Bytes of parts: strings as GBK, Uint8Arrays as they are. */
function bytesOf(...parts: (string | Uint8Array)[]): Uint8Array {
  const chunks = parts.map((p) => (typeof p === 'string' ? encodeGbk(p) : p))
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0))
  let at = 0
  for (const c of chunks) {
    out.set(c, at)
    at += c.length
  }
  return out
}

const HEADER =
  '[属性描述]\r\n坐标系=2000国家大地坐标系\r\n几度分带=3\r\n投影类型=高斯克吕格\r\n带号=38\r\n[地块坐标]\r\n'
const RING = (n: number) =>
  `J1,1,${n},38443400.000\r\nJ2,1,${n},38443600.000\r\nJ3,1,${n - 150},38443600.000\r\nJ1,1,${n},38443400.000\r\n`

describe('files officers receive: encodings', () => {
  it('reads a GBK TXT holding one UTF-8 name field by field, and warns with the line', async () => {
    const file = bytesOf(
      HEADER,
      '4,1.5000,DK-2026-301,新材料产业园地块,面,,工业用地,0601,@\r\n',
      RING(2494800),
      '4,1.5000,DK-2026-302,',
      new TextEncoder().encode('光电孵化基地地块'), // pasted from a UTF-8 spreadsheet
      ',面,,工业用地,0601,@\r\n',
      RING(2495800),
    )
    const read = await readParcelFile(file, { filename: 'mixed.txt' })
    expect(read.ok).toBe(true)
    if (!read.ok) return
    expect(read.value.rows.map((r) => [r.code, r.name])).toEqual([
      ['DK-2026-301', '新材料产业园地块'],
      ['DK-2026-302', '光电孵化基地地块'],
    ])
    expect(read.value.warnings).toEqual([
      {
        code: 'mixed_encoding',
        index: null,
        message: {
          'zh-CN': '文件编码混用：文件为 GB18030，第 12 行有字段为 UTF-8，已按各自编码读取，请核对名称',
          en: 'mixed encodings: the file is GB18030, but fields on line(s) 12 are UTF-8; each was read in its own encoding — check the names',
        },
      },
    ])
  })

  it('decodes a whole GBK file, a UTF-8 file and a GB18030 four-byte character without warnings', () => {
    expect(decodeSurveyFields(encodeGbk('地块,工业用地\r\n'))).toEqual({
      text: '地块,工业用地\r\n',
      encoding: 'GB18030',
      utf8Lines: [],
    })
    expect(decodeSurveyFields(new TextEncoder().encode('\uFEFF地块,A1'))).toEqual({
      text: '地块,A1',
      encoding: 'UTF-8',
      utf8Lines: [],
    })
    // 𠀀 (U+20000) is 0x95 0x32 0x82 0x36 in GB18030: its digits are not field ends
    const fourByte = bytesOf('名称', Uint8Array.from([0x95, 0x32, 0x82, 0x36]), ',1')
    expect(decodeSurveyFields(fourByte)).toMatchObject({ text: '名称\u{20000},1', utf8Lines: [] })
  })
})

describe('files officers receive: KML', () => {
  // togeojson 7 yields a NetworkLink's Region and a GroundOverlay's LatLonBox as polygons: neither is a parcel
  it('skips a NetworkLink (with a Region), a GroundOverlay and the point and line placemarks with warnings, and imports the polygon', async () => {
    const read = await readParcelFile(importFixture('network-link-and-point.kml'), { filename: 'z.kml' })
    expect(read.ok).toBe(true)
    if (!read.ok) return
    expect(read.value.rows.map((r) => [r.index, r.code, r.name, r.land_use])).toEqual([
      [0, 'IMP-KML-101', '滨海仓储地块', 'W'],
    ])
    expect(read.value.rejected).toEqual([])
    expect(read.value.warnings.map((w) => [w.code, w.index, w.message['zh-CN']])).toEqual([
      [
        'kml_network_link',
        null,
        '已跳过网络链接（NetworkLink）“园区底图”（链接 http://example.com/zone.kml）：不读取外部文件',
      ],
      ['not_a_polygon', 0, '已跳过第 1 个地标“规划路口”：不是面（Point）'],
      ['not_a_polygon', 2, '已跳过第 3 个地标“排水管线”：不是面（LineString）'],
      ['kml_ground_overlay', null, '已跳过地面叠加层（GroundOverlay）“航拍影像”：图片不是地块'],
    ])
  })

  it('refuses a KML with only a NetworkLink, saying so', async () => {
    const kml = `<?xml version="1.0"?><kml xmlns="http://www.opengis.net/kml/2.2"><Document><NetworkLink><name>底图</name><Link><href>a.kml</href></Link></NetworkLink></Document></kml>`
    const read = await readParcelFile(new TextEncoder().encode(kml), { filename: 'n.kml' })
    expect(read).toEqual({
      ok: false,
      kind: 'unreadable',
      reason:
        'the KML holds no polygon placemark (skipped NetworkLink "底图" (a.kml): linked files are not fetched)',
    })
  })
})
