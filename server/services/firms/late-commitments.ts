import type { LateItem } from '../../db/dashboard'
import { type CommitmentRow, findCommitments } from '../../db/firms'
import type { Queryable } from '../../db/pool'
import { daysBetween } from '../../domain/dates'
import { COMMITMENT_OWNER } from '../../domain/evaluation'

interface ReadDeps {
  pool: Queryable
  today: () => string
}

export type LateCommitment = Awaited<ReturnType<typeof lateCommitments>>[number]

/**
 * Breached 标准地 commitments as late items (压实责任), one per commitment: its parcel and firm, the owner
 * (COMMITMENT_OWNER), the breached checks with their shortfalls, and the days since the first breached check
 * fell due. `breached`: the breached commitments on today when the caller has them already.
 */
export async function lateCommitments(
  deps: ReadDeps,
  breached: Promise<CommitmentRow[]> = findCommitments(deps.pool, deps.today(), { status: 'breached' }),
) {
  const today = deps.today()
  return (await breached).map((c) => {
    const checks = c.checks.filter((k) => k.status === 'breached')
    const due = checks.map((k) => k.due_on).sort()[0] ?? today
    return {
      commitment_id: c.id,
      parcel_id: c.parcelId,
      code: c.parcelCode,
      firm_id: c.firmId,
      firm_name: c.firmName,
      project_id: c.projectId,
      owner: COMMITMENT_OWNER,
      due_on: due,
      days_late: Math.max(0, daysBetween(due, today)),
      breached: checks.map((k) => ({
        check: k.check,
        year: k.year,
        due_on: k.due_on,
        committed: k.committed,
        actual: k.actual,
        shortfall: k.shortfall,
      })),
    }
  })
}

/**
 * The dashboard's late items with the breached commitments added as one more kind ('commitment': label the
 * parcel's code and the firm, detail the firm, where the parcel, `breached` its checks with their shortfalls),
 * the longest late first like the others.
 */
export function withCommitmentItems(items: readonly LateItem[], late: readonly LateCommitment[]): LateItem[] {
  const commitments: LateItem[] = late.map((c) => ({
    kind: 'commitment',
    owner: c.owner,
    due_on: c.due_on,
    label: `${c.code} ${c.firm_name}`,
    detail: c.firm_name,
    parcel_id: c.parcel_id,
    project_id: c.project_id,
    infrastructure_id: null,
    item_id: c.commitment_id,
    days_late: c.days_late,
    commitment_id: c.commitment_id,
    breached: c.breached,
  }))
  // a stable sort by date: the database's order stays among the others, commitments after them on a same day
  const isCommitment = (i: LateItem) => (i.kind === 'commitment' ? 1 : 0)
  return [...items, ...commitments].sort(
    (a, b) => a.due_on.localeCompare(b.due_on) || isCommitment(a) - isCommitment(b),
  )
}

type OwnerCounts = {
  owner: string
  milestones: number
  blockers: number
  infrastructure: number
  follow_ups: number
}

/**
 * The late items per owner with the breached commitments added: each owner gains a `commitments` count, and an
 * owner that had none appears. Ordered by all items, most first (a stable sort: owners with as many items keep
 * the database's order).
 */
export function withLateCommitments(lateByOwner: readonly OwnerCounts[], late: readonly { owner: string }[]) {
  const rows = new Map(lateByOwner.map((o) => [o.owner, { ...o, commitments: 0 }]))
  for (const item of late) {
    const row = rows.get(item.owner) ?? {
      owner: item.owner,
      milestones: 0,
      blockers: 0,
      infrastructure: 0,
      follow_ups: 0,
      commitments: 0,
    }
    row.commitments += 1
    rows.set(item.owner, row)
  }
  const total = (o: OwnerCounts & { commitments: number }) =>
    o.milestones + o.blockers + o.infrastructure + o.follow_ups + o.commitments
  return [...rows.values()].sort((a, b) => total(b) - total(a))
}
