import { label, type MessageKey, type Messages, messagesOf, type Params, type Text } from './messages'

/**
 * Reasons that code below the services writes as English sentences (PostGIS's ST_IsValidReason, the file
 * readers, the date checks) read back into a catalogue key and its parameters, so that they can be said in every
 * language. Each pattern carries an example that tests/server/domain/messages.test.ts checks it reads.
 */
interface ReasonPattern {
  pattern: RegExp
  key: MessageKey
  params?: (m: RegExpExecArray) => Params
  example: string
}

const GEOS: Record<string, MessageKey> = {
  'self-intersection': 'geos.self_intersection',
  'ring self-intersection': 'geos.ring_self_intersection',
  'too few points': 'geos.too_few_points',
  'hole lies outside shell': 'geos.hole_outside_shell',
  'holes are nested': 'geos.nested_holes',
  'interior is disconnected': 'geos.interior_disconnected',
  'nested shells': 'geos.nested_shells',
  'duplicate rings': 'geos.duplicate_rings',
  'invalid coordinate': 'geos.invalid_coordinate',
  'ring is not closed': 'geos.ring_not_closed',
}

/** A reason of GEOS (ST_IsValidReason), e.g. "Self-intersection[120.1 30.2]" → 自相交（位置 120.1 30.2）. */
export function geosReason(reason: string): Text | null {
  const m = /^([A-Za-z -]+?)\s*(?:\[([^\]]*)\])?$/.exec(reason.trim())
  const key = m?.[1] ? GEOS[m[1].toLowerCase()] : undefined
  if (!m || !key) return null
  return { key, params: { at: m[2] ? messagesOf('geos.at', { point: m[2] }) : '' } }
}

// the figures of an indicator file as its reasons name them (server/domain/import/firm-indicators.ts)
const INDICATOR_FIGURES: Record<string, Messages> = {
  tax: { 'zh-CN': '税收', en: 'tax' },
  output: { 'zh-CN': '产值', en: 'output' },
  energy: { 'zh-CN': '综合能耗', en: 'energy' },
  employees: { 'zh-CN': '从业人员', en: 'employees' },
  'R&D': { 'zh-CN': '研发经费', en: 'R&D' },
}
const indicatorFigure = (name: string): Messages => INDICATOR_FIGURES[name] ?? { 'zh-CN': name, en: name }

const HINTS: Record<string, MessageKey> = {
  ' (an easting with the zone number in front is EPSG:4526)': 'import.hint_4526',
  ' (an easting without the zone number is EPSG:4547)': 'import.hint_4547',
  ' (projected coordinates? then name the CRS)': 'import.hint_projected',
}
const hint = (text: string | undefined): Params[string] => {
  const key = text ? HINTS[text] : undefined
  return key ? messagesOf(key) : (text ?? '')
}

const nested = (text: string | undefined) => reasonMessages(text ?? '')

