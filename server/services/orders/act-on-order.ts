import { findUserDepartmentId } from '../../db/departments'
import { insertOrderNote, inspectionTaskChecked, updateOrderStatus } from '../../db/orders'
import { nextOrderStatus, type OrderAction, orderParties } from '../../domain/orders'
import { ApiError, fail } from '../../errors'
import { remindOrderStep } from '../reminders/notify'
import { type Actor, assertVersion, runWrite, type ServiceDeps } from '../write'
import { orderNotFound, readOrder } from './queries'

const REFUSALS = {
  not_your_order: {
    status: 403 as const,
    code: 'forbidden',
    en: (action: string) => `You may not ${action} this order`,
    zh: '无权对此督办事项执行该操作：部门用户答复和办结，领导验收或退回',
  },
  not_allowed_now: {
    status: 409 as const,
    code: 'order_state',
    en: (action: string) => `The order cannot be ${action === 'done' ? 'marked done' : `${action}ed`} now`,
    zh: '督办事项当前状态不允许该操作',
  },
}

/**
 * One step of an order at the version it was read: its department's users respond (a progress note) and mark it
 * done; a leader (or its issuer) accepts it or returns it. A step the state machine (server/domain/orders.ts) does
 * not allow answers 403 (not the actor's side) or 409 `order_state`; a stale version 409 `version_conflict`.
 * `afterStep` runs in the same transaction (the notifications of the other side).
 */
export async function actOnOrder(
  deps: ServiceDeps,
  actor: Actor,
  id: number,
  input: { action: OrderAction; note?: string; version: number },
) {
  return runWrite(deps, actor, async (tx) => {
    const found = await tx.lock('orders', [id])
    if (!found.has(id)) throw orderNotFound(id)
    const before = await readOrder(tx.db, id, tx.today)
    assertVersion(before, input.version)
    const departmentId = await findUserDepartmentId(tx.db, actor.username)
    const next = nextOrderStatus(
      before.status,
      input.action,
      orderParties({ ...actor, departmentId }, before),
    )
    if (!next.ok) {
      const refusal = REFUSALS[next.reason]
      const en = refusal.en(input.action)
      throw new ApiError(refusal.status, refusal.code, en, [{ status: before.status }], {
        'zh-CN': refusal.zh,
        en,
      })
    }
    if (input.action === 'return' && !input.note)
      throw new ApiError(400, 'validation_failed', 'Say why the order is returned', [{ path: 'note' }], {
        'zh-CN': '退回须写明原因',
        en: 'Say why the order is returned',
      })
    // a 巡查任务 is done once someone went: an inspection on the task or on its item since it was issued
    if (before.kind === 'inspection' && input.action === 'done' && !(await inspectionTaskChecked(tx.db, id)))
      throw fail(409, 'inspection_required', 'order.inspection_required', { id })
    await updateOrderStatus(tx.db, id, next.value, tx.today)
    await insertOrderNote(tx.db, id, input.action, input.note ?? null, actor.username)
    const after = await readOrder(tx.db, id, tx.today)
    await remindOrderStep(tx, after, input.action, input.note ?? null)
    await tx.record({
      resource: 'orders',
      action: 'update',
      ids: [id],
      history: [
        {
          entityType: 'order',
          entityId: id,
          action: 'update',
          changes: { status: { from: before.status, to: after.status } },
          reason: input.note ?? null,
        },
      ],
    })
    return after
  })
}
