import { findFirmsByNameOrCode, findReportedFirmYears, upsertFirmIndicators } from '../../db/firms'
import {
  checkIndicatorRows,
  type IndicatorRejection,
  type IndicatorRow,
} from '../../domain/import/firm-indicators'
import { reasonMessages } from '../../domain/reasons'
import { ApiError } from '../../errors'
import { type Actor, runWrite, type ServiceDeps } from '../write'
import { readIndicatorFile } from './indicator-file'

export interface IndicatorImportReport {
  created: number
  updated: number
  rejected: IndicatorRejection[]
  /** template rows left without any figure: not written, so a year already reported keeps its figures */
  skipped: number
  dry_run: boolean
}

/**
 * Imports annual indicators from the XLSX template or a CSV: each row names a firm (by name or 统一社会信用代码)
 * and a year; a firm and year already reported is replaced. All or nothing: one refused row and nothing is
 * written (422 `import_rejected` with every refused row and its reason). A row without any figure (a template row
 * not filled in) is skipped and counted; a file with no figure at all answers 400. A dry run checks and reports
 * what an import would do (new and replaced rows) without writing.
 */
export async function importFirmIndicators(
  deps: ServiceDeps,
  actor: Actor,
  file: { bytes: Uint8Array; filename: string; dryRun: boolean },
): Promise<IndicatorImportReport> {
  const read = await readIndicatorFile(file.bytes, file.filename)
  if (!read.ok) {
    // the reader's reason is an English sentence of the catalogue (server/domain/reasons.ts): said in both
    const reason = reasonMessages(read.reason)
    throw new ApiError(400, 'validation_failed', read.reason, [{ path: 'file', message: read.reason }], {
      'zh-CN': `无法读取指标文件：${reason['zh-CN']}`,
      en: read.reason,
    })
  }
  const checked = checkIndicatorRows(read.rows)
  if (read.rows.length === 0) {
    throw new ApiError(
      400,
      'validation_failed',
      'The file has no rows under its header',
      [{ path: 'file', message: 'empty' }],
      {
        'zh-CN': '文件表头下没有数据行',
        en: 'The file has no rows under its header',
      },
    )
  }
  const skipped = checked.skipped.length
  if (checked.rows.length + checked.rejected.length === 0) {
    throw new ApiError(
      400,
      'validation_failed',
      `None of the ${skipped} rows has a figure filled in`,
      [{ path: 'file', message: 'no figures' }],
      {
        'zh-CN': `${skipped} 行均未填写任何指标，没有可导入的数据`,
        en: `None of the ${skipped} rows has a figure filled in`,
      },
    )
  }
  return runWrite(deps, actor, async (tx) => {
    const keys = checked.rows.flatMap((r) => [r.firm, r.creditCode].filter((k): k is string => k !== null))
    const firms = await findFirmsByNameOrCode(tx.db, keys)
    const rejected = [...checked.rejected]
    const writes: (IndicatorRow & { firmId: number; firmName: string })[] = []
    for (const row of checked.rows) {
      const byCode = row.creditCode ? firms.find((f) => f.creditCode === row.creditCode) : undefined
      const byName = row.firm ? firms.find((f) => f.name === row.firm) : undefined
      if (byCode && byName && byCode.id !== byName.id) {
        rejected.push({
          row: row.row,
          firm: row.firm,
          reason: `the name and the credit code name two different firms`,
        })
        continue
      }
      const firm = byCode ?? byName
      if (!firm) {
        rejected.push({ row: row.row, firm: row.firm ?? row.creditCode, reason: 'no such firm in the zone' })
        continue
      }
      writes.push({ ...row, firmId: firm.id, firmName: firm.name })
    }
    // the same firm named once by name and once by code for one year
    const seen = new Set<string>()
    for (const w of writes) {
      const key = `${w.firmId}|${w.year}`
      if (seen.has(key))
        rejected.push({ row: w.row, firm: w.firmName, reason: `${w.firmName} ${w.year} is given twice` })
      seen.add(key)
    }
    rejected.sort((a, b) => a.row - b.row)
    if (rejected.length > 0) {
      if (file.dryRun) return { created: 0, updated: 0, rejected, skipped, dry_run: true }
      const total = checked.rows.length + checked.rejected.length
      throw new ApiError(
        422,
        'import_rejected',
        `${rejected.length} of ${total} rows cannot be imported; nothing was written`,
        rejected.map((r) => ({ row: r.row, firm: r.firm, reason: r.reason })),
        {
          'zh-CN': `${total} 行中有 ${rejected.length} 行无法导入，未写入任何数据`,
          en: `${rejected.length} of ${total} rows cannot be imported; nothing was written`,
        },
      )
    }
    if (file.dryRun) {
      const reported = await findReportedFirmYears(tx.db, writes)
      const updated = writes.filter((w) => reported.has(`${w.firmId}|${w.year}`)).length
      return { created: writes.length - updated, updated, rejected, skipped, dry_run: true }
    }
    const written = await upsertFirmIndicators(tx.db, writes)
    const firmIds = [...new Set(written.map((w) => w.firmId))]
    await tx.record({
      resource: 'firms',
      action: 'update',
      ids: firmIds.length <= 500 ? firmIds : [],
      history: written.map((w) => {
        const row = writes.find((x) => x.firmId === w.firmId && x.year === w.year)
        return {
          entityType: 'firm' as const,
          entityId: w.firmId,
          action: 'import' as const,
          changes: {
            year: w.year,
            from: w.before,
            to: {
              tax_wan: row?.taxWan ?? null,
              output_wan: row?.outputWan ?? null,
              energy_tce: row?.energyTce ?? null,
              employees: row?.employees ?? null,
              rd_wan: row?.rdWan ?? null,
            },
          },
          reason: `import ${file.filename}`.slice(0, 500),
        }
      }),
    })
    const updated = written.filter((w) => w.before !== null).length
    return { created: written.length - updated, updated, rejected, skipped, dry_run: false }
  })
}