const PATTERNS: ReasonPattern[] = [
  {
    pattern: /^geometry is not valid: (.*)$/s,
    key: 'geometry.invalid',
    params: (m) => ({ reason: nested(m[1]) }),
    example: 'geometry is not valid: Self-intersection[114.1 22.5]',
  },
  { pattern: /^geometry is empty$/, key: 'geometry.empty', example: 'geometry is empty' },
  {
    pattern: /^geometry could not be read$/,
    key: 'geometry.unreadable',
    example: 'geometry could not be read',
  },
  { pattern: /^geometry was not checked$/, key: 'geometry.not_checked', example: 'geometry was not checked' },
  {
    pattern: /^geometry overlaps parcel ([^;]+)$/,
    key: 'geometry.overlaps',
    params: (m) => ({ codes: m[1] ?? '' }),
    example: 'geometry overlaps parcel GX-2026-0241',
  },
  {
    pattern: /^overlaps parcel ([^;]+)$/,
    key: 'import.overlaps_parcel',
    params: (m) => ({ codes: m[1] ?? '' }),
    example: 'overlaps parcel GX-1, GX-2',
  },
  {
    pattern: /^overlaps ([^;]+) of this file$/,
    key: 'import.overlaps_row',
    params: (m) => ({
      rows: { 'zh-CN': (m[1] ?? '').replace(/ \(row (\d+)\)/g, '（第 $1 行）'), en: m[1] ?? '' },
    }),
    example: 'overlaps IMP-OVL-002 (row 1) of this file',
  },
  {
    pattern: /^no land use for a new parcel/,
    key: 'import.no_land_use',
    example: 'no land use for a new parcel: map a land-use field or choose a default land use',
  },
  {
    pattern: /^code (.+) repeats feature (\d+)$/,
    key: 'import.code_repeats',
    params: (m) => ({ code: m[1] ?? '', earlier: m[2] ?? '' }),
    example: 'code A-1 repeats feature 3',
  },
  {
    pattern: /^field (.+) is empty$/,
    key: 'import.field_empty',
    params: (m) => ({ field: m[1] ?? '' }),
    example: 'field DKBH is empty',
  },
  {
    pattern: /^no code: /,
    key: 'import.no_code',
    example: 'no code: the feature has no code or DKBH property and no id; name the code field',
  },
  {
    pattern: /^code is longer than (\d+) characters$/,
    key: 'import.code_too_long',
    params: (m) => ({ max: m[1] ?? '' }),
    example: 'code is longer than 64 characters',
  },
  {
    pattern: /^land use "(.*)" is not one of /s,
    key: 'import.unknown_land_use',
    params: (m) => ({ value: m[1] ?? '' }),
    example: 'land use "工业" is not one of M0, M1, M2, W, B, R, G, S or a known 用地性质',
  },
  {
    pattern: /^the feature has no geometry$/,
    key: 'import.no_geometry',
    example: 'the feature has no geometry',
  },
  {
    pattern: /^geometry type (.+) is not a Polygon or MultiPolygon$/,
    key: 'import.not_polygon',
    params: (m) => ({ type: m[1] ?? '' }),
    example: 'geometry type Point is not a Polygon or MultiPolygon',
  },
  { pattern: /^the geometry is empty$/, key: 'import.geometry_empty', example: 'the geometry is empty' },
  { pattern: /^a polygon has no rings$/, key: 'import.polygon_no_rings', example: 'a polygon has no rings' },
  {
    pattern: /^ring (\d+) has fewer than 4 positions$/,
    key: 'import.ring_few_positions',
    params: (m) => ({ ring: m[1] ?? '' }),
    example: 'ring 1 has fewer than 4 positions',
  },
  {
    pattern: /^ring (\d+) is not closed/,
    key: 'import.ring_not_closed',
    params: (m) => ({ ring: m[1] ?? '' }),
    example: 'ring 2 is not closed: its first and last positions differ',
  },
  {
    pattern: /^ring (\d+) holds a position that is not an array$/,
    key: 'import.ring_bad_position',
    params: (m) => ({ ring: m[1] ?? '' }),
    example: 'ring 1 holds a position that is not an array',
  },
  {
    pattern: /^the parcel measures (\S+) m², less than the minimum parcel area of (\S+) m² /,
    key: 'import.sliver',
    params: (m) => ({ area: m[1] ?? '', min: m[2] ?? '' }),
    example:
      'the parcel measures 0.6475 m², less than the minimum parcel area of 1 m² (zone setting min_parcel_area_m2): a sliver',
  },
  {
    pattern: /^the KML holds no polygon placemark \((.*)\)$/s,
    key: 'import.kml_no_polygon',
    params: (m) => ({ reason: m[1] ?? '' }),
    example:
      'the KML holds no polygon placemark (skipped NetworkLink "底图" (a.kml): linked files are not fetched)',
  },
  {
    pattern: /^line (\d+): the parcel has points in zones (\S+); a parcel lies in one zone$/,
    key: 'import.txt_zones_mixed',
    params: (m) => ({ line: m[1] ?? '', zones: m[2] ?? '' }),
    example: 'line 14: the parcel has points in zones 38,39; a parcel lies in one zone',
  },
  {
    pattern:
      /^the parcel lies at (\S+)°E, outside the CGCS2000 3-degree zones (\d+)–(\d+) \((\S+)°E–(\S+)°E\)$/,
    key: 'export.txt_outside_zones',
    params: (m) => ({
      lon: m[1] ?? '',
      first: m[2] ?? '',
      last: m[3] ?? '',
      west: m[4] ?? '',
      east: m[5] ?? '',
    }),
    example: 'the parcel lies at 150.0000°E, outside the CGCS2000 3-degree zones 25–45 (73.5°E–136.5°E)',
  },
  {
    pattern: /^the code holds a comma or a line break, which the TXT cannot carry$/,
    key: 'export.txt_code_unwritable',
    example: 'the code holds a comma or a line break, which the TXT cannot carry',
  },
  {
    pattern: /^a position is not two finite numbers$/,
    key: 'import.position_not_numbers',
    example: 'a position is not two finite numbers',
  },
  {
    pattern: /^easting (\S+) is outside (\S+)'s range (\S+)–(\S+) m(.*)$/,
    key: 'import.easting_out_of_range',
    params: (m) => ({ x: m[1] ?? '', crs: m[2] ?? '', min: m[3] ?? '', max: m[4] ?? '', hint: hint(m[5]) }),
    example:
      "easting 38512345 is outside EPSG:4547's range 300000–700000 m (an easting with the zone number in front is EPSG:4526)",
  },
  {
    pattern: /^position (\S+), (\S+) is outside the valid lon\/lat range in (\S+)(.*)$/,
    key: 'import.position_out_of_range',
    params: (m) => ({ x: m[1] ?? '', y: m[2] ?? '', crs: m[3] ?? '', hint: hint(m[4]) }),
    example:
      'position 500000, 2500000 is outside the valid lon/lat range in EPSG:4326 (projected coordinates? then name the CRS)',
  },
  {
    pattern: /^unknown CRS: (.*)$/s,
    key: 'import.unknown_crs',
    params: (m) => ({ reason: reasonMessages(m[1] ?? '') }),
    example: 'unknown CRS: 坐标系=西安80',
  },
  {
    pattern: /^unknown CRS "(.*)"; use EPSG:4326, EPSG:4490 or a CGCS2000 3-degree zone \(EPSG:4513–4554\)$/s,
    key: 'import.unknown_crs_name',
    params: (m) => ({ name: m[1] ?? '' }),
    example: 'unknown CRS "EPSG:2383"; use EPSG:4326, EPSG:4490 or a CGCS2000 3-degree zone (EPSG:4513–4554)',
  },
  {
    pattern: /^the \.prj datum "(.*)" is not CGCS2000 or WGS84$/,
    key: 'import.prj_datum',
    params: (m) => ({ datum: m[1] ?? '' }),
    example: 'the .prj datum "D_Xian_1980" is not CGCS2000 or WGS84',
  },
  {
    pattern: /^the \.prj is not a WKT coordinate system$/,
    key: 'import.prj_not_wkt',
    example: 'the .prj is not a WKT coordinate system',
  },
  {
    pattern: /^the \.prj projection "(.*)" is not Gauss-Krüger$/,
    key: 'import.prj_projection',
    params: (m) => ({ projection: m[1] ?? '' }),
    example: 'the .prj projection "Lambert_Conformal_Conic" is not Gauss-Krüger',
  },
  {
    pattern:
      /^the \.prj describes Gauss-Krüger on (.*) with central meridian (\S+), scale factor (\S+) and false northing (\S+), not a CGCS2000 3-degree zone/,
    key: 'import.prj_not_cgcs_zone',
    params: (m) => ({ datum: m[1] ?? '', cm: m[2] ?? '', k: m[3] ?? '', fn: m[4] ?? '' }),
    example:
      'the .prj describes Gauss-Krüger on D_China_2000 with central meridian 112.5, scale factor 1 and false northing 0, not a CGCS2000 3-degree zone (central meridian 75–135°E in steps of 3, scale factor 1, false northing 0)',
  },
  {
    pattern:
      /^the \.prj false easting (\S+) is neither 500000 nor (\d+) \(zone (\d+) in front\) for central meridian (\S+)°E$/,
    key: 'import.prj_false_easting',
    params: (m) => ({ fe: m[1] ?? '', prefixed: m[2] ?? '', zone: m[3] ?? '', cm: m[4] ?? '' }),
    example:
      'the .prj false easting 400000 is neither 500000 nor 39500000 (zone 39 in front) for central meridian 117°E',
  },
  {
    pattern: /^(.*) is not GeoJSON, a zipped Shapefile, KML or a boundary-point TXT$/,
    key: 'import.not_a_parcel_file',
    params: (m) => ({ file: m[1] ?? '' }),
    example: 'README.md is not GeoJSON, a zipped Shapefile, KML or a boundary-point TXT',
  },
  {
    pattern: /^the file holds no features$/,
    key: 'import.no_features',
    example: 'the file holds no features',
  },
  {
    pattern: /^the file is not valid JSON: (.*)$/s,
    key: 'import.not_json',
    params: (m) => ({ reason: m[1] ?? '' }),
    example: 'the file is not valid JSON: Unexpected token',
  },
  {
    pattern: /^the zip holds no \.shp file$/,
    key: 'import.zip_no_shp',
    example: 'the zip holds no .shp file',
  },
  {
    pattern: /^the zip has a \.shp but no \.dbf$/,
    key: 'import.zip_no_dbf',
    example: 'the zip has a .shp but no .dbf',
  },
  {
    pattern: /^the zip holds (\d+) shapefiles; send one per file$/,
    key: 'import.zip_many_shp',
    params: (m) => ({ count: m[1] ?? '' }),
    example: 'the zip holds 2 shapefiles; send one per file',
  },
  {
    pattern: /^send an \.xlsx \(the template\) or a \.csv file$/,
    key: 'import.indicator_format',
    example: 'send an .xlsx (the template) or a .csv file',
  },
  {
    pattern: /^(.+) cannot be read as (CSV|XLSX|\S+)$/,
    key: 'import.indicator_unreadable',
    params: (m) => ({ file: m[1] ?? '', format: m[2] ?? '' }),
    example: 'a.xlsx cannot be read as XLSX',
  },
  { pattern: /^the workbook has no sheet$/, key: 'import.no_sheet', example: 'the workbook has no sheet' },
  {
    pattern: /^no header row naming the firm \((.*)\) and the year \((.*)\)$/,
    key: 'import.no_header',
    params: (m) => ({ firm: m[1] ?? '', year: m[2] ?? '' }),
    example: 'no header row naming the firm (企业名称) and the year (年度)',
  },
  {
    pattern: /^reading the file needs more than (\d+) MB$/,
    key: 'import.worker_memory',
    params: (m) => ({ mb: m[1] ?? '' }),
    example: 'reading the file needs more than 512 MB',
  },
  {
    pattern: /^no firm name or credit code$/,
    key: 'import.firm_or_code_missing',
    example: 'no firm name or credit code',
  },
  {
    pattern: /^year: "(.*)" is not a year between 2000 and 2100$/,
    key: 'import.year_invalid',
    params: (m) => ({ value: m[1] ?? '' }),
    example: 'year: "2025年度" is not a year between 2000 and 2100',
  },
  {
    pattern: /^(tax|output|energy|employees|R&D): "(.*)" is not a number$/,
    key: 'import.figure_not_number',
    params: (m) => ({ figure: indicatorFigure(m[1] ?? ''), value: m[2] ?? '' }),
    example: 'output: "约 5000" is not a number',
  },
  {
    pattern: /^(tax|output|energy|employees|R&D): (\S+) is negative$/,
    key: 'import.figure_negative',
    params: (m) => ({ figure: indicatorFigure(m[1] ?? ''), value: m[2] ?? '' }),
    example: 'tax: -5 is negative',
  },
  {
    pattern: /^(tax|output|energy|employees|R&D): (\S+) is not a whole number$/,
    key: 'import.figure_not_whole',
    params: (m) => ({ figure: indicatorFigure(m[1] ?? ''), value: m[2] ?? '' }),
    example: 'employees: 40.5 is not a whole number',
  },
  {
    pattern: /^(tax|output|energy|employees|R&D): (\S+) is too large$/,
    key: 'import.figure_too_large',
    params: (m) => ({ figure: indicatorFigure(m[1] ?? ''), value: m[2] ?? '' }),
    example: 'energy: 1000000000000 is too large',
  },
  { pattern: /^no such firm in the zone$/, key: 'import.firm_unknown', example: 'no such firm in the zone' },
  {
    pattern: /^the name and the credit code name two different firms$/,
    key: 'import.firm_mismatch',
    example: 'the name and the credit code name two different firms',
  },
  {
    pattern: /^(.+) (\S+) is given twice$/,
    key: 'import.firm_year_twice',
    params: (m) => ({ firm: m[1] ?? '', year: m[2] ?? '' }),
    example: '某某有限公司 2025 is given twice',
  },
  {
    pattern: /^actual_on (\S+) is in the future \(today is (\S+)\)$/,
    key: 'milestone.future',
    params: (m) => ({ date: m[1] ?? '', today: m[2] ?? '' }),
    example: 'actual_on 2099-01-01 is in the future (today is 2026-12-06)',
  },
  {
    pattern: /^(planned_on|actual_on) of (\w+) \((\S+)\) is (before|after) that of (\w+) \((\S+)\)$/,
    key: 'milestone.before',
    params: (m) => ({
      field: m[1] === 'planned_on' ? messagesOf('field.planned_on') : messagesOf('field.actual_on'),
      field_code: m[1] ?? '',
      kind: label('milestone', m[2] ?? ''),
      kind_code: m[2] ?? '',
      date: m[3] ?? '',
      other: label('milestone', m[5] ?? ''),
      other_code: m[5] ?? '',
      other_date: m[6] ?? '',
    }),
    example: 'planned_on of clearance (2026-01-01) is before that of acquisition (2026-03-01)',
  },
  {
    pattern: /^until (\S+) is before today \((\S+)\)$/,
    key: 'project.until_before_today',
    params: (m) => ({ date: m[1] ?? '', today: m[2] ?? '' }),
    example: 'until 2026-01-01 is before today (2026-12-06)',
  },
  {
    pattern: /^(\w+) (\d{4}-\d\d-\d\d) is after today \((\S+)\)$/,
    key: 'project.date_after_today',
    params: (m) => ({ field: m[1] ?? '', date: m[2] ?? '', today: m[3] ?? '' }),
    example: 'lead_on 2099-01-01 is after today (2026-12-06)',
  },
  {
    pattern: /^a resolved blocker needs a resolution$/,
    key: 'project.resolution_needed',
    example: 'a resolved blocker needs a resolution',
  },
  {
    pattern: /^on (\S+) is before the date the project entered (\w+) \((\S+)\)$/,
    key: 'project.on_before_stage',
    params: (m) => ({
      on: m[1] ?? '',
      stage: label('stage', m[2] ?? ''),
      stage_code: m[2] ?? '',
      entered: m[3] ?? '',
    }),
    example: 'on 2026-01-01 is before the date the project entered signed (2026-02-01)',
  },
  {
    pattern: /^land acquired on (\S+) would be before signing on (\S+)$/,
    key: 'project.landed_before_signed',
    params: (m) => ({ landed: m[1] ?? '', signed: m[2] ?? '' }),
    example: 'land acquired on 2026-01-01 would be before signing on 2026-02-01',
  },
  {
    pattern: /^no parcel (\d+)$/,
    key: 'project.existing_parcel_missing',
    params: (m) => ({ id: m[1] ?? '' }),
    example: 'no parcel 12',
  },
  {
    pattern: /^area_mu_min (\S+) is more than area_mu_max (\S+)$/,
    key: 'project.area_min_max',
    params: (m) => ({ min: m[1] ?? '', max: m[2] ?? '' }),
    example: 'area_mu_min 50 is more than area_mu_max 20',
  },
  {
    pattern: /^the project is already at stage (\w+)$/,
    key: 'project.stage_same',
    params: (m) => ({ to: label('stage', m[1] ?? ''), to_code: m[1] ?? '' }),
    example: 'the project is already at stage signed',
  },
  {
    pattern: /^dropping a project needs a note/,
    key: 'project.drop_needs_note',
    example: 'dropping a project needs a note giving the reason',
  },
  {
    pattern: /^reopening a dropped project at (\w+) needs a note saying why$/,
    key: 'project.reopen_needs_note',
    params: (m) => ({ to: label('stage', m[1] ?? ''), to_code: m[1] ?? '' }),
    example: 'reopening a dropped project at lead needs a note saying why',
  },
  {
    pattern: /^moving back from (\w+) to (\w+) needs a note saying why$/,
    key: 'project.back_needs_note',
    params: (m) => ({
      from: label('stage', m[1] ?? ''),
      to: label('stage', m[2] ?? ''),
      from_code: m[1] ?? '',
      to_code: m[2] ?? '',
    }),
    example: 'moving back from in_production to lead needs a note saying why',
  },
  {
    pattern: /^backward schedule \(倒排\), saved although infeasible: earliest feasible (\S+)$/,
    key: 'history.backward_schedule_infeasible',
    params: (m) => ({ earliest: m[1] ?? '' }),
    example: 'backward schedule (倒排), saved although infeasible: earliest feasible 2027-05-01',
  },
  {
    pattern: /^backward schedule \(倒排\)$/,
    key: 'history.backward_schedule',
    example: 'backward schedule (倒排)',
  },
  {
    pattern: /^import (.+)$/s,
    key: 'history.import',
    params: (m) => ({ file: m[1] ?? '' }),
    example: 'import plan.zip',
  },
  {
    pattern: /^reserved for project (\d+)$/,
    key: 'history.reserved_for',
    params: (m) => ({ project: m[1] ?? '' }),
    example: 'reserved for project 12',
  },
  { pattern: /^expired$/, key: 'history.expired', example: 'expired' },
  { pattern: /^released$/, key: 'history.released', example: 'released' },
  { pattern: /^transferred$/, key: 'history.transferred', example: 'transferred' },
  { pattern: /^merged$/, key: 'history.merged', example: 'merged' },
  { pattern: /^agenda frozen$/, key: 'history.agenda_frozen', example: 'agenda frozen' },
  {
    pattern: /^split into (.+)$/,
    key: 'history.split_into',
    params: (m) => ({ codes: m[1] ?? '' }),
    example: 'split into GX-1-A, GX-1-B',
  },
]

