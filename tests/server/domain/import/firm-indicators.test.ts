import { describe, expect, it } from 'vitest'
import { checkIndicatorRows, columnOfHeader } from '../../../../server/domain/import/firm-indicators'

describe('checkIndicatorRows', () => {
  it('accepts a full row, rounding money to 2 decimals and reading thousands separators', () => {
    const { rows, rejected, skipped } = checkIndicatorRows([
      {
        row: 2,
        cells: {
          firm: ' 甲公司 ',
          year: '2025年',
          tax_wan: '1,234.567',
          output_wan: 5000,
          energy_tce: '0',
          employees: 12,
          rd_wan: null,
        },
      },
    ])
    expect({ rejected, skipped }).toEqual({ rejected: [], skipped: [] })
    expect(rows).toEqual([
      {
        row: 2,
        firm: '甲公司',
        creditCode: null,
        year: 2025,
        taxWan: 1234.57,
        outputWan: 5000,
        energyTce: 0,
        employees: 12,
        rdWan: null,
      },
    ])
  })

  it('skips a row without any figure (a template row left unfilled), whatever it names', () => {
    const { rows, rejected, skipped } = checkIndicatorRows([
      { row: 2, cells: { firm: '甲公司', credit_code: '91440400MA4UXXXX0A', year: 2025 } },
      { row: 3, cells: { firm: '乙公司', year: 'next year', tax_wan: ' ', rd_wan: '' } },
      { row: 4, cells: { firm: '丙公司', year: 2025, employees: 0 } },
    ])
    expect(skipped).toEqual([2, 3])
    expect(rejected).toEqual([])
    // a zero is a figure: the row is kept
    expect(rows.map((r) => [r.row, r.employees])).toEqual([[4, 0]])
  })

  it('names every problem of a row, and refuses a firm and year given twice on its second row', () => {
    const { rows, rejected } = checkIndicatorRows([
      { row: 2, cells: { year: 2025, tax_wan: 1 } },
      { row: 3, cells: { firm: '甲公司', year: 1999, tax_wan: -1, employees: 2.5, output_wan: 'abc' } },
      { row: 4, cells: { firm: '甲公司', year: 2025, tax_wan: 1 } },
      { row: 5, cells: { firm: '甲公司', year: 2025, tax_wan: 2 } },
      { row: 6, cells: { firm: '乙公司', year: 2025, energy_tce: 1e12 } },
      // what the columns hold: employees an integer, money numeric(14, 2) once rounded to cents
      { row: 7, cells: { firm: '丙公司', year: 2025, employees: 3_000_000_000 } },
      { row: 8, cells: { firm: '丁公司', year: 2025, tax_wan: '999999999999.999' } },
      { row: 9, cells: { firm: '戊公司', year: 2025, tax_wan: '999999999999.99', employees: 2_147_483_647 } },
    ])
    expect(rows.map((r) => r.row)).toEqual([4, 9])
    expect(rejected).toEqual([
      { row: 2, firm: null, reason: 'no firm name or credit code' },
      {
        row: 3,
        firm: '甲公司',
        reason:
          'year: "1999" is not a year between 2000 and 2100; tax: -1 is negative; output: "abc" is not a number; employees: 2.5 is not a whole number',
      },
      { row: 5, firm: '甲公司', reason: '甲公司 2025 is given twice' },
      { row: 6, firm: '乙公司', reason: 'energy: 1000000000000 is too large' },
      { row: 7, firm: '丙公司', reason: 'employees: 3000000000 is too large' },
      { row: 8, firm: '丁公司', reason: 'tax: 999999999999.999 is too large' },
    ])
  })
})

describe('columnOfHeader', () => {
  it('reads the Chinese header, the English one or the key, with loose spaces and units', () => {
    expect(
      ['企业名称', ' 税收（万元） ', 'Tax (10k yuan)', 'energy_tce', '综合能耗(吨标准煤)', '备注'].map(
        columnOfHeader,
      ),
    ).toEqual(['firm', 'tax_wan', 'tax_wan', 'energy_tce', 'energy_tce', null])
  })
})
