import { LAND_USES, type LandUse } from '../vocabulary'

// 用地性质 names (GB 50137 / 国土空间用途分类) and GB/T 21010 land-class codes, to the zone's land uses
const NAMES: Record<string, LandUse> = {
  新型产业用地: 'M0',
  工业用地: 'M1',
  一类工业用地: 'M1',
  二类工业用地: 'M2',
  三类工业用地: 'M2',
  物流仓储用地: 'W',
  仓储用地: 'W',
  物流用地: 'W',
  商业服务业设施用地: 'B',
  商业服务业用地: 'B',
  商业用地: 'B',
  商服用地: 'B',
  商务用地: 'B',
  居住用地: 'R',
  住宅用地: 'R',
  城镇住宅用地: 'R',
  绿地与广场用地: 'G',
  绿地: 'G',
  公园绿地: 'G',
  防护绿地: 'G',
  公园与绿地: 'G',
  道路与交通设施用地: 'S',
  交通运输用地: 'S',
  城镇道路用地: 'S',
  城镇村道路用地: 'S',
  道路用地: 'S',
}
const CLASS_CODES: Record<string, LandUse> = {
  '0601': 'M1',
  '0508': 'W',
  '0604': 'W',
  '05': 'B',
  '0501': 'B',
  '0505': 'B',
  '07': 'R',
  '0701': 'R',
  '0810': 'G',
  '1003': 'S',
  '1004': 'S',
  '100101': 'M1',
  '100102': 'M2',
  '100103': 'M2',
}

/**
 * The zone land use for what a file writes: an enum value (`m1`), a Chinese name (`工业用地` → M1,
 * `二类工业用地` → M2) or a GB/T 21010 code (`0601` → M1). Undefined when the value is empty, null when
 * it cannot be mapped.
 */
export function landUseOf(value: unknown): LandUse | null | undefined {
  if (value === undefined || value === null) return undefined
  const text = String(value).trim()
  if (!text) return undefined
  const upper = text.toUpperCase()
  if ((LAND_USES as readonly string[]).includes(upper)) return upper as LandUse
  // "M1 一类工业用地", "一类工业用地(M1)"
  const code = /\b(M0|M1|M2|W|B|R|G|S)\d?\b/.exec(upper)?.[1]
  if (code) return code as LandUse
  return NAMES[text.replace(/\s+/g, '')] ?? CLASS_CODES[text] ?? null
}

/** How the boundary-point TXT names a land use: 地块用途 and 地类编码 (GB/T 21010), readable back by landUseOf. */
export const LAND_USE_LABELS: Record<LandUse, { name: string; classCode: string }> = {
  M0: { name: '新型产业用地', classCode: '0601' },
  M1: { name: '一类工业用地', classCode: '0601' },
  M2: { name: '二类工业用地', classCode: '0601' },
  W: { name: '物流仓储用地', classCode: '0508' },
  B: { name: '商业服务业设施用地', classCode: '05' },
  R: { name: '居住用地', classCode: '0701' },
  G: { name: '绿地与广场用地', classCode: '0810' },
  S: { name: '道路与交通设施用地', classCode: '1004' },
}
