import { m2ToHa, wanToYi } from '../../server/domain/units'
import { ZONE_TIME_ZONE } from '../../server/domain/vocabulary'

// Figures shown to people: grouping separators and fixed decimals, the same in both languages.
const integer = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 })
const twoDecimals = new Intl.NumberFormat('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })

/** 万元 as an integer with thousands separators: `formatWan(123456)` → "123,456". */
export function formatWan(wan: number): string {
  return integer.format(wan)
}

/** 万元 shown in 亿元 with two decimals: `formatYi(954300)` → "95.43". */
export function formatYi(wan: number): string {
  return twoDecimals.format(wanToYi(wan))
}

/** Mu with two decimals: `formatMu(43.125)` → "43.13". */
export function formatMu(mu: number): string {
  return twoDecimals.format(mu)
}

/** Square metres as an integer with separators: `formatM2(28750.4)` → "28,750". */
export function formatM2(m2: number): string {
  return integer.format(m2)
}

/** Square metres shown in hectares with two decimals: `formatHa(28750)` → "2.88". */
export function formatHa(m2: number): string {
  return twoDecimals.format(m2ToHa(m2))
}

const timestampParts = new Intl.DateTimeFormat('en-CA', {
  timeZone: ZONE_TIME_ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
})

/**
 * An ISO 8601 instant as "YYYY-MM-DD HH:mm" in the zone's time zone (Asia/Shanghai), whatever the browser's:
 * "2026-11-28T06:35:00Z" → "2026-11-28 14:35".
 */
export function formatTimestamp(iso: string): string {
  const date = new Date(iso)
  if (Number.isNaN(date.getTime())) return iso
  const part = (type: Intl.DateTimeFormatPartTypes) =>
    timestampParts.formatToParts(date).find((p) => p.type === type)?.value ?? ''
  return `${part('year')}-${part('month')}-${part('day')} ${part('hour')}:${part('minute')}`
}
