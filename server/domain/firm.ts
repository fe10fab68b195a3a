import { z } from 'zod'
import { IsoDateString } from './query'
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

const perMu = z.number().min(0).max(99_999_999)
const ratio = z.number().min(0).max(999)

/**
 * A 标准地 commitment as officers enter it from the land sale's contract (issue 18): what the buyer promised per mu
 * (万元/亩), the floor-area ratio, the start and completion deadlines and the year output and tax per mu are owed
 * from; and, as it happens, what was done (started, completed, invested 万元 in all, FAR built). The order of the
 * dates is checked by the service (commitment.dates_order) so the answer can say which dates in words.
 */
export const CommitmentFields = {
  parcel_id: z.number().int().positive().max(Number.MAX_SAFE_INTEGER),
  firm_id: z.number().int().positive().max(Number.MAX_SAFE_INTEGER),
  project_id: z.number().int().positive().max(Number.MAX_SAFE_INTEGER).nullable(),
  sold_on: IsoDateString,
  investment_wan_per_mu: perMu.nullable(),
  output_wan_per_mu: perMu.nullable(),
  tax_wan_per_mu: perMu.nullable(),
  far_min: ratio.nullable(),
  start_by: IsoDateString,
  complete_by: IsoDateString,
  output_from_year: z.number().int().min(2000).max(2100),
  started_on: IsoDateString.nullable(),
  completed_on: IsoDateString.nullable(),
  invested_wan: z.number().min(0).max(999_999_999_999).nullable(),
  built_far: ratio.nullable(),
}

export const CommitmentCreate = z
  .object({
    parcel_id: CommitmentFields.parcel_id,
    firm_id: CommitmentFields.firm_id,
    project_id: CommitmentFields.project_id.optional(),
    sold_on: CommitmentFields.sold_on,
    investment_wan_per_mu: CommitmentFields.investment_wan_per_mu.optional(),
    output_wan_per_mu: CommitmentFields.output_wan_per_mu.optional(),
    tax_wan_per_mu: CommitmentFields.tax_wan_per_mu.optional(),
    far_min: CommitmentFields.far_min.optional(),
    start_by: CommitmentFields.start_by,
    complete_by: CommitmentFields.complete_by,
    output_from_year: CommitmentFields.output_from_year,
    started_on: CommitmentFields.started_on.optional(),
    completed_on: CommitmentFields.completed_on.optional(),
    invested_wan: CommitmentFields.invested_wan.optional(),
    built_far: CommitmentFields.built_far.optional(),
  })
  .strict()
export type CommitmentCreate = z.infer<typeof CommitmentCreate>

/** PATCH: any field but the parcel (a sale is of one parcel), at the version the form was opened with. */
export const CommitmentPatch = z
  .object({
    firm_id: CommitmentFields.firm_id.optional(),
    project_id: CommitmentFields.project_id.optional(),
    sold_on: CommitmentFields.sold_on.optional(),
    investment_wan_per_mu: CommitmentFields.investment_wan_per_mu.optional(),
    output_wan_per_mu: CommitmentFields.output_wan_per_mu.optional(),
    tax_wan_per_mu: CommitmentFields.tax_wan_per_mu.optional(),
    far_min: CommitmentFields.far_min.optional(),
    start_by: CommitmentFields.start_by.optional(),
    complete_by: CommitmentFields.complete_by.optional(),
    output_from_year: CommitmentFields.output_from_year.optional(),
    started_on: CommitmentFields.started_on.optional(),
    completed_on: CommitmentFields.completed_on.optional(),
    invested_wan: CommitmentFields.invested_wan.optional(),
    built_far: CommitmentFields.built_far.optional(),
    version: z.number().int().positive().max(2_147_483_647),
  })
  .strict()
export type CommitmentPatch = z.infer<typeof CommitmentPatch>

/** Every stored field of a commitment (what a write ends with). */
export type CommitmentValues = Omit<Required<CommitmentCreate>, 'parcel_id'>

/**
 * The first rule the dates of a commitment break, or null: sold ≤ start deadline ≤ completion deadline, and a start
 * not after the completion. `commitmentDatesProblem({ sold_on: '2026-05-01', start_by: '2026-04-01', … })` →
 * 'start_before_sale'.
 */
export function commitmentDatesProblem(
  c: Pick<CommitmentValues, 'sold_on' | 'start_by' | 'complete_by' | 'started_on' | 'completed_on'>,
): 'start_before_sale' | 'complete_before_start' | 'completed_before_started' | null {
  if (c.start_by < c.sold_on) return 'start_before_sale'
  if (c.complete_by < c.start_by) return 'complete_before_start'
  if (c.started_on && c.completed_on && c.completed_on < c.started_on) return 'completed_before_started'
  return null
}
