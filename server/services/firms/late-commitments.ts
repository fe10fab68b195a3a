import { findCommitments } from '../../db/firms'
import type { Queryable } from '../../db/pool'
import { daysBetween } from '../../domain/dates'
import { COMMITMENT_OWNER } from '../../domain/evaluation'

interface ReadDeps {
  pool: Queryable
  today: () => string
}

/**
 * Breached 标准地 commitments as late items (压实责任), one per commitment: its parcel and firm, the owner
 * (COMMITMENT_OWNER), the breached checks with their shortfalls, and the days since the first breached check
 * fell due. Listed with the late milestones until escalation (issue 16) takes them.
 */
export async function lateCommitments(deps: ReadDeps) {
  const today = deps.today()
  const breached = await findCommitments(deps.pool, today, { status: 'breached' })
  return breached.map((c) => {
    const checks = c.checks.filter((k) => k.status === 'breached')
    const due = checks.map((k) => k.due_on).sort()[0] ?? today
    return {
      commitment_id: c.id,
      parcel_id: c.parcelId,
      code: c.parcelCode,
      firm_id: c.firmId,
      firm_name: c.firmName,
      owner: COMMITMENT_OWNER,
      due_on: due,
      days_late: Math.max(0, daysBetween(due, today)),
      breached: checks.map((k) => ({
        check: k.check,
        year: k.year,
        due_on: k.due_on,
        shortfall: k.shortfall,
      })),
    }
  })
}

/**
 * The late items per owner with the breached commitments added: `lateByOwner` (milestones and blockers per
 * owner) gains a `commitments` count, and an owner that had none appears. Ordered by all items, most first.
 */
export function withLateCommitments(
  lateByOwner: readonly { owner: string; milestones: number; blockers: number }[],
  late: readonly { owner: string }[],
) {
  const rows = new Map(lateByOwner.map((o) => [o.owner, { ...o, commitments: 0 }]))
  for (const item of late) {
    const row = rows.get(item.owner) ?? { owner: item.owner, milestones: 0, blockers: 0, commitments: 0 }
    row.commitments += 1
    rows.set(item.owner, row)
  }
  const total = (o: { milestones: number; blockers: number; commitments: number }) =>
    o.milestones + o.blockers + o.commitments
  // a stable sort: owners with as many items keep the order the database gave them
  return [...rows.values()].sort((a, b) => total(b) - total(a))
}
