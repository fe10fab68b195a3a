import { z } from 'zod'
import { isIsoDate } from './dates'

/** A comma-separated query value of one enum: `status=available,reserved`. */
export function csvOf<T extends [string, ...string[]]>(values: z.ZodEnum<{ [K in T[number]]: K }>) {
  return z
    .string()
    .transform((s) =>
      s
        .split(',')
        .map((v) => v.trim())
        .filter(Boolean),
    )
    .pipe(z.array(values).min(1))
}

/** `bbox=minLon,minLat,maxLon,maxLat` in WGS84 degrees. */
export const Bbox = z
  .string()
  .transform((s) => s.split(',').map((v) => (v.trim() === '' ? Number.NaN : Number(v))))
  .pipe(
    z
      .tuple([z.number(), z.number(), z.number(), z.number()], {
        message: 'bbox needs 4 numbers: minLon,minLat,maxLon,maxLat',
      })
      .refine(([a, b, c, d]) => a >= -180 && c <= 180 && b >= -90 && d <= 90, 'bbox is outside WGS84 lon/lat')
      .refine(([a, b, c, d]) => a <= c && b <= d, 'bbox min must not exceed max'),
  )

export const IsoDateString = z.string().refine(isIsoDate, 'expected a date YYYY-MM-DD')

/** A positive integer id in a path. */
export const IdParam = z
  .object({
    id: z.coerce
      .number()
      .int()
      .positive()
      .max(2 ** 53 - 1),
  })
  .strict()
