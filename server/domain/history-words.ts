import { LABELS, type Language, label, say } from './messages'
import { reasonMessages, reasonText } from './reasons'
import { m2ToMu, round } from './units'

/**
 * A history row put into words in one language: each change as a line ("边界：27.21 → 37.03 亩", "状态：规划 →
 * 可供地"), codes as their labels, areas in 亩, never JSON; the stored reason said in the language. Stored rows
 * keep what the services wrote (English reasons, codes, GeoJSON), so old rows read the same way.
 */

/** One change of a history row in words. `from` is null for a value a create set, `to` for one a delete removed. */
export interface HistoryLine {
  field: string
  label: string
  from: string | null
  to: string | null
  /** the whole line, e.g. "边界：27.21 → 37.03 亩" */
  text: string
}

/** The areas (m², on the spheroid, computed by PostGIS) of the boundaries a row's `geometry` change holds. */
export interface GeometryAreas {
  from: number | null
  to: number | null
}

export interface DescribableRow {
  entity_type: string
  changes: Record<string, unknown>
  reason: string | null
}

/** fields that are bookkeeping, not a change a person made */
const SKIPPED = new Set(['version', 'created', 'confirmed_infeasible'])

/** which vocabulary a field's codes come from */
const VOCABULARY: Record<string, keyof typeof LABELS> = {
  status: 'status',
  land_use: 'land_use',
  kind: 'milestone',
  stage: 'stage',
  role: 'role',
}

const DATE = /^\d{4}-\d\d-\d\d$/
const TIMESTAMP = /^\d{4}-\d\d-\d\dT\d\d:\d\d/

function fieldLabel(field: string, language: Language): string {
  return label('history_field', field)[language]
}

function mu(m2: number, language: Language): string {
  return say('history.area', { mu: round(m2ToMu(m2), 2).toFixed(2) }, language)
}

/** A timestamp as the zone's local date and minute (Asia/Shanghai). */
function zoneTime(iso: string): string {
  const at = new Date(iso)
  if (Number.isNaN(at.getTime())) return iso
  return new Intl.DateTimeFormat('sv-SE', {
    timeZone: 'Asia/Shanghai',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
  }).format(at)
}

/** A stored value in words: codes as labels, areas in 亩, lists and records spelled out. */
export function valueWords(field: string, value: unknown, language: Language): string {
  const sep = language === 'zh-CN' ? '、' : ', '
  if (value === null || value === undefined || value === '') return say('history.none', {}, language)
  if (typeof value === 'boolean')
    return value ? say('history.yes', {}, language) : say('history.no', {}, language)
  if (typeof value === 'number') {
    if (field === 'area_m2') return mu(value, language)
    if (field.endsWith('_wan')) return say('history.wan', { value }, language)
    return String(value)
  }
  if (typeof value === 'string') {
    const vocabulary = VOCABULARY[field]
    if (vocabulary) return label(vocabulary, value)[language]
    if (field === 'released' || field === 'reason') return reasonMessages(value)[language]
    if (!DATE.test(value) && TIMESTAMP.test(value)) return zoneTime(value)
    return value
  }
  if (Array.isArray(value)) return value.map((v) => valueWords(field, v, language)).join(sep)
  if (typeof value === 'object') {
    // a record: its fields in words ("收储 2026-01-01、清表 2026-03-01" for a schedule of milestone kinds)
    // stored as jsonb, whose keys come back in its own order: milestones go in the order of the process
    const kinds = Object.keys(LABELS.milestone)
    const order = (key: string) => (kinds.includes(key) ? kinds.indexOf(key) : kinds.length)
    return Object.entries(value as Record<string, unknown>)
      .sort(([a], [b]) => order(a) - order(b))
      .filter(([key, v]) => !SKIPPED.has(key) && v !== undefined && key !== 'geometry')
      .map(([key, v]) => {
        const name = key in LABELS.milestone ? label('milestone', key)[language] : fieldLabel(key, language)
        return `${name} ${valueWords(key, v, language)}`
      })
      .join(sep)
  }
  return String(value)
}

