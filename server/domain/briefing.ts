import { z } from 'zod'
import { IsoDateString } from './query'

/** A PNG as base64 (optionally a data: URL); about 8 MB of image at most (base64 is 4/3 of the bytes). */
const PngBase64 = z
  .string()
  .max(11_500_000, 'map_png is over about 8 MB')
  .transform((value) => value.replace(/^data:image\/png;base64,/, ''))
  .refine((value) => /^[A-Za-z0-9+/]+={0,2}$/.test(value), 'map_png is not base64')

/**
 * POST /api/briefing.pdf: what the briefing shows. Texts are drawn as they are; colours are #rrggbb.
 * Example: `{ title: '开发区挂图', date: '2026-11-28', kpis: [{ label: '签约项目', value: '47 个' }],
 * legend: [{ label: '可供', colour: '#2e7d32' }], map_png: 'iVBORw0…' }`
 */
export const BriefingRequest = z
  .object({
    title: z.string().trim().min(1).max(200),
    subtitle: z.string().trim().max(500).optional(),
    date: IsoDateString,
    kpis: z.array(z.object({ label: z.string().max(100), value: z.string().max(100) }).strict()).max(24),
    legend: z
      .array(
        z
          .object({
            label: z.string().max(100),
            colour: z.string().regex(/^#[0-9a-fA-F]{6}$/, 'colour must be #rrggbb'),
          })
          .strict(),
      )
      .max(40),
    map_png: PngBase64,
  })
  .strict()
export type BriefingRequest = z.infer<typeof BriefingRequest>
