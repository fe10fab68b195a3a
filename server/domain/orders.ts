import { z } from 'zod'
import { isIsoDate } from './dates'
import type { Role } from './vocabulary'

/** 督办: issued → (in_progress) → done → accepted, or returned to the department and done again. */
export const ORDER_STATUSES = ['issued', 'in_progress', 'done', 'returned', 'accepted'] as const
export const OrderStatus = z.enum(ORDER_STATUSES)
export type OrderStatus = z.infer<typeof OrderStatus>

/** What an order can be about. */
export const ORDER_ITEM_TYPES = ['milestone', 'infrastructure', 'blocker', 'project', 'parcel'] as const
export const OrderItemType = z.enum(ORDER_ITEM_TYPES)
export type OrderItemType = z.infer<typeof OrderItemType>

/**
 * supervision: 督办, a leader orders an item done; inspection: 巡查任务, someone must check the item on site — done
 * only once an inspection records the check (server/services/orders/inspection-tasks.ts).
 */
export const ORDER_KINDS = ['supervision', 'inspection'] as const
export const OrderKind = z.enum(ORDER_KINDS)
export type OrderKind = z.infer<typeof OrderKind>

/** Why an order exists: a leader's (or a meeting's, with its meeting_id), or an inspection task the app made. */
export type OrderSource = 'leader' | 'milestone_done' | 'start_deadline'

/** respond: a progress note; done: the department says it is done; accept / return: the leader's answer. */
export const ORDER_ACTIONS = ['respond', 'done', 'accept', 'return'] as const
export const OrderAction = z.enum(ORDER_ACTIONS)
export type OrderAction = z.infer<typeof OrderAction>

/** Who acts on an order: the department's users answer it, leaders (and the issuer) judge it. */
export type OrderParty = 'department' | 'leader'

const TRANSITIONS: Record<OrderAction, { from: readonly OrderStatus[]; to: OrderStatus; by: OrderParty }> = {
  respond: { from: ['issued', 'in_progress', 'returned'], to: 'in_progress', by: 'department' },
  done: { from: ['issued', 'in_progress', 'returned'], to: 'done', by: 'department' },
  accept: { from: ['done'], to: 'accepted', by: 'leader' },
  return: { from: ['done'], to: 'returned', by: 'leader' },
}

/** Whether the order still waits for its department (and so can be late). */
export function isOrderOpen(status: OrderStatus): boolean {
  return status === 'issued' || status === 'in_progress' || status === 'returned'
}

/**
 * The state machine of an order: the status after `action` from `status`, when `parties` (what the actor is for this
 * order) may take it; otherwise why not. `nextOrderStatus('done', 'accept', ['leader'])` → { ok: true, value:
 * 'accepted' }; `nextOrderStatus('issued', 'accept', ['leader'])` → { ok: false, reason: 'not_allowed_now' }.
 */
export function nextOrderStatus(
  status: OrderStatus,
  action: OrderAction,
  parties: readonly OrderParty[],
): { ok: true; value: OrderStatus } | { ok: false; reason: 'not_your_order' | 'not_allowed_now' } {
  const rule = TRANSITIONS[action]
  if (!parties.includes(rule.by)) return { ok: false, reason: 'not_your_order' }
  if (!rule.from.includes(status)) return { ok: false, reason: 'not_allowed_now' }
  return { ok: true, value: rule.to }
}

/**
 * What an actor is for an order: the department's side when they belong to its department (admins act for anyone),
 * the leader's side when they are a leader, an admin, or the one who issued it.
 */
export function orderParties(
  actor: { username: string; role: Role | 'system'; departmentId: number | null },
  order: { department_id: number; issued_by: string },
): OrderParty[] {
  const parties: OrderParty[] = []
  if (actor.role === 'admin' || (actor.departmentId !== null && actor.departmentId === order.department_id))
    parties.push('department')
  if (actor.role === 'admin' || actor.role === 'leader' || actor.username === order.issued_by)
    parties.push('leader')
  return parties
}

const Day = z.string().refine(isIsoDate, 'a date as YYYY-MM-DD')
const Id = z.number().int().positive().max(Number.MAX_SAFE_INTEGER)

/** POST /api/orders: an order on an item, to a department, with instructions and a due date. */
export const OrderCreate = z
  .object({
    item_type: OrderItemType,
    item_id: Id,
    department_id: Id,
    instructions: z.string().trim().min(1).max(2000),
    due_on: Day,
    /** defaults to the item's own name */
    title: z.string().trim().min(1).max(200).optional(),
    /** default supervision (督办); inspection: a 巡查任务 */
    kind: OrderKind.optional(),
  })
  .strict()
export type OrderCreate = z.infer<typeof OrderCreate>

/** PATCH /api/orders/:id: one step of the order, with a note, at the version it was read. */
export const OrderPatch = z
  .object({
    action: OrderAction,
    note: z.string().trim().max(2000).optional(),
    version: z.number().int().positive().optional(),
  })
  .strict()
export type OrderPatch = z.infer<typeof OrderPatch>

/** GET /api/orders: `assignee=me` — orders to my department; `issuer=me` — orders I issued. */
export const OrderQuery = z
  .object({
    assignee: z.literal('me').optional(),
    issuer: z.literal('me').optional(),
    status: z
      .string()
      .transform((s) => s.split(','))
      .pipe(z.array(OrderStatus))
      .optional(),
    department: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER).optional(),
    kind: OrderKind.optional(),
  })
  .strict()
export type OrderQuery = z.infer<typeof OrderQuery>
