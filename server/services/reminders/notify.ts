import { findDepartment, findDepartmentUsers, findUsersByName, type Recipient } from '../../db/departments'
import type { EscalationChangeRow, LateItemRow } from '../../db/escalation'
import type { Queryable } from '../../db/pool'
import { enqueueMail, enqueueWebhook, insertNotifications, type NotificationInput } from '../../db/reminders'
import {
  orderIssuedText,
  orderStepText,
  type ReminderText,
  redCardText,
  robotMessage,
} from '../../domain/reminders'
import type { OrderDetail } from '../orders/queries'
import type { Tx } from '../write'

interface Reminder {
  kind: NotificationInput['kind']
  text: ReminderText
  recipients: readonly Recipient[]
  order_id?: number
  item?: { type: string; id: number }
  /** also by e-mail (a new order, a red card), else in the app only */
  mail: boolean
  /** the department whose group robot (if it has one) gets it too */
  departmentId?: number | null
}

/**
 * Writes a reminder in the caller's transaction: a notification per recipient, an e-mail to those with an address
 * (when `mail`), and a robot message to the department's webhook (when it has one). Nothing leaves the database
 * here; the outboxes are delivered after the commit (deliver.ts).
 */
export async function remind(db: Queryable, reminder: Reminder) {
  await insertNotifications(
    db,
    reminder.recipients.map((r) => ({
      username: r.username,
      kind: reminder.kind,
      title: reminder.text.title,
      body: reminder.text.body,
      order_id: reminder.order_id ?? null,
      item_type: reminder.item?.type ?? null,
      item_id: reminder.item?.id ?? null,
    })),
  )
  if (!reminder.mail) return
  const addresses = [...new Set(reminder.recipients.flatMap((r) => (r.email ? [r.email] : [])))]
  await enqueueMail(db, addresses, reminder.text.title, reminder.text.body)
  if (reminder.departmentId) {
    const department = await findDepartment(db, reminder.departmentId)
    if (department?.webhook_url) await enqueueWebhook(db, department.webhook_url, robotMessage(reminder.text))
  }
}

/** A new order reaches its department's users: in the app, by e-mail and through the department's robot. */
export async function remindOrderIssued(tx: Tx, order: OrderDetail) {
  await remind(tx.db, {
    kind: 'order_issued',
    text: orderIssuedText(order),
    recipients: await findDepartmentUsers(tx.db, order.department_id),
    order_id: order.id,
    item: { type: order.item_type, id: order.item_id },
    mail: true,
    departmentId: order.department_id,
  })
  await tx.record({ resource: 'notifications', action: 'create', ids: [], history: [] })
}

/** A step of an order reaches the other side in the app: the issuer when the department acts, else the department. */
export async function remindOrderStep(tx: Tx, order: OrderDetail, action: string, note: string | null) {
  const byDepartment = action === 'respond' || action === 'done'
  const recipients = byDepartment
    ? await findUsersByName(tx.db, [order.issued_by])
    : await findDepartmentUsers(tx.db, order.department_id)
  await remind(tx.db, {
    kind: 'order_step',
    text: orderStepText(order, action, tx.actor.username, note),
    recipients: recipients.filter((r) => r.username !== tx.actor.username),
    order_id: order.id,
    mail: false,
  })
  await tx.record({ resource: 'notifications', action: 'create', ids: [], history: [] })
}

/** Items that turned red today reach their department's users and the leaders, in the app and by e-mail. */
export async function remindRedCards(
  db: Queryable,
  changes: readonly EscalationChangeRow[],
  late: readonly LateItemRow[],
): Promise<number> {
  const leaders = (
    await db.query<Recipient>(
      `select username, display_name, email, department_id from users where role = 'leader' and not disabled`,
    )
  ).rows
  let sent = 0
  for (const change of changes) {
    if (change.to_level !== 'red') continue
    const item = late.find((l) => l.item_type === change.item_type && l.item_id === change.item_id)
    if (!item) continue
    const department = item.department_id ? await findDepartmentUsers(db, item.department_id) : []
    const recipients = [...new Map([...department, ...leaders].map((r) => [r.username, r])).values()]
    await remind(db, {
      kind: 'red_card',
      text: redCardText(item),
      recipients,
      item: { type: item.item_type, id: item.item_id },
      mail: true,
      departmentId: item.department_id,
    })
    sent++
  }
  return sent
}
