import { isMessageKey, type Language, MESSAGES } from '../messages'

/** A rejected (or overlapping) row as the API lists it: its reason in the caller's language and, when known, key. */
export interface ReportedRow {
  index: number
  code: string | null
  reason: string
  reason_key?: string
  reason_params?: Record<string, unknown>
}

export interface RejectionGroup {
  /** the catalogue key the rows share, or null for a reason the catalogue does not know */
  reason_key: string | null
  /** the rows' reason when they all give the same one, else the message with "…" for what differs */
  reason: string
  count: number
  /** the first rows, in file order */
  rows: ReportedRow[]
}

/** What rows are grouped by: their key (with a nested reason's key, e.g. which GEOS reason), else their words. */
function groupKey(row: ReportedRow): string {
  if (!row.reason_key) return `text:${row.reason}`
  const nested = row.reason_params?.reason
  const nestedKey =
    nested && typeof nested === 'object' && 'en' in nested
      ? String((nested as { en: unknown }).en)
          .replace(/\[.*\]$/, '')
          .replace(/\d+/g, '#')
      : ''
  return `key:${row.reason_key}:${nestedKey}`
}

/**
 * Rows grouped by reason, the largest group first, each with its count and its first `first` rows: 4,241 rows
 * refused for one reason are one line, not 4,241. `groupRejections(rows, 'zh-CN')`
 */
export function groupRejections(
  rows: readonly ReportedRow[],
  language: Language,
  first = 5,
): RejectionGroup[] {
  const groups = new Map<
    string,
    { rows: ReportedRow[]; count: number; reasons: Set<string>; key: string | null }
  >()
  for (const row of rows) {
    const id = groupKey(row)
    let group = groups.get(id)
    if (!group) {
      group = { rows: [], count: 0, reasons: new Set(), key: row.reason_key ?? null }
      groups.set(id, group)
    }
    group.count += 1
    if (group.reasons.size < 2) group.reasons.add(row.reason)
    if (group.rows.length < first) group.rows.push(row)
  }
  return [...groups.values()]
    .map((g) => ({
      reason_key: g.key,
      reason:
        g.reasons.size === 1 || !isMessageKey(g.key)
          ? (g.rows[0]?.reason ?? '')
          : MESSAGES[g.key][language].replace(/\{\w+\}/g, '…'),
      count: g.count,
      rows: g.rows,
    }))
    .sort((a, b) => b.count - a.count || (a.rows[0]?.index ?? 0) - (b.rows[0]?.index ?? 0))
}