function isChange(value: unknown): value is { from: unknown; to: unknown } {
  return typeof value === 'object' && value !== null && 'from' in value && 'to' in value
}

function line(field: string, from: string | null, to: string | null, language: Language, text?: string) {
  const name = fieldLabel(field, language)
  const words =
    from !== null && to !== null
      ? say('history.change', { field: name, from, to }, language)
      : say('history.value', { field: name, value: from ?? to ?? '' }, language)
  return { field, label: name, from, to, text: text ?? words }
}

/** The area line of a boundary or area change: "边界：27.21 → 37.03 亩". */
function areaLine(field: string, from: number | null, to: number | null, language: Language): HistoryLine {
  const f = from === null ? null : mu(from, language)
  const t = to === null ? null : mu(to, language)
  if (from === null || to === null) return line(field, f, t, language)
  const area = say(
    'history.area_change',
    { from: round(m2ToMu(from), 2).toFixed(2), to: round(m2ToMu(to), 2).toFixed(2) },
    language,
  )
  return line(
    field,
    f,
    t,
    language,
    say('history.value', { field: fieldLabel(field, language), value: area }, language),
  )
}

/**
 * The changes of a history row as lines in `language`. An update's { from, to } reads "old → new"; a create's or
 * delete's plain values read "field: value". The milestone a row concerns (`kind`) is its subject, not a line.
 */
export function describeChanges(
  row: DescribableRow,
  areas: GeometryAreas,
  language: Language,
  action?: string,
): HistoryLine[] {
  const lines: HistoryLine[] = []
  for (const [field, value] of Object.entries(row.changes)) {
    if (SKIPPED.has(field) || value === undefined) continue
    if (field === 'kind' && row.entity_type === 'milestone' && !isChange(value)) continue
    if (field === 'geometry') {
      // a drawn boundary (from → to) as its area; an import's "replaced" is told by its area_m2 line
      if (areas.from !== null || areas.to !== null)
        lines.push(areaLine('geometry', areas.from, areas.to, language))
      continue
    }
    if (isChange(value)) {
      if (field === 'area_m2' && typeof value.from === 'number' && typeof value.to === 'number') {
        lines.push(areaLine('area_m2', value.from, value.to, language))
        continue
      }
      lines.push(
        line(field, valueWords(field, value.from, language), valueWords(field, value.to, language), language),
      )
      continue
    }
    const words = valueWords(field, value, language)
    lines.push(action === 'delete' ? line(field, words, null, language) : line(field, null, words, language))
  }
  return lines
}

/**
 * A stored reason in `language`: one the catalogue knows (what the services write) translated, a person's own
 * note as written. The stored text stays in `reason_en`, with `reason_key` and `reason_params` when known.
 */
export function reasonWords(stored: string | null, language: Language) {
  if (stored === null || stored === '') return { reason: null, reason_en: null }
  const text = reasonText(stored)
  return {
    reason: reasonMessages(stored)[language],
    reason_en: stored,
    ...(text ? { reason_key: text.key, reason_params: text.params ?? {} } : {}),
  }
}

/** A stored history row as read, with the areas of its boundary change (see server/db/history.ts). */
export interface StoredHistoryRow extends DescribableRow {
  action: string
  geometry_from_m2: number | null
  geometry_to_m2: number | null
}

/**
 * History rows as the API answers them, in `language`: `reason` said in it (the stored text in `reason_en`),
 * `described` the changes as lines of words; the stored `changes` stay for programs that read them.
 */
export function historyInWords<R extends StoredHistoryRow>(rows: readonly R[], language: Language) {
  return rows.map(({ geometry_from_m2, geometry_to_m2, ...row }) => ({
    ...row,
    ...reasonWords(row.reason, language),
    described: describeChanges(row, { from: geometry_from_m2, to: geometry_to_m2 }, language, row.action),
  }))
}
