import {
  type CommitmentWrite,
  findCommitmentIdOfParcel,
  findCommitmentParties,
  findCommitments,
  findParcelFirm,
  insertCommitment,
  insertFirmParcel,
  lockCommitment,
  updateCommitmentRow,
} from '../../db/firms'
import type { Queryable } from '../../db/pool'
import {
  type CommitmentCreate,
  type CommitmentPatch,
  type CommitmentValues,
  commitmentDatesProblem,
} from '../../domain/firm'
import { fail } from '../../errors'
import { type Actor, assertVersion, runWrite, type ServiceDeps } from '../write'
import { commitmentAnswer } from './queries'

/** The stored fields of a commitment with the form's values over them. */
function valuesOf(input: Partial<CommitmentValues>, before: CommitmentWrite): CommitmentValues {
  const pick = <K extends keyof CommitmentValues>(key: K) =>
    (input[key] === undefined ? before[key] : input[key]) as CommitmentValues[K]
  return {
    firm_id: pick('firm_id'),
    project_id: pick('project_id'),
    sold_on: pick('sold_on'),
    investment_wan_per_mu: pick('investment_wan_per_mu'),
    output_wan_per_mu: pick('output_wan_per_mu'),
    tax_wan_per_mu: pick('tax_wan_per_mu'),
    far_min: pick('far_min'),
    start_by: pick('start_by'),
    complete_by: pick('complete_by'),
    output_from_year: pick('output_from_year'),
    started_on: pick('started_on'),
    completed_on: pick('completed_on'),
    invested_wan: pick('invested_wan'),
    built_far: pick('built_far'),
  }
}

const NOTHING: CommitmentWrite = {
  firm_id: null,
  project_id: null,
  sold_on: null,
  investment_wan_per_mu: null,
  output_wan_per_mu: null,
  tax_wan_per_mu: null,
  far_min: null,
  start_by: null,
  complete_by: null,
  output_from_year: null,
  started_on: null,
  completed_on: null,
  invested_wan: null,
  built_far: null,
}

/** 400 for dates out of order, saying which dates in words (the keys written out for the catalogue's test). */
function datesRefusal(problem: NonNullable<ReturnType<typeof commitmentDatesProblem>>, v: CommitmentValues) {
  const params = {
    sold_on: v.sold_on,
    start_by: v.start_by,
    complete_by: v.complete_by,
    started_on: v.started_on ?? '',
    completed_on: v.completed_on ?? '',
  }
  const at = (path: string) => [{ path, message: problem }]
  if (problem === 'start_before_sale')
    return fail(400, 'validation_failed', 'commitment.start_before_sale', params, at('start_by'))
  if (problem === 'complete_before_start')
    return fail(400, 'validation_failed', 'commitment.complete_before_start', params, at('complete_by'))
  return fail(400, 'validation_failed', 'commitment.completed_before_started', params, at('completed_on'))
}

/** The checks every write makes before it stores: the dates in order, and the firm and project there. */
async function check(db: Queryable, values: CommitmentValues, parcelId: number | null) {
  const problem = commitmentDatesProblem(values)
  if (problem) throw datesRefusal(problem, values)
  const found = await findCommitmentParties(db, {
    parcel_id: parcelId,
    firm_id: values.firm_id,
    project_id: values.project_id,
  })
  if (!found.parcel) throw fail(404, 'not_found', 'parcel.not_found', { id: parcelId ?? '' })
  if (!found.firm) throw fail(404, 'not_found', 'firm.not_found', { id: values.firm_id })
  if (!found.project) throw fail(404, 'not_found', 'project.not_found', { id: values.project_id ?? '' })
}

/**
 * The buyer of a parcel's sale is the firm that uses the parcel: a parcel another firm uses answers 409, and a
 * parcel no firm uses yet becomes the buyer's land from the sale (its output and tax per mu count that land).
 * Answers whether the parcel was linked to the firm.
 */
async function claimParcel(db: Queryable, parcelId: number, values: CommitmentValues): Promise<boolean> {
  const user = await findParcelFirm(db, parcelId)
  if (user && user.id !== values.firm_id)
    throw fail(409, 'conflict', 'commitment.parcel_of_other_firm', { parcel: parcelId, firm: user.name })
  if (user) return false
  await insertFirmParcel(db, values.firm_id, parcelId, values.sold_on)
  return true
}

async function commitmentOf(deps: ServiceDeps, id: number) {
  const { rows } = await deps.pool.query<{ parcel_id: number }>(
    'select parcel_id::int from land_commitments where id = $1',
    [id],
  )
  const [commitment] = await findCommitments(deps.pool, deps.today(), {
    parcelIds: rows.map((r) => r.parcel_id),
  })
  return commitment ? commitmentAnswer(commitment) : null
}

/**
 * POST /api/commitments: the 标准地 commitment of a parcel's sale, with its history row, in one transaction. A
 * parcel whose sale already has one answers 409 (commitment.exists, naming it) — edit that one instead.
 */
export async function createCommitment(deps: ServiceDeps, actor: Actor, input: CommitmentCreate) {
  const id = await runWrite(deps, actor, async (tx) => {
    const values = valuesOf(input, NOTHING)
    await check(tx.db, values, input.parcel_id)
    const existing = await findCommitmentIdOfParcel(tx.db, input.parcel_id)
    if (existing !== null)
      throw fail(409, 'conflict', 'commitment.exists', { parcel: input.parcel_id, id: existing })
    const linked = await claimParcel(tx.db, input.parcel_id, values)
    const id = await insertCommitment(tx.db, input.parcel_id, values)
    await tx.record({
      resource: 'firms',
      action: 'create',
      ids: [values.firm_id],
      history: [
        {
          entityType: 'commitment',
          entityId: id,
          action: 'create',
          changes: {
            parcel_id: input.parcel_id,
            ...values,
            ...(linked ? { parcel_linked_to_firm: true } : {}),
          },
        },
      ],
    })
    return id
  })
  return commitmentOf(deps, id)
}

/** PATCH /api/commitments/:id at the version it was read (409 version_conflict with the stored one when stale). */
export async function updateCommitment(deps: ServiceDeps, actor: Actor, id: number, patch: CommitmentPatch) {
  await runWrite(deps, actor, async (tx) => {
    const before = await lockCommitment(tx.db, id)
    if (!before) throw fail(404, 'not_found', 'commitment.not_found', { id })
    assertVersion(before, patch.version)
    const { version: _v, ...fields } = patch
    const values = valuesOf(fields, before)
    await check(tx.db, values, null)
    // another buyer: the parcel must be that firm's land, or no firm's yet
    if (values.firm_id !== before.firm_id) await claimParcel(tx.db, before.parcel_id, values)
    await updateCommitmentRow(tx.db, id, values)
    const changes = Object.fromEntries(
      Object.entries(fields)
        .filter(([key, to]) => before[key as keyof CommitmentWrite] !== to)
        .map(([key, to]) => [key, { from: before[key as keyof CommitmentWrite], to }]),
    )
    await tx.record({
      resource: 'firms',
      action: 'update',
      ids: [...new Set([before.firm_id as number, values.firm_id])],
      history: [{ entityType: 'commitment', entityId: id, action: 'update', changes }],
    })
  })
  return commitmentOf(deps, id)
}
