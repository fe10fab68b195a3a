import {
  type EscalationChangeRow,
  findLateItems,
  type LateItemRow,
  recordEscalationChanges,
} from '../../db/escalation'
import { type Pool, type PoolClient, withTransaction } from '../../db/pool'
import { lockTopic, tryLockTopic } from '../../db/write-locks'
import { findLandSettings } from '../../db/zone'

/**
 * The day's grading: the late items of `today` and their grades are compared with the recorded ones, and each change
 * of grade is recorded (escalation_changes), in one transaction. One instance at a time: another that finds the
 * advisory lock taken answers null at once — unless `wait` (grading after a write, which must see that write): then it
 * waits for the other to finish and grades after it. `onChanges` runs in the same transaction (the reminders of red
 * cards).
 */
export async function recordEscalations(
  pool: Pool,
  today: string,
  onChanges?: (db: PoolClient, changes: EscalationChangeRow[], late: LateItemRow[]) => Promise<void>,
  options: { wait?: boolean } = {},
): Promise<EscalationChangeRow[] | null> {
  return withTransaction(pool, async (db) => {
    if (options.wait) await lockTopic(db, 'escalation')
    else if (!(await tryLockTopic(db, 'escalation'))) return null
    const { escalation } = await findLandSettings(db)
    const late = await findLateItems(db, today, escalation)
    const changes = await recordEscalationChanges(db, today, late)
    if (onChanges && changes.length > 0) await onChanges(db, changes, late)
    return changes
  })
}
