import { z } from 'zod'
import { IsoDateString } from './query'

/** A PNG as base64 (optionally a data: URL); about 8 MB of image at most (base64 is 4/3 of the bytes). */
const PngBase64 = z
  .string()
  .max(11_500_000, 'map_png is over about 8 MB')
  .transform((value) => value.replace(/^data:image\/png;base64,/, ''))
  .refine((value) => /^[A-Za-z0-9+/]+={0,2}$/.test(value), 'map_png is not base64')

const Colour = z.string().regex(/^#[0-9a-fA-F]{6}$/, 'colour must be #rrggbb')
const Text = (max: number) => z.string().max(max)

/** How a legend entry is drawn: an area's fill, a marker's circle, a line, a dashed (planned) line. */
export const LEGEND_SHAPES = ['fill', 'circle', 'line', 'dashed'] as const

/** A bar chart of the dashboard: one value per category and series (several series are stacked). */
const BriefingChart = z
  .object({
    title: Text(100),
    /** bars left to right (months) or, horizontal, top to bottom (sectors, owners) */
    horizontal: z.boolean().default(false),
    categories: z.array(Text(40)).max(36),
    series: z
      .array(
        z
          .object({ name: Text(60), colour: Colour, values: z.array(z.number().finite().min(0).max(1e12)) })
          .strict(),
      )
      .min(1)
      // the late-by-owner chart stacks five kinds (milestones, blockers, infrastructure, follow-ups, commitments)
      .max(6),
    /** the category the map filter picked, drawn in the highlight colour */
    highlight: Text(40).optional(),
  })
  .strict()
  .refine((chart) => chart.series.every((s) => s.values.length === chart.categories.length), {
    message: 'every series has one value per category',
    path: ['series'],
  })
export type BriefingChart = z.input<typeof BriefingChart>

/**
 * POST /api/briefing.pdf: what the briefing shows. Texts are drawn as they are (the browser has put them in the
 * user's language); colours are #rrggbb. Example: `{ title: '开发区挂图', date: '2026-11-28',
 * kpis: [{ label: '签约项目', value: '47 个' }], legend: [{ label: '可供', colour: '#2e7d32' }], map_png: 'iVBORw0…' }`.
 * Optional: the period line and an "as of" stamp, the charts, the late items by owner (the longest late first),
 * headings, and the map's scale (metres per pixel of map_png, bearing in degrees) for the scale bar and north arrow.
 */
export const BriefingRequest = z
  .object({
    title: z.string().trim().min(1).max(200),
    subtitle: z.string().trim().max(500).optional(),
    date: IsoDateString,
    stamp: Text(100).optional(),
    kpis: z
      .array(z.object({ label: Text(100), value: Text(100), alert: z.boolean().optional() }).strict())
      .max(15),
    legend: z
      .array(
        z
          .object({
            label: Text(100),
            colour: Colour,
            shape: z.enum(LEGEND_SHAPES).optional(),
            /** entries of one group follow each other under its heading */
            group: Text(60).optional(),
            /** drawn paler, as the map draws what is not yet there at the time played back */
            faded: z.boolean().optional(),
          })
          .strict(),
      )
      .max(40),
    charts: z.array(BriefingChart).max(4).default([]),
    late: z
      .array(
        z
          .object({
            owner: Text(100),
            count: z.number().int().min(0),
            items: z.array(z.object({ label: Text(200), detail: Text(60) }).strict()).max(12),
          })
          .strict(),
      )
      .max(12)
      .default([]),
    headings: z
      .object({ legend: Text(40), late: Text(60) })
      .strict()
      .optional(),
    map_scale: z
      .object({ metres_per_pixel: z.number().positive().max(1e6), bearing: z.number().min(-360).max(360) })
      .strict()
      .optional(),
    map_png: PngBase64,
  })
  .strict()
export type BriefingRequest = z.infer<typeof BriefingRequest>
/** As sent: the charts and late items may be left out. */
export type BriefingInput = z.input<typeof BriefingRequest>
