import ExcelJS from 'exceljs'
import { fill, type Language, label, type Messages } from '../messages'
import { MILESTONE_KINDS, type MilestoneKind } from '../vocabulary'

export interface CsvParcel {
  code: string
  name: string | null
  land_use: string
  status: string
  area_m2: number
  area_mu: number
  target_on: string | null
  ready_on: string | null
  handover_on: string | null
  available_on: string | null
  readiness: string | null
  milestones: { kind: MilestoneKind; planned_on: string | null; actual_on: string | null }[]
}

/**
 * Column names: the parcel's fields, its target and forecast (可供日期 ready_on, 交地日期 handover_on, available_on:
 * ready_on while not handed over), then each milestone's planned and actual date, in lifecycle order.
 */
export const CSV_COLUMNS = [
  'code',
  'name',
  'land_use',
  'status',
  'area_m2',
  'area_mu',
  'target_on',
  'ready_on',
  'handover_on',
  'available_on',
  'readiness',
  ...MILESTONE_KINDS.flatMap((kind) => [`${kind}_planned`, `${kind}_actual`]),
]

/**
 * One CSV cell. Text that a spreadsheet would run as a formula (= + - @, tab, CR) gets a leading
 * apostrophe; cells with commas, quotes or line breaks are quoted. `csvCell('=1+1')` → `'=1+1`
 */
export function csvCell(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return ''
  let text = String(value)
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text
}

/**
 * The parcels as CSV for Excel: UTF-8 with a BOM (so Chinese shows right), CRLF line ends, areas in m² and mu,
 * every milestone's planned and actual date.
 */
export function parcelsToCsv(parcels: readonly CsvParcel[]): string {
  const lines = [CSV_COLUMNS.join(',')]
  for (const p of parcels) {
    const byKind = new Map(p.milestones.map((m) => [m.kind, m]))
    const cells = [
      p.code,
      p.name,
      p.land_use,
      p.status,
      p.area_m2,
      p.area_mu,
      p.target_on,
      p.ready_on,
      p.handover_on,
      p.available_on,
      p.readiness,
      ...MILESTONE_KINDS.flatMap((kind) => [byKind.get(kind)?.planned_on, byKind.get(kind)?.actual_on]),
    ]
    lines.push(cells.map(csvCell).join(','))
  }
  return `\uFEFF${lines.join('\r\n')}\r\n`
}

/**
 * Rows of any table as CSV (UTF-8 with a BOM, CRLF), columns in the order of the first row; objects and
 * arrays are written as JSON. `rowsToCsv([{ a: 1, b: 'x' }])` → '\uFEFFa,b\r\n1,x\r\n'
 */
export function rowsToCsv(rows: readonly Record<string, unknown>[]): string {
  const columns = Object.keys(rows[0] ?? {})
  const cell = (v: unknown) =>
    csvCell(
      v === null || v === undefined
        ? null
        : typeof v === 'object'
          ? JSON.stringify(v)
          : (v as string | number),
    )
  const lines = [columns.join(','), ...rows.map((row) => columns.map((c) => cell(row[c])).join(','))]
  return `\uFEFF${lines.join('\r\n')}\r\n`
}

/** How an export writes its headers and codes: words in a language (the default, for people) or the codes. */
export interface ExportLabels {
  labels: 'words' | 'codes'
  language: Language
}

const HEADINGS: Record<string, Messages> = {
  code: { 'zh-CN': '地块编号', en: 'Parcel code' },
  name: { 'zh-CN': '地块名称', en: 'Name' },
  land_use: { 'zh-CN': '用地性质', en: 'Land use' },
  status: { 'zh-CN': '状态', en: 'Status' },
  area_m2: { 'zh-CN': '面积（平方米）', en: 'Area (m²)' },
  area_mu: { 'zh-CN': '面积（亩）', en: 'Area (mu)' },
  target_on: { 'zh-CN': '目标交地日期', en: 'Target hand-over' },
  ready_on: { 'zh-CN': '预计可供日期', en: 'Forecast ready' },
  handover_on: { 'zh-CN': '预计交地日期', en: 'Forecast hand-over' },
  available_on: { 'zh-CN': '可供日期', en: 'Available on' },
  readiness: { 'zh-CN': '供地进度', en: 'Readiness' },
}
const PLANNED: Messages = { 'zh-CN': '{kind}计划日期', en: '{kind} planned' }
const ACTUAL: Messages = { 'zh-CN': '{kind}实际日期', en: '{kind} actual' }

/** The export's header row: the codes of CSV_COLUMNS, or their words in `language`. */
export function exportHeaders({ labels, language }: ExportLabels): string[] {
  if (labels === 'codes') return [...CSV_COLUMNS]
  return [
    ...Object.values(HEADINGS).map((h) => h[language]),
    ...MILESTONE_KINDS.flatMap((kind) => [
      fill(PLANNED[language], { kind: label('milestone', kind) }, language),
      fill(ACTUAL[language], { kind: label('milestone', kind) }, language),
    ]),
  ]
}

/** The export's rows, in the columns of `exportHeaders`; status, land use and readiness in words unless codes. */
export function exportRows(
  parcels: readonly CsvParcel[],
  { labels, language }: ExportLabels,
): (string | number | null | undefined)[][] {
  const word = (group: 'status' | 'land_use' | 'readiness', code: string | null) =>
    code === null || labels === 'codes' ? code : label(group, code)[language]
  return parcels.map((p) => {
    const byKind = new Map(p.milestones.map((m) => [m.kind, m]))
    return [
      p.code,
      p.name,
      word('land_use', p.land_use),
      word('status', p.status),
      p.area_m2,
      p.area_mu,
      p.target_on,
      p.ready_on,
      p.handover_on,
      p.available_on,
      word('readiness', p.readiness),
      ...MILESTONE_KINDS.flatMap((kind) => [byKind.get(kind)?.planned_on, byKind.get(kind)?.actual_on]),
    ]
  })
}

/**
 * The parcels as CSV for Excel and WPS: UTF-8 with a BOM, CRLF, headers and codes in words unless `codes`.
 * `parcelsToLabelledCsv(parcels, { labels: 'words', language: 'zh-CN' })` starts '\uFEFF地块编号,地块名称,用地性质,…'
 */
export function parcelsToLabelledCsv(parcels: readonly CsvParcel[], options: ExportLabels): string {
  const lines = [exportHeaders(options).map(csvCell).join(',')]
  for (const cells of exportRows(parcels, options)) lines.push(cells.map(csvCell).join(','))
  return `\uFEFF${lines.join('\r\n')}\r\n`
}

/**
 * The parcels as an XLSX workbook (one sheet 地块 / Parcels, the header row frozen and bold), the same columns
 * and words as the CSV; dates stay text YYYY-MM-DD (zone dates, Asia/Shanghai), areas numbers.
 */
export async function parcelsToXlsx(parcels: readonly CsvParcel[], options: ExportLabels): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook()
  workbook.creator = 'Guatu'
  const sheet = workbook.addWorksheet(options.language === 'en' ? 'Parcels' : '地块', {
    views: [{ state: 'frozen', ySplit: 1 }],
  })
  const headers = exportHeaders(options)
  sheet.addRow(headers).font = { bold: true }
  for (const cells of exportRows(parcels, options)) sheet.addRow(cells.map((c) => c ?? null))
  sheet.columns.forEach((column, i) => {
    column.width = Math.max(10, (headers[i]?.length ?? 0) * (options.language === 'en' ? 1.1 : 2.2))
  })
  return Buffer.from(await workbook.xlsx.writeBuffer())
}
