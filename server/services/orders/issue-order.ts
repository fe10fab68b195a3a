import { findDepartment } from '../../db/departments'
import { findOrderItemName, insertOrder, insertOrderNote } from '../../db/orders'
import type { OrderCreate } from '../../domain/orders'
import { ApiError } from '../../errors'
import { remindOrderIssued } from '../reminders/notify'
import { type Actor, runWrite, type ServiceDeps } from '../write'
import { readOrder } from './queries'

function invalid(path: string, message: string, zh: string) {
  return new ApiError(400, 'validation_failed', message, [{ path, message }], { 'zh-CN': zh, en: message })
}

/**
 * A leader orders an item done (督办): the item and the department must exist, the due date must not be before
 * today. The order, its first note, its history row and the reminders of the department's users are written in one
 * transaction. `meetingId`: the meeting (例会) whose decision this order is.
 */
export async function issueOrder(
  deps: ServiceDeps,
  actor: Actor,
  input: OrderCreate,
  meetingId: number | null = null,
) {
  return runWrite(deps, actor, async (tx) => {
    if (input.due_on < tx.today)
      throw invalid('due_on', 'The due date is before today', '办结期限不能早于今天')
    const item = await findOrderItemName(tx.db, input.item_type, input.item_id)
    if (!item)
      throw new ApiError(404, 'not_found', `No ${input.item_type} ${input.item_id}`, [], {
        'zh-CN': `督办对象不存在（${input.item_type} ${input.item_id}）`,
        en: `No ${input.item_type} ${input.item_id}`,
      })
    if (!(await findDepartment(tx.db, input.department_id)))
      throw invalid(
        'department_id',
        `No department ${input.department_id}`,
        `部门 ${input.department_id} 不存在`,
      )
    const id = await insertOrder(tx.db, {
      item_type: input.item_type,
      item_id: input.item_id,
      title: input.title ?? item.name,
      instructions: input.instructions,
      department_id: input.department_id,
      issued_by: actor.username,
      issued_on: tx.today,
      due_on: input.due_on,
      meeting_id: meetingId,
      kind: input.kind ?? 'supervision',
    })
    await insertOrderNote(tx.db, id, 'issue', input.instructions, actor.username)
    const order = await readOrder(tx.db, id, tx.today)
    await remindOrderIssued(tx, order)
    await tx.record({
      resource: 'orders',
      action: 'create',
      ids: [id],
      history: [
        { entityType: 'order', entityId: id, action: 'create', changes: { ...order, notes: undefined } },
      ],
    })
    return order
  })
}