/** The milestone check's "is after" reads with its own words; the pattern above reads both. */
function fixDirection(text: Text, english: string): Text {
  return text.key === 'milestone.before' && / is after that of /.test(english)
    ? { ...text, key: 'milestone.after' }
    : text
}

/** The examples of the patterns, for the coverage test. */
export const REASON_EXAMPLES: readonly { example: string; key: MessageKey }[] = PATTERNS.map((p) => ({
  example: p.example,
  key: p.key,
}))

/**
 * An English reason as a catalogue key and parameters, or null when it is none we know (then it is shown as
 * written). `reasonText('geometry overlaps parcel A-1')` → { key: 'geometry.overlaps', params: { codes: 'A-1' } }
 */
export function reasonText(english: string): Text | null {
  const geos = geosReason(english)
  if (geos) return geos
  for (const p of PATTERNS) {
    const m = p.pattern.exec(english)
    if (m) return fixDirection({ key: p.key, params: p.params?.(m) ?? {} }, english)
  }
  return null
}

/**
 * A reason in every language: a known one translated, several joined by "; " each translated, an unknown one
 * as written in both.
 */
export function reasonMessages(english: string): Messages {
  const text = reasonText(english)
  if (text) return messagesOf(text.key, text.params)
  const parts = english.split('; ')
  if (parts.length > 1) {
    const each = parts.map(reasonMessages)
    return { 'zh-CN': each.map((m) => m['zh-CN']).join('；'), en: english }
  }
  return { 'zh-CN': english, en: english }
}
