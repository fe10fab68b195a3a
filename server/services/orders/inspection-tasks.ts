import { findDepartment, findUserDepartmentId } from '../../db/departments'
import { findMissedStarts, insertAutomaticInspections, insertOrderNote } from '../../db/orders'
import type { Queryable } from '../../db/pool'
import { findLandSettings } from '../../db/zone'
import { addDays } from '../../domain/dates'
import { LABELS } from '../../domain/messages'
import type { InspectionTaskSettings } from '../../domain/settings'
import type { MilestoneKind } from '../../domain/vocabulary'
import { remindOrderIssued } from '../reminders/notify'
import { runWrite, type ServiceDeps, SYSTEM, type Tx } from '../write'
import { readOrder } from './queries'

type NewTask = Parameters<typeof insertAutomaticInspections>[1][number]

/**
 * Writes the tasks that do not exist yet (one per item and source), their first note, their reminders to the
 * checking department and their history, in the caller's transaction. Returns the new tasks' ids.
 */
async function issueTasks(tx: Tx, tasks: NewTask[]): Promise<number[]> {
  const ids = await insertAutomaticInspections(tx.db, tasks)
  const history = []
  for (const id of ids) {
    const order = await readOrder(tx.db, id, tx.today)
    await insertOrderNote(tx.db, id, 'issue', order.instructions, 'system')
    await remindOrderIssued(tx, order)
    history.push({
      entityType: 'order' as const,
      entityId: id,
      action: 'create' as const,
      changes: { ...order, notes: undefined },
    })
  }
  if (ids.length > 0) await tx.record({ resource: 'orders', action: 'create', ids, history })
  return ids
}

/**
 * A milestone newly marked done by someone outside the checking department (a contractor's, another bureau's
 * word) is checked on site: a 巡查任务 to the department the zone names (`inspection_tasks.milestone_department_id`),
 * due in `due_days`. Nothing when the zone names none, or when the checking department marked it itself.
 */
export async function milestoneDoneInspection(
  tx: Tx,
  milestone: { id: number; parcel_code: string; kind: MilestoneKind; actual_on: string },
): Promise<number[]> {
  const { inspection_tasks: settings } = await findLandSettings(tx.db)
  const checking = settings.milestone_department_id
  if (checking === null) return []
  const department = await findDepartment(tx.db, checking)
  if (!department) return []
  const actorDepartment =
    tx.actor.role === 'system' ? null : await findUserDepartmentId(tx.db, tx.actor.username)
  if (actorDepartment === checking) return []
  const label = LABELS.milestone[milestone.kind]['zh-CN']
  const by =
    (actorDepartment !== null && (await findDepartment(tx.db, actorDepartment))?.name) || tx.actor.username
  return issueTasks(tx, [
    {
      item_type: 'milestone',
      item_id: milestone.id,
      title: `${milestone.parcel_code} ${label}完成核查`,
      instructions: `${by} 报「${label}」已于 ${milestone.actual_on} 完成，请到现场核查并记录巡查（结论、照片、位置）。`,
      department_id: checking,
      issued_on: tx.today,
      due_on: addDays(tx.today, settings.due_days),
      source: 'milestone_done',
    },
  ])
}

/** A 巡查任务 for each land sale whose promised start passed unrecorded, to the department that checks starts. */
export async function missedStartTasks(
  db: Queryable,
  today: string,
  settings: InspectionTaskSettings,
): Promise<NewTask[]> {
  const checking = settings.start_department_id
  if (checking === null || !(await findDepartment(db, checking))) return []
  return (await findMissedStarts(db, today)).map((sale) => ({
    item_type: 'parcel' as const,
    item_id: sale.parcel_id,
    title: `${sale.code} 开工核查（${sale.firm}）`,
    instructions: `${sale.firm} 承诺 ${sale.start_by} 前开工，至今未记录开工，请到现场核查是否已开工并记录巡查。`,
    department_id: checking,
    issued_on: today,
    due_on: addDays(today, settings.due_days),
    source: 'start_deadline' as const,
  }))
}

/**
 * The day's turn: every land sale whose promised start of construction has passed without a recorded start gets
 * one 巡查任务 to the department the zone names (`inspection_tasks.start_department_id`) — has the firm started? —
 * at most once per parcel, however often the turn runs. Returns the new tasks' ids.
 */
export async function startDeadlineInspections(deps: ServiceDeps): Promise<number[]> {
  return runWrite(deps, SYSTEM, async (tx) => {
    const { inspection_tasks: settings } = await findLandSettings(tx.db)
    return issueTasks(tx, await missedStartTasks(tx.db, tx.today, settings))
  })
}
