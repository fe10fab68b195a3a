import ExcelJS from 'exceljs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { closeTestPool, loginCookie, testApp, testPool } from '../../support/app'

const app = testApp()
const cookies: Record<string, string> = {}
// a demo firm that reports every year, and what it reported for 2025 before the tests
let firm: { id: number; name: string; credit_code: string }
let before: Record<string, unknown>[] = []

async function indicatorsOf(id: number) {
  const { rows } = await testPool().query(
    'select year, tax_wan, output_wan, energy_tce, employees, rd_wan, version from firm_indicators where firm_id = $1 order by year',
    [id],
  )
  return rows
}

beforeAll(async () => {
  for (const user of ['officer', 'leader']) cookies[user] = await loginCookie(app, user)
  const { rows } = await testPool().query(
    `select f.id::int, f.name, f.credit_code from firms f
     where (select count(*) from firm_indicators i where i.firm_id = f.id) = 3 order by f.id limit 1`,
  )
  firm = rows[0]
  before = await indicatorsOf(firm.id)
})
afterAll(async () => {
  // puts back what the successful import replaced
  for (const row of before) {
    await testPool().query(
      `update firm_indicators set tax_wan = $3, output_wan = $4, energy_tce = $5, employees = $6, rd_wan = $7
       where firm_id = $1 and year = $2`,
      [firm.id, row.year, row.tax_wan, row.output_wan, row.energy_tce, row.employees, row.rd_wan],
    )
  }
  await testPool().query(`delete from firm_indicators where firm_id = $1 and year = 2026`, [firm.id])
  await testPool().query(`delete from history where entity_type = 'firm' and entity_id = $1`, [firm.id])
  await closeTestPool()
})

async function xlsx(rows: (string | number | null)[][]): Promise<Uint8Array> {
  const workbook = new ExcelJS.Workbook()
  const sheet = workbook.addWorksheet('2025')
  sheet.addRow([
    '企业名称',
    '统一社会信用代码',
    '年度',
    '税收（万元）',
    '产值（万元）',
    '综合能耗（吨标准煤）',
    '从业人员（人）',
    '研发经费（万元）',
  ])
  for (const row of rows) sheet.addRow(row)
  return new Uint8Array(await workbook.xlsx.writeBuffer())
}

async function upload(bytes: Uint8Array | string, filename: string, user = 'officer') {
  const form = new FormData()
  form.set('file', new File([typeof bytes === 'string' ? bytes : new Uint8Array(bytes)], filename))
  const res = await app.request('/api/firms/indicators/import', {
    method: 'POST',
    body: form,
    headers: { cookie: cookies[user] ?? '' },
  })
  return { status: res.status, body: await res.json() }
}

