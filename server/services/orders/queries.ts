import { findUserDepartmentId } from '../../db/departments'
import { findOrder, findOrderNotes, findOrders } from '../../db/orders'
import type { Queryable } from '../../db/pool'
import { findLandSettings } from '../../db/zone'
import type { OrderQuery } from '../../domain/orders'
import { ApiError } from '../../errors'
import type { Actor, ServiceDeps } from '../write'

export function orderNotFound(id: number) {
  return new ApiError(404, 'not_found', `No order ${id}`, [], {
    'zh-CN': `督办事项 ${id} 不存在`,
    en: `No order ${id}`,
  })
}

/** An order as read on `today`, with its grade and its thread of notes; 404 when there is none. */
export async function readOrder(db: Queryable, id: number, today: string) {
  const { escalation } = await findLandSettings(db)
  const order = await findOrder(db, id, today, escalation)
  if (!order) throw orderNotFound(id)
  return { ...order, notes: await findOrderNotes(db, id) }
}

export type OrderDetail = Awaited<ReturnType<typeof readOrder>>

export async function orderDetail(deps: Pick<ServiceDeps, 'pool' | 'today'>, id: number) {
  return readOrder(deps.pool, id, deps.today())
}

/**
 * GET /api/orders: `assignee=me` — the orders to the caller's department (none without one); `issuer=me` — the
 * orders the caller issued; else every order (every role reads everything), optionally of one department.
 */
export async function listOrders(deps: Pick<ServiceDeps, 'pool' | 'today'>, actor: Actor, query: OrderQuery) {
  const { escalation } = await findLandSettings(deps.pool)
  const departmentId =
    query.assignee === 'me' ? await findUserDepartmentId(deps.pool, actor.username) : query.department
  return findOrders(deps.pool, deps.today(), escalation, {
    departmentId,
    issuedBy: query.issuer === 'me' ? actor.username : undefined,
    status: query.status,
    kind: query.kind,
  })
}
