import { shiftMonths } from '../timeline/use-parcel-view'

/** The period the dashboard figures cover, both ends included (YYYY-MM-DD). */
export type DashboardPeriod = { from: string; to: string }

// the default is this year to date (issue 15); Jan–Apr is the zone's reporting period, kept as a preset
export const PERIOD_PRESETS = ['ytd', 'janApr', 'year', 'last12'] as const
export type PeriodPreset = (typeof PERIOD_PRESETS)[number]

/** The day after an ISO date: nextDay('2025-11-28') → '2025-11-29'. */
function nextDay(date: string): string {
  const d = new Date(`${date}T00:00:00Z`)
  d.setUTCDate(d.getUTCDate() + 1)
  return d.toISOString().slice(0, 10)
}

/**
 * A preset period in the zone's calendar (today is the zone's date, Asia/Shanghai):
 * periodOf('janApr', '2026-11-28') → 2026-01-01..2026-04-30; 'last12' → 2025-11-29..2026-11-28.
 */
export function periodOf(preset: PeriodPreset, today: string): DashboardPeriod {
  const year = today.slice(0, 4)
  if (preset === 'ytd') return { from: `${year}-01-01`, to: today }
  if (preset === 'janApr') return { from: `${year}-01-01`, to: `${year}-04-30` }
  if (preset === 'year') return { from: `${year}-01-01`, to: `${year}-12-31` }
  return { from: nextDay(shiftMonths(today, -12)), to: today }
}

/** The preset a period is, if any. */
export function presetOf(period: DashboardPeriod, today: string): PeriodPreset | null {
  return (
    PERIOD_PRESETS.find((preset) => {
      const p = periodOf(preset, today)
      return p.from === period.from && p.to === period.to
    }) ?? null
  )
}
