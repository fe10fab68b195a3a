/**
 * The columns of the annual indicator template (亩均效益 填报模板), Chinese headers first; a file may also use the
 * English keys as headers. Money in 万元, energy in tce (吨标准煤).
 */
export const INDICATOR_COLUMNS = [
  { key: 'firm', zh: '企业名称', en: 'Firm', width: 32 },
  { key: 'credit_code', zh: '统一社会信用代码', en: 'Credit code', width: 22 },
  { key: 'year', zh: '年度', en: 'Year', width: 8 },
  { key: 'tax_wan', zh: '税收（万元）', en: 'Tax (10k yuan)', width: 14 },
  { key: 'output_wan', zh: '产值（万元）', en: 'Output (10k yuan)', width: 14 },
  { key: 'energy_tce', zh: '综合能耗（吨标准煤）', en: 'Energy (tce)', width: 18 },
  { key: 'employees', zh: '从业人员（人）', en: 'Employees', width: 14 },
  { key: 'rd_wan', zh: '研发经费（万元）', en: 'R&D (10k yuan)', width: 16 },
] as const
export type IndicatorColumn = (typeof INDICATOR_COLUMNS)[number]['key']

/** A header as written in a file → its column: the Chinese header, the English one or the key, spaces and brackets loose. */
export function columnOfHeader(header: string): IndicatorColumn | null {
  const norm = (s: string) =>
    s
      .normalize('NFKC')
      .replace(/[\s_]/g, '')
      .replace(/[（(].*$/, '')
      .toLowerCase()
  const h = norm(header)
  if (!h) return null
  for (const c of INDICATOR_COLUMNS) {
    if ([c.zh, c.en, c.key].some((name) => norm(name) === h)) return c.key
  }
  return null
}

export interface IndicatorRow {
  /** the row's number in the file (the header is row 1) */
  row: number
  firm: string | null
  creditCode: string | null
  year: number
  taxWan: number | null
  outputWan: number | null
  energyTce: number | null
  employees: number | null
  rdWan: number | null
}

export interface IndicatorRejection {
  row: number
  firm: string | null
  reason: string
}

type Cell = string | number | null

function text(cell: Cell | undefined): string | null {
  if (cell === null || cell === undefined) return null
  const s = String(cell).trim()
  return s === '' ? null : s
}

function amount(cell: Cell | undefined, label: string, integer: boolean): number | null | string {
  const s = text(cell)
  if (s === null) return null
  const value = typeof cell === 'number' ? cell : Number(s.replace(/,/g, ''))
  if (!Number.isFinite(value)) return `${label}: "${s}" is not a number`
  if (value < 0) return `${label}: ${value} is negative`
  if (integer && !Number.isInteger(value)) return `${label}: ${value} is not a whole number`
  // employees are stored as an integer column, money and energy as numeric(14, 2) once rounded to cents
  const stored = integer ? value : Math.round(value * 100) / 100
  if (stored > (integer ? 2_147_483_647 : 999_999_999_999.99)) return `${label}: ${value} is too large`
  return stored
}

const FIGURE_COLUMNS = ['tax_wan', 'output_wan', 'energy_tce', 'employees', 'rd_wan'] as const

/**
 * Checks the rows of an indicator file (the cells under the header, by column): each row names a firm (name or
 * credit code) and a year 2000–2100, and its figures are empty or non-negative numbers (employees whole). A firm
 * and year given twice is refused on its second row. A row without any figure is a template row left unfilled:
 * it is skipped (its row number in `skipped`), so a year already reported is never emptied by it. Answers the
 * rows that pass and the reasons of those that do not; an import writes nothing when any row is refused.
 * `checkIndicatorRows([{ row: 2, cells: { firm: '甲', year: 2025 } }])` → `{ rows: [], rejected: [], skipped: [2] }`.
 */
export function checkIndicatorRows(
  rows: readonly { row: number; cells: Partial<Record<IndicatorColumn, Cell>> }[],
): { rows: IndicatorRow[]; rejected: IndicatorRejection[]; skipped: number[] } {
  const accepted: IndicatorRow[] = []
  const rejected: IndicatorRejection[] = []
  const skipped: number[] = []
  const seen = new Set<string>()
  for (const { row, cells } of rows) {
    if (FIGURE_COLUMNS.every((column) => text(cells[column]) === null)) {
      skipped.push(row)
      continue
    }
    const firm = text(cells.firm)
    const creditCode = text(cells.credit_code)?.toUpperCase() ?? null
    const problems: string[] = []
    if (!firm && !creditCode) problems.push('no firm name or credit code')
    const yearText = text(cells.year)
    const year = yearText === null ? Number.NaN : Number(yearText.replace(/年$/, ''))
    if (!Number.isInteger(year) || year < 2000 || year > 2100) {
      problems.push(`year: "${yearText ?? ''}" is not a year between 2000 and 2100`)
    }
    const figures = {
      taxWan: amount(cells.tax_wan, 'tax', false),
      outputWan: amount(cells.output_wan, 'output', false),
      energyTce: amount(cells.energy_tce, 'energy', false),
      employees: amount(cells.employees, 'employees', true),
      rdWan: amount(cells.rd_wan, 'R&D', false),
    }
    for (const value of Object.values(figures)) if (typeof value === 'string') problems.push(value)
    const key = `${creditCode ?? firm}|${year}`
    if (problems.length === 0 && seen.has(key)) problems.push(`${firm ?? creditCode} ${year} is given twice`)
    if (problems.length > 0) {
      rejected.push({ row, firm: firm ?? creditCode, reason: problems.join('; ') })
      continue
    }
    seen.add(key)
    accepted.push({
      row,
      firm,
      creditCode,
      year,
      ...(figures as Record<keyof typeof figures, number | null>),
    })
  }
  return { rows: accepted, rejected, skipped }
}
