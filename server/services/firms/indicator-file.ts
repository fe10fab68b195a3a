import { Readable } from 'node:stream'
import ExcelJS from 'exceljs'
import { columnOfHeader, INDICATOR_COLUMNS, type IndicatorColumn } from '../../domain/import/firm-indicators'
import { decodeSurveyText } from '../../domain/import/text-encoding'

type Cell = string | number | null
export type SheetRows = { row: number; cells: Partial<Record<IndicatorColumn, Cell>> }[]

function plain(value: ExcelJS.CellValue): Cell {
  if (value === null || value === undefined) return null
  if (typeof value === 'number' || typeof value === 'string') return value
  if (typeof value === 'boolean') return String(value)
  if (value instanceof Date) return value.toISOString().slice(0, 10)
  if (typeof value === 'object') {
    if ('result' in value) return plain(value.result as ExcelJS.CellValue)
    if ('richText' in value) return value.richText.map((t) => t.text).join('')
    if ('text' in value) return String(value.text)
  }
  return String(value)
}

/**
 * Reads the first sheet of an XLSX, or a CSV (UTF-8 or GBK), into rows by column; the header row is the first row
 * that names the firm and the year. Answers a reason when the file cannot be read or has no such header.
 */
export async function readIndicatorFile(
  bytes: Uint8Array,
  filename: string,
): Promise<{ ok: true; rows: SheetRows } | { ok: false; reason: string }> {
  const workbook = new ExcelJS.Workbook()
  let sheet: ExcelJS.Worksheet | undefined
  try {
    if (/\.csv$/i.test(filename)) {
      sheet = await workbook.csv.read(Readable.from([decodeSurveyText(bytes)]), {
        // keep figures as written: exceljs would otherwise read "2025" as a date
        map: (value: string) => value,
      } as never)
    } else if (/\.xlsx$/i.test(filename)) {
      await workbook.xlsx.load(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) as never)
      sheet = workbook.worksheets[0]
    } else {
      return { ok: false, reason: 'send an .xlsx (the template) or a .csv file' }
    }
  } catch {
    return { ok: false, reason: `${filename} cannot be read as ${/\.csv$/i.test(filename) ? 'CSV' : 'XLSX'}` }
  }
  if (!sheet) return { ok: false, reason: 'the workbook has no sheet' }
  let columns: Map<number, IndicatorColumn> | null = null
  const rows: SheetRows = []
  sheet.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    const values = (row.values as ExcelJS.CellValue[]).map(plain)
    if (!columns) {
      const found = new Map<number, IndicatorColumn>()
      values.forEach((v, i) => {
        const column = typeof v === 'string' ? columnOfHeader(v) : null
        if (column) found.set(i, column)
      })
      const named = new Set(found.values())
      if ((named.has('firm') || named.has('credit_code')) && named.has('year')) columns = found
      return
    }
    const cells: Partial<Record<IndicatorColumn, Cell>> = {}
    for (const [i, column] of columns) cells[column] = values[i] ?? null
    if (Object.values(cells).every((c) => c === null || String(c).trim() === '')) return
    rows.push({ row: rowNumber, cells })
  })
  if (!columns) {
    return {
      ok: false,
      reason: `no header row naming the firm (${INDICATOR_COLUMNS[0].zh}) and the year (${INDICATOR_COLUMNS[2].zh})`,
    }
  }
  return { ok: true, rows }
}

/** The XLSX template officers fill: Chinese headers (English in a note), one example row per firm given. */
export async function indicatorTemplate(
  firms: readonly { name: string; creditCode: string | null }[],
  year: number,
): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook()
  workbook.creator = 'Guatu 挂图'
  const sheet = workbook.addWorksheet(`${year}年度亩均效益`)
  sheet.columns = INDICATOR_COLUMNS.map((c) => ({ header: c.zh, key: c.key, width: c.width }))
  INDICATOR_COLUMNS.forEach((c, i) => {
    const cell = sheet.getRow(1).getCell(i + 1)
    cell.note = c.en
    cell.font = { bold: true }
  })
  for (const firm of firms) sheet.addRow({ firm: firm.name, credit_code: firm.creditCode ?? '', year })
  sheet.views = [{ state: 'frozen', ySplit: 1 }]
  const notes = workbook.addWorksheet('填报说明')
  notes.addRows([
    ['填报说明 / How to fill'],
    ['每行一家企业一个年度；金额单位万元，能耗单位吨标准煤；空白表示未填报（该企业该年度不参与评价）。'],
    ['One row per firm and year; money in 万元 (10k yuan), energy in tce; a blank cell is not reported.'],
    ['导入为整体导入：任何一行有误则不写入任何数据，并列出每行的原因。'],
    [
      'The import is all or nothing: one bad row and nothing is written; each bad row is listed with its reason.',
    ],
  ])
  return Buffer.from(await workbook.xlsx.writeBuffer())
}
