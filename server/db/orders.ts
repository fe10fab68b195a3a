import type { EscalationLevel, EscalationThresholds } from '../domain/escalation'
import type { OrderAction, OrderItemType, OrderStatus } from '../domain/orders'
import type { Queryable } from './pool'

export interface OrderNoteRow {
  id: number
  action: OrderAction | 'issue'
  note: string | null
  actor: string
  at: string
}

export interface OrderRow {
  id: number
  item_type: OrderItemType
  item_id: number
  title: string
  instructions: string
  department_id: number
  department: string
  department_en: string | null
  issued_by: string
  issued_on: string
  due_on: string
  status: OrderStatus
  done_on: string | null
  accepted_on: string | null
  days_late: number
  level: EscalationLevel
  meeting_id: number | null
  /** where the item is on the map: its parcel (a milestone's, a project's site, a blocker's project's site) */
  parcel_id: number | null
  /** the project of a blocker or of a project order */
  project_id: number | null
  version: number
  created_at: string
  updated_at: string
}

/** An order's grade: open orders are graded from the day issued to the due date (escalation_level, 0021). */
const COLUMNS = `o.id, o.item_type, o.item_id, o.title, o.instructions, o.department_id, d.name as department,
  d.name_en as department_en, o.issued_by, o.issued_on, o.due_on, o.status, o.done_on, o.accepted_on,
  case when o.status in ('issued', 'in_progress', 'returned') then greatest($1::date - o.due_on, 0) else 0 end
    as days_late,
  case when o.status in ('issued', 'in_progress', 'returned')
    then escalation_level($1::date, o.due_on, o.issued_on, null, $2::jsonb) else 'normal' end as level,
  o.meeting_id,
  case o.item_type
    when 'parcel' then o.item_id
    when 'milestone' then (select m.parcel_id from parcel_milestones m where m.id = o.item_id)
    when 'project' then (select pr.parcel_id from projects pr where pr.id = o.item_id)
    when 'blocker' then (select pr.parcel_id from blockers b join projects pr on pr.id = b.project_id
      where b.id = o.item_id)
  end as parcel_id,
  case o.item_type
    when 'project' then o.item_id
    when 'blocker' then (select b.project_id from blockers b where b.id = o.item_id)
  end as project_id,
  o.version, to_json(o.created_at) #>> '{}' as created_at, to_json(o.updated_at) #>> '{}' as updated_at`

export async function findOrder(
  db: Queryable,
  id: number,
  today: string,
  thresholds: EscalationThresholds,
): Promise<OrderRow | null> {
  const { rows } = await db.query<OrderRow>(
    `select ${COLUMNS} from orders o join departments d on d.id = o.department_id where o.id = $3`,
    [today, JSON.stringify(thresholds), id],
  )
  return rows[0] ?? null
}

export async function findOrders(
  db: Queryable,
  today: string,
  thresholds: EscalationThresholds,
  filter: { departmentId?: number | null; issuedBy?: string; status?: readonly OrderStatus[] },
): Promise<OrderRow[]> {
  // a caller without a department asking for their department's orders has none
  if (filter.departmentId === null) return []
  const { rows } = await db.query<OrderRow>(
    `select ${COLUMNS} from orders o join departments d on d.id = o.department_id
     where ($3::bigint is null or o.department_id = $3)
       and ($4::text is null or o.issued_by = $4)
       and ($5::text[] is null or o.status = any($5))
     order by (o.status = 'accepted'), o.due_on, o.id`,
    [
      today,
      JSON.stringify(thresholds),
      filter.departmentId ?? null,
      filter.issuedBy ?? null,
      filter.status ? [...filter.status] : null,
    ],
  )
  return rows
}

export async function findOrderNotes(db: Queryable, orderId: number): Promise<OrderNoteRow[]> {
  const { rows } = await db.query<OrderNoteRow>(
    `select id, action, note, actor, to_json(at) #>> '{}' as at from order_notes where order_id = $1 order by id`,
    [orderId],
  )
  return rows
}

export async function insertOrder(
  db: Queryable,
  input: {
    item_type: OrderItemType
    item_id: number
    title: string
    instructions: string
    department_id: number
    issued_by: string
    issued_on: string
    due_on: string
    meeting_id?: number | null
  },
): Promise<number> {
  const { rows } = await db.query<{ id: number }>(
    `insert into orders (item_type, item_id, title, instructions, department_id, issued_by, issued_on, due_on,
       meeting_id)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9) returning id`,
    [
      input.item_type,
      input.item_id,
      input.title,
      input.instructions,
      input.department_id,
      input.issued_by,
      input.issued_on,
      input.due_on,
      input.meeting_id ?? null,
    ],
  )
  return rows[0]?.id as number
}

export async function insertOrderNote(
  db: Queryable,
  orderId: number,
  action: OrderAction | 'issue',
  note: string | null,
  actor: string,
) {
  await db.query('insert into order_notes (order_id, action, note, actor) values ($1, $2, $3, $4)', [
    orderId,
    action,
    note,
    actor,
  ])
}

/** Moves an order to `status` on `today`; the caller locked the row and checked its version. */
export async function updateOrderStatus(db: Queryable, id: number, status: OrderStatus, today: string) {
  await db.query(
    `update orders set status = $2,
       done_on = case when $2 in ('done', 'accepted') then coalesce(done_on, $3::date) else null end,
       accepted_on = case when $2 = 'accepted' then $3::date else null end,
       version = version + 1, updated_at = now()
     where id = $1`,
    [id, status, today],
  )
}

/** The name of the item an order is about, or null when there is no such item. */
export async function findOrderItemName(
  db: Queryable,
  type: OrderItemType,
  id: number,
): Promise<{ name: string; department_id: number | null } | null> {
  const sql: Record<OrderItemType, string> = {
    milestone: `select p.code || ' ' || m.kind as name, m.department_id from parcel_milestones m
      join parcels p on p.id = m.parcel_id where m.id = $1`,
    infrastructure: 'select name, department_id from infrastructure where id = $1',
    blocker: `select pr.name || '：' || b.title as name, b.department_id from blockers b
      join projects pr on pr.id = b.project_id where b.id = $1`,
    project: 'select name, department_id from projects where id = $1',
    parcel: `select code || coalesce(' ' || name, '') as name, null::bigint as department_id from parcels where id = $1`,
  }
  const { rows } = await db.query<{ name: string; department_id: number | null }>(sql[type], [id])
  return rows[0] ?? null
}