describe('POST /api/firms/indicators/import', () => {
  it('writes nothing when one row is bad, and names the row and its reason', async () => {
    const { status, body } = await upload(
      await xlsx([
        [firm.name, null, 2025, 1, 2, 3, 4, 5],
        [firm.name, null, 2026, 10, 20, 30, 40, 50],
        ['没有这家企业有限公司', null, 2025, 1, 2, 3, 4, 5],
        [firm.name, null, 2024, -5, 20, 30, 40.5, 50],
      ]),
      'indicators.xlsx',
    )
    expect(status).toBe(422)
    expect(body.error.code).toBe('import_rejected')
    expect(body.error.message).toBe('4 行中有 2 行无法导入，未写入任何数据')
    // each row's reason in the caller's language (zh-CN here), the English beside it
    expect(
      body.error.details.map((d: { row: number; firm: string; reason: string; reason_en?: string }) => ({
        row: d.row,
        firm: d.firm,
        reason: d.reason_en ?? d.reason,
      })),
    ).toEqual([
      { row: 4, firm: '没有这家企业有限公司', reason: 'no such firm in the zone' },
      { row: 5, firm: firm.name, reason: 'tax: -5 is negative; employees: 40.5 is not a whole number' },
    ])
    expect(body.error.details.map((d: { reason: string }) => d.reason)).toEqual([
      '园区内没有这家企业',
      '税收：-5 为负数；从业人员：40.5 不是整数',
    ])
    expect(await indicatorsOf(firm.id)).toEqual(before)
  })

  it('checks without writing in a dry run, telling the rows it would add from those it would replace', async () => {
    const form = new FormData()
    const bytes = await xlsx([
      [firm.name, null, 2025, 123.45, 2000, 80, 40, 60],
      [null, firm.credit_code, 2026, 10, 20, 30, 40, 50],
      // a template row left unfilled
      [firm.name, null, 2024, null, null, null, null, null],
    ])
    form.set('file', new File([new Uint8Array(bytes)], 'indicators.xlsx'))
    form.set('dry_run', 'true')
    const res = await app.request('/api/firms/indicators/import', {
      method: 'POST',
      body: form,
      headers: { cookie: cookies.officer ?? '' },
    })
    expect(res.status).toBe(200)
    // 2025 is reported already (replaced), 2026 is not (new)
    expect(await res.json()).toEqual({ created: 1, updated: 1, rejected: [], skipped: 1, dry_run: true })
    expect(await indicatorsOf(firm.id)).toEqual(before)
  })

  it('answers 400 in Chinese for a template sent back with no figure filled in, writing nothing', async () => {
    const { status, body } = await upload(
      await xlsx([
        [firm.name, null, 2025, null, null, null, null, null],
        [null, firm.credit_code, 2024, '', '', '', '', ''],
      ]),
      'indicators.xlsx',
    )
    expect([status, body.error.code]).toEqual([400, 'validation_failed'])
    expect(body.error.message).toBe('2 行均未填写任何指标，没有可导入的数据')
    expect(await indicatorsOf(firm.id)).toEqual(before)
  })

  it('refuses figures too large for their columns with 422 and the row, never 500', async () => {
    const csv = `企业名称,年度,从业人员（人）,税收（万元）\n${firm.name},2025,3000000000,1\n${firm.name},2026,1,999999999999.999\n`
    const { status, body } = await upload(csv, 'indicators.csv')
    expect([status, body.error.code]).toEqual([422, 'import_rejected'])
    expect(body.error.details.map((d: { row: number; reason: string }) => [d.row, d.reason])).toEqual([
      [2, '从业人员：3000000000 超出可填范围'],
      [3, '税收：999999999999.999 超出可填范围'],
    ])
    expect(await indicatorsOf(firm.id)).toEqual(before)
  })

  it('says why a file cannot be read in Chinese', async () => {
    const { status, body } = await upload('企业名称,年度\n', 'indicators.txt')
    expect([status, body.error.message]).toEqual([400, '无法读取指标文件：请上传 .xlsx（模板）或 .csv 文件'])
  })

  it('replaces a year reported and adds a new one, by name or by credit code, with history', async () => {
    const { status, body } = await upload(
      await xlsx([
        [firm.name, null, 2025, 123.45, 2000, 80, 40, 60],
        [null, firm.credit_code, 2026, 10, 20, 30, 40, 50],
        // a template row left unfilled: skipped, so the 2024 figures already reported stay as they were
        [firm.name, firm.credit_code, 2024, null, null, null, null, null],
      ]),
      'indicators.xlsx',
    )
    expect(status).toBe(200)
    expect(body).toEqual({ created: 1, updated: 1, rejected: [], skipped: 1, dry_run: false })
    const after = await indicatorsOf(firm.id)
    expect(after.map((r) => [r.year, r.tax_wan, r.employees, r.version])).toEqual([
      [2023, before[0]?.tax_wan, before[0]?.employees, 1],
      [2024, before[1]?.tax_wan, before[1]?.employees, 1],
      [2025, 123.45, 40, 2],
      [2026, 10, 40, 1],
    ])
    const { rows } = await testPool().query(
      `select action, reason from history where entity_type = 'firm' and entity_id = $1`,
      [firm.id],
    )
    expect(rows).toEqual([
      { action: 'import', reason: 'import indicators.xlsx' },
      { action: 'import', reason: 'import indicators.xlsx' },
    ])
  })

  it('reads a CSV with the Chinese headers', async () => {
    const csv = `企业名称,年度,税收（万元）,产值（万元）,综合能耗（吨标准煤）,从业人员（人）,研发经费（万元）\n${firm.name},2026,11,22,33,44,55\n`
    const { status, body } = await upload(csv, 'indicators.csv')
    expect(status).toBe(200)
    expect(body).toMatchObject({ created: 0, updated: 1 })
    const row2026 = (await indicatorsOf(firm.id)).find((r) => r.year === 2026)
    expect([row2026?.tax_wan, row2026?.rd_wan]).toEqual([11, 55])
  })

  it('answers 400 for a file without the header row and 403 to a leader', async () => {
    expect((await upload('a,b\n1,2\n', 'x.csv')).status).toBe(400)
    expect((await upload(await xlsx([]), 'x.xlsx', 'leader')).status).toBe(403)
  })
})

describe('GET /api/firms/indicators/template', () => {
  it('is an XLSX with the Chinese headers and a row per firm', async () => {
    const res = await app.request('/api/firms/indicators/template?year=2026', {
      headers: { cookie: cookies.leader ?? '' },
    })
    expect(res.status).toBe(200)
    const workbook = new ExcelJS.Workbook()
    await workbook.xlsx.load((await res.arrayBuffer()) as never)
    const sheet = workbook.worksheets[0]
    expect(sheet?.getRow(1).values).toEqual([
      undefined,
      '企业名称',
      '统一社会信用代码',
      '年度',
      '税收（万元）',
      '产值（万元）',
      '综合能耗（吨标准煤）',
      '从业人员（人）',
      '研发经费（万元）',
    ])
    const { rows } = await testPool().query('select count(*)::int as n from firms')
    expect(sheet?.rowCount).toBe(1 + rows[0].n)
  })
})
