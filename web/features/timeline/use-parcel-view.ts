import { useMemo, useState } from 'react'
import type { ParcelColourMode } from '../../map/layers/parcels'
import type { ParcelView } from '../../map/map-view'

/** The map's parcel display: colour mode, the time slider's as-of date (null when off), the "available by" filter. */
export function useParcelView(initial: Partial<ParcelView> = {}) {
  const [colourMode, setColourMode] = useState<ParcelColourMode>(initial.colourMode ?? 'status')
  const [asOf, setAsOf] = useState<string | null>(initial.asOf ?? null)
  const [availableBy, setAvailableBy] = useState<string | null>(initial.availableBy ?? null)
  const view: ParcelView = useMemo(() => ({ colourMode, asOf, availableBy }), [colourMode, asOf, availableBy])
  return { view, setColourMode, setAsOf, setAvailableBy }
}

export type ParcelViewState = ReturnType<typeof useParcelView>

/** Whole months from `today` to `date` (day of month ignored): monthsFrom('2026-11-28', '2026-05-01') → -6. */
export function monthsFrom(today: string, date: string): number {
  const index = (iso: string) => Number(iso.slice(0, 4)) * 12 + Number(iso.slice(5, 7)) - 1
  return index(date) - index(today)
}

/** `today` moved by whole months, the day kept where the month has it: shiftMonths('2026-01-31', 1) → '2026-02-28'. */
export function shiftMonths(today: string, months: number): string {
  const [year = 1970, month = 1, day = 1] = today.split('-').map(Number)
  const index = year * 12 + (month - 1) + months
  const y = Math.floor(index / 12)
  const m = (index % 12) + 1
  const last = new Date(Date.UTC(y, m, 0)).getUTCDate()
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(Math.min(day, last)).padStart(2, '0')}`
}
