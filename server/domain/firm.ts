import { z } from 'zod'
import { SECTORS } from './vocabulary'

/** A firm as officers enter it (亩均效益): its name, 统一社会信用代码, sector and the parcels it uses. */
export const FirmFields = {
  name: z.string().trim().min(1).max(200),
  credit_code: z
    .string()
    .regex(/^[0-9A-Z]{18}$/, '18 digits or capital letters')
    .nullable(),
  sector: z.enum(SECTORS).nullable(),
  /** the parcels the firm uses (a parcel is used by one firm at most) */
  parcel_ids: z.array(z.number().int().positive()).max(500),
}

export const FirmCreate = z
  .object({
    name: FirmFields.name,
    credit_code: FirmFields.credit_code.optional(),
    sector: FirmFields.sector.optional(),
    parcel_ids: FirmFields.parcel_ids.optional(),
  })
  .strict()
export type FirmCreate = z.infer<typeof FirmCreate>

export const FirmPatch = z
  .object({
    name: FirmFields.name.optional(),
    credit_code: FirmFields.credit_code.optional(),
    sector: FirmFields.sector.optional(),
    parcel_ids: FirmFields.parcel_ids.optional(),
    version: z.number().int().positive(),
  })
  .strict()
export type FirmPatch = z.infer<typeof FirmPatch>
