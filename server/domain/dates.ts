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

/** Monday–Friday. Public holidays are not modelled: statutory periods may need a few more days around them. */
export function isWorkingDay(date: IsoDate): boolean {
  const day = new Date(`${date}T00:00:00Z`).getUTCDay()
  return day !== 0 && day !== 6
}

/**
 * Moves by `n` working days (negative: backwards), skipping weekends.
 * `addWorkingDays('2026-11-27', 1)` (a Friday) → '2026-11-30' (Monday)
 */
export function addWorkingDays(date: IsoDate, n: number): IsoDate {
  const step = n < 0 ? -1 : 1
  let left = Math.abs(n)
  let current = date
  while (left > 0) {
    current = addDays(current, step)
    if (isWorkingDay(current)) left--
  }
  return current
}
