import { z } from 'zod'
import { LandUse } from '../vocabulary'
import { parseCrsName } from './crs'

const Field = z.string().trim().max(64)

/**
 * The text fields of an import's multipart form: the CRS (a name such as "EPSG:4547", or "file" / empty for the
 * file's own), the attribute fields holding code, name and land use, the land use of new parcels whose row gives
 * none, and `dry_run`.
 */
export const ImportFields = z.object({
  crs: z
    .string()
    .trim()
    .max(100)
    .optional()
    .transform((value, ctx) => {
      if (!value || value === 'file') return undefined
      const crs = parseCrsName(value)
      if (!crs)
        ctx.addIssue({
          code: 'custom',
          message: `unknown CRS "${value}"; use EPSG:4326, EPSG:4490 or a CGCS2000 3-degree zone (EPSG:4513–4554)`,
        })
      return crs ?? undefined
    }),
  code_field: Field.optional(),
  name_field: Field.optional(),
  land_use_field: Field.optional(),
  default_land_use: z.union([z.literal(''), LandUse]).optional(),
  dry_run: z.enum(['true', 'false', '1', '0', 'on', '']).optional(),
})
export type ImportFields = z.infer<typeof ImportFields>
