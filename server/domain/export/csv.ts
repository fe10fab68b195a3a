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
