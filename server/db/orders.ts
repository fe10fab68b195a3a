import type { EscalationLevel, EscalationThresholds } from '../domain/escalation'
import { LABELS } from '../domain/messages'
import type { OrderAction, OrderItemType, OrderKind, OrderSource, OrderStatus } from '../domain/orders'
import type { MilestoneKind } from '../domain/vocabulary'
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
  kind: OrderKind
  source: OrderSource
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
  o.meeting_id, o.kind, o.source, o.version, to_json(o.created_at) #>> '{}' as created_at, to_json(o.updated_at) #>> '{}' as updated_at`

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
  filter: {
    departmentId?: number | null
    issuedBy?: string
    status?: readonly OrderStatus[]
    kind?: OrderKind
  },
): Promise<OrderRow[]> {
  // a caller without a department asking for their department's orders has none
  if (filter.departmentId === null) return []
  const { rows } = await db.query<OrderRow>(
    `select ${COLUMNS} from orders o join departments d on d.id = o.department_id
     where ($3::bigint is null or o.department_id = $3)
       and ($4::text is null or o.issued_by = $4)
       and ($5::text[] is null or o.status = any($5))
       and ($6::text is null or o.kind = $6)
     order by (o.status = 'accepted'), o.due_on, o.id`,
    [
      today,
      JSON.stringify(thresholds),
      filter.departmentId ?? null,
      filter.issuedBy ?? null,
      filter.status ? [...filter.status] : null,
      filter.kind ?? null,
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
    kind?: OrderKind
  },
): Promise<number> {
  const { rows } = await db.query<{ id: number }>(
    `insert into orders (item_type, item_id, title, instructions, department_id, issued_by, issued_on, due_on,
       meeting_id, kind)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) returning id`,
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
      input.kind ?? 'supervision',
    ],
  )
  return rows[0]?.id as number
}

/**
 * The inspection tasks the app makes itself (migration 0030): at most one per item and source, so a milestone
 * marked done twice or a day's turn run twice makes one task. Returns the new tasks' ids.
 */
export async function insertAutomaticInspections(
  db: Queryable,
  tasks: {
    item_type: OrderItemType
    item_id: number
    title: string
    instructions: string
    department_id: number
    issued_on: string
    due_on: string
    source: Exclude<OrderSource, 'leader'>
  }[],
): Promise<number[]> {
  if (tasks.length === 0) return []
  const { rows } = await db.query<{ id: number }>(
    `insert into orders (item_type, item_id, title, instructions, department_id, issued_by, issued_on, due_on,
       kind, source)
     select t.item_type, t.item_id, t.title, t.instructions, t.department_id, 'system', t.issued_on, t.due_on,
       'inspection', t.source
     from json_to_recordset($1::json) as t(item_type text, item_id bigint, title text, instructions text,
       department_id bigint, issued_on date, due_on date, source text)
     on conflict (item_type, item_id, source) where source in ('milestone_done', 'start_deadline') do nothing
     returning id`,
    [JSON.stringify(tasks)],
  )
  return rows.map((r) => Number(r.id))
}

/**
 * Whether an inspection records the check an inspection task asks for: one on the task itself, or one on its item
 * (a milestone's or a parcel's inspections are the parcel's) made on or after the day the task was issued.
 */
export async function inspectionTaskChecked(db: Queryable, orderId: number): Promise<boolean> {
  const { rows } = await db.query<{ ok: boolean }>(
    `select exists (
       select 1 from orders o
       join inspections i on (i.subject_type = 'order' and i.subject_id = o.id)
         or ((i.inspected_at at time zone 'Asia/Shanghai')::date >= o.issued_on and (
           (o.item_type = 'parcel' and i.subject_type in ('parcel', 'milestone') and i.subject_id = o.item_id)
           or (o.item_type = 'milestone' and i.subject_type in ('parcel', 'milestone')
             and i.subject_id = (select m.parcel_id from parcel_milestones m where m.id = o.item_id))
           or (o.item_type = i.subject_type and o.item_type in ('project', 'blocker') and i.subject_id = o.item_id)))
       where o.id = $1) as ok`,
    [orderId],
  )
  return rows[0]?.ok ?? false
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
    milestone: `select p.code as name, m.kind, m.department_id from parcel_milestones m
      join parcels p on p.id = m.parcel_id where m.id = $1`,
    infrastructure: 'select name, department_id from infrastructure where id = $1',
    blocker: `select pr.name || '：' || b.title as name, b.department_id from blockers b
      join projects pr on pr.id = b.project_id where b.id = $1`,
    project: 'select name, department_id from projects where id = $1',
    parcel: `select code || coalesce(' ' || name, '') as name, null::bigint as department_id from parcels where id = $1`,
  }
  const { rows } = await db.query<{ name: string; kind?: MilestoneKind; department_id: number | null }>(
    sql[type],
    [id],
  )
  const row = rows[0]
  if (!row) return null
  // a milestone is named in words: 'GX-2026-0241 清表', the title users read (orders are titled in Chinese)
  const name = row.kind ? `${row.name} ${LABELS.milestone[row.kind]['zh-CN']}` : row.name
  return { name, department_id: row.department_id }
}

/** A parcel's milestone of `kind` as an order item: its id and the parcel's code. */
export async function findMilestoneItem(
  db: Queryable,
  parcelId: number,
  kind: MilestoneKind,
): Promise<{ id: number; parcel_code: string } | null> {
  const { rows } = await db.query<{ id: number; parcel_code: string }>(
    `select m.id::int, p.code as parcel_code from parcel_milestones m join parcels p on p.id = m.parcel_id
     where m.parcel_id = $1 and m.kind = $2`,
    [parcelId, kind],
  )
  return rows[0] ?? null
}

/** The land sales whose promised start of construction (标准地 start_by) has passed with no start recorded. */
export async function findMissedStarts(db: Queryable, today: string) {
  const { rows } = await db.query<{ parcel_id: number; code: string; firm: string; start_by: string }>(
    `select c.parcel_id::int, p.code, f.name as firm, to_char(c.start_by, 'YYYY-MM-DD') as start_by
     from land_commitments c join parcels p on p.id = c.parcel_id join firms f on f.id = c.firm_id
     where c.start_by < $1::date and c.started_on is null
     order by c.start_by, c.parcel_id`,
    [today],
  )
  return rows
}
