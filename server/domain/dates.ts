/** Calendar dates as 'YYYY-MM-DD' strings: zone dates, with no time of day and no time zone arithmetic. */
export type IsoDate = string

const DAY_MS = 86_400_000

function toUtcMs(date: IsoDate): number {
  return Date.parse(`${date}T00:00:00Z`)
}

/** Adds whole days. `addDays('2026-02-27', 2)` → '2026-03-01' */
export function addDays(date: IsoDate, days: number): IsoDate {
  return new Date(toUtcMs(date) + days * DAY_MS).toISOString().slice(0, 10)
}

/** Days from `a` to `b` (positive when b is later). `daysBetween('2026-01-01', '2026-01-31')` → 30 */
export function daysBetween(a: IsoDate, b: IsoDate): number {
  return Math.round((toUtcMs(b) - toUtcMs(a)) / DAY_MS)
}

export function maxDate(a: IsoDate, b: IsoDate): IsoDate {
  return a >= b ? a : b
}

/** True for a real calendar date written YYYY-MM-DD (rejects 2026-02-30). */
export function isIsoDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false
  const ms = toUtcMs(value)
  return Number.isFinite(ms) && new Date(ms).toISOString().slice(0, 10) === value
}
