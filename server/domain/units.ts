/** Square metres in one mu (亩): 10000/15 m² ≈ 666.67 m²; 15 mu = 1 ha. */
export const M2_PER_MU = 10000 / 15

/** Converts m² to mu. `m2ToMu(28750)` → 43.125 */
export function m2ToMu(m2: number): number {
  return m2 / M2_PER_MU
}

/** Converts mu to m². `muToM2(15)` → 10000 */
export function muToM2(mu: number): number {
  return mu * M2_PER_MU
}

/** Converts m² to hectares. `m2ToHa(10000)` → 1 */
export function m2ToHa(m2: number): number {
  return m2 / 10000
}

/** 万元 (10⁴ yuan, stored as an integer) to 亿元 (10⁸ yuan) rounded to two decimals. `wanToYi(954300)` → 95.43 */
export function wanToYi(wan: number): number {
  return Math.round(wan / 100) / 100
}

/** Rounds to `digits` decimals, for figures shown to people. `round(43.12499, 2)` → 43.12 */
export function round(value: number, digits: number): number {
  const f = 10 ** digits
  return Math.round(value * f) / f
}

/** Today's date (YYYY-MM-DD) in the zone's time zone, Asia/Shanghai, whatever the server's own zone. */
export function zoneToday(now: Date = new Date()): string {
  // en-CA formats as YYYY-MM-DD
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(now)
}

/**
 * The instant the zone's next day begins: the first midnight in Asia/Shanghai after `now` (China has kept UTC+8
 * all year since 1991, so midnight there is 16:00 UTC). `nextZoneMidnight(new Date('2026-11-28T15:59:59Z'))` →
 * 2026-11-28T16:00:00Z, the start of 2026-11-29 in the zone.
 */
export function nextZoneMidnight(now: Date): Date {
  const [y, m, d] = zoneToday(now).split('-').map(Number) as [number, number, number]
  return new Date(Date.UTC(y, m - 1, d + 1) - 8 * 60 * 60 * 1000)
}
