import { z } from 'zod'
import { IsoDateString } from './query'
import { m2ToMu, round } from './units'
import { Sector } from './vocabulary'

export const DashboardQuery = z
  // sector: the project figures of one sector (the leaders' chart filter); the per-sector chart keeps them all
  .object({ from: IsoDateString, to: IsoDateString, sector: Sector.optional() })
  .strict()
  .refine((q) => q.from <= q.to, { message: 'from is after to', path: ['from'] })
  .refine((q) => q.from >= '1990-01-01' && q.to <= '2100-12-31', {
    message: 'dates out of range',
    path: ['to'],
  })

export type DashboardQuery = z.infer<typeof DashboardQuery>

/** The months a period touches, as YYYY-MM. `monthsOf('2026-01-15', '2026-03-01')` → ['2026-01', '2026-02', '2026-03'] */
export function monthsOf(from: string, to: string): string[] {
  const months: string[] = []
  let [y, m] = from.slice(0, 7).split('-').map(Number) as [number, number]
  const last = to.slice(0, 7)
  for (;;) {
    const month = `${y}-${String(m).padStart(2, '0')}`
    months.push(month)
    if (month >= last || months.length > 1200) break
    m += 1
    if (m > 12) {
      m = 1
      y += 1
    }
  }
  return months
}

/** A share as a fraction with 4 decimals; 0 when there is nothing to divide by. */
export function rate(part: number, whole: number): number {
  return whole > 0 ? round(part / whole, 4) : 0
}

/**
 * Land coming available per month of the period, in mu: every month the period touches, 0 where nothing comes.
 * `areas` are the area in m² of the parcels ready to offer (and not yet handed over) per month, YYYY-MM.
 */
export function availableMuByMonth(
  areas: readonly { month: string; area_m2: number }[],
  from: string,
  to: string,
) {
  const totals = new Map(monthsOf(from, to).map((month) => [month, 0]))
  for (const a of areas) {
    if (totals.has(a.month)) totals.set(a.month, (totals.get(a.month) ?? 0) + m2ToMu(a.area_m2))
  }
  return [...totals].map(([month, mu]) => ({ month, mu: round(mu, 2) }))
}
