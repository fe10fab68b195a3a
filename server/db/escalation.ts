import {
  daysLate,
  ESCALATION_LEVELS,
  type EscalationLevel,
  type EscalationThresholds,
  escalationLevel,
  type LateItemType,
} from '../domain/escalation'
import { COMMITMENT_OWNER } from '../domain/evaluation'
import { MILESTONE_KINDS } from '../domain/vocabulary'
import { type CommitmentCheckRow, findCommitments } from './firms'
import { LATE_FOLLOW_UPS_SQL } from './follow-ups'
import type { Queryable } from './pool'

export interface LateItemRow {
  item_type: LateItemType
  item_id: number
  title: string
  /** the milestone's kind, the infrastructure's kind; null for blockers, orders and follow-ups */
  kind: string | null
  parcel_id: number | null
  project_id: number | null
  department_id: number | null
  department: string | null
  department_en: string | null
  due_on: string
  start_on: string | null
  progress_pct: number | null
  days_late: number
  lag_pct: number
  level: EscalationLevel
  /** a breached 标准地 commitment (item_type 'commitment'): its breached checks, each with its shortfall */
  breached?: Pick<CommitmentCheckRow, 'check' | 'year' | 'due_on' | 'committed' | 'actual' | 'shortfall'>[]
}

/**
 * Every late item on `today` with its grade (escalation_level, migration 0021): milestones planned before today and
 * not done (their planned duration starts at the previous milestone's planned date), infrastructure not finished
 * past its planned finish or behind its planned progress, open blockers past due (from the day they were
 * recorded), orders not done past due (from the day they were issued), the next actions of projects' latest
 * follow-ups past their date (owned by the manager's department, from the day the follow-up was recorded), and
 * breached 标准地 commitments (owned by COMMITMENT_OWNER's department, late from their first breached check, graded
 * by days late alone). Worst first.
 */
export async function findLateItems(
  db: Queryable,
  today: string,
  thresholds: EscalationThresholds,
  filter: { level?: EscalationLevel; departmentId?: number; type?: LateItemType } = {},
): Promise<LateItemRow[]> {
  const { rows } = await db.query<LateItemRow>(
    `with items as (
       select 'milestone' as item_type, m.id as item_id, p.code || ' ' || coalesce(p.name, '') as title,
         m.kind, p.id as parcel_id, null::bigint as project_id, m.department_id, m.planned_on as due_on,
         (select max(e.planned_on) from parcel_milestones e
          where e.parcel_id = m.parcel_id and array_position($3::text[], e.kind) < array_position($3::text[], m.kind))
           as start_on,
         null::float8 as progress_pct
       from parcel_milestones m join parcels p on p.id = m.parcel_id
       where m.actual_on is null and m.planned_on < $1::date
       union all
       select 'infrastructure', i.id, i.name, i.kind, null, null, i.department_id, i.planned_finish,
         i.planned_start, i.progress_pct::float8
       from infrastructure i where i.status <> 'done' and i.planned_finish is not null
       union all
       select 'blocker', b.id, b.title, null, pr.parcel_id, b.project_id, b.department_id, b.due_on,
         (b.created_at at time zone 'Asia/Shanghai')::date, null
       from blockers b join projects pr on pr.id = b.project_id
       where b.status <> 'resolved' and b.due_on < $1::date
       union all
       select 'order', o.id, o.title, o.item_type, null, null, o.department_id, o.due_on, o.issued_on, null
       from orders o where o.status in ('issued', 'in_progress', 'returned') and o.due_on < $1::date
       union all
       select 'follow_up', f.id, f.project_name || '：' || f.next_action, null, null, f.project_id, f.department_id,
         f.next_on, f.happened_on, null
       from (${LATE_FOLLOW_UPS_SQL}) f
     ), graded as (
       select items.*, greatest($1::date - due_on, 0) as days_late,
         escalation_lag($1::date, due_on, start_on, progress_pct) as lag_pct,
         escalation_level($1::date, due_on, start_on, progress_pct, $2::jsonb) as level
       from items
     )
     select g.item_type, g.item_id, g.title, g.kind, g.parcel_id, g.project_id, g.department_id,
       d.name as department, d.name_en as department_en, g.due_on, g.start_on, g.progress_pct, g.days_late,
       round(g.lag_pct::numeric, 1)::float8 as lag_pct, g.level
     from graded g left join departments d on d.id = g.department_id
     where (g.due_on < $1::date or g.level <> 'normal')
       and ($4::text is null or g.level = $4)
       and ($5::bigint is null or g.department_id = $5)
       and ($6::text is null or g.item_type = $6)
     order by array_position(array['red', 'yellow', 'normal'], g.level), g.days_late desc, g.lag_pct desc,
       g.item_type, g.item_id`,
    [
      today,
      JSON.stringify(thresholds),
      MILESTONE_KINDS,
      filter.level ?? null,
      filter.departmentId ?? null,
      filter.type ?? null,
    ],
  )
  if (filter.type && filter.type !== 'commitment') return rows
  const commitments = (await lateCommitmentItems(db, today, thresholds)).filter(
    (c) =>
      (!filter.level || c.level === filter.level) &&
      (!filter.departmentId || c.department_id === filter.departmentId),
  )
  if (commitments.length === 0) return rows
  // the same order as the query's: worst grade, most days late, most lag, then type and id
  const rank = (l: EscalationLevel) => ESCALATION_LEVELS.length - 1 - ESCALATION_LEVELS.indexOf(l)
  return [...rows, ...commitments].sort(
    (a, b) =>
      rank(a.level) - rank(b.level) ||
      b.days_late - a.days_late ||
      b.lag_pct - a.lag_pct ||
      (a.item_type < b.item_type ? -1 : a.item_type > b.item_type ? 1 : 0) ||
      a.item_id - b.item_id,
  )
}

/**
 * The breached 标准地 commitments on `today` as late items: the breaches are worked out by findCommitments; each is
 * due on its first breached check's date, titled with the parcel's code and the firm, and graded by days late (a
 * commitment has no planned duration or progress, so no lag).
 */
async function lateCommitmentItems(
  db: Queryable,
  today: string,
  thresholds: EscalationThresholds,
): Promise<LateItemRow[]> {
  const breached = await findCommitments(db, today, { status: 'breached' })
  if (breached.length === 0) return []
  const { rows } = await db.query<{ id: number; name: string; name_en: string | null }>(
    'select id, name, name_en from departments where name = $1',
    [COMMITMENT_OWNER],
  )
  const department = rows[0] ?? null
  return breached.map((c) => {
    const checks = c.checks.filter((k) => k.status === 'breached')
    const due = checks.map((k) => k.due_on).sort()[0] ?? today
    return {
      item_type: 'commitment',
      item_id: c.id,
      title: `${c.parcelCode} ${c.firmName}`,
      kind: checks[0]?.check ?? null,
      parcel_id: c.parcelId,
      project_id: c.projectId,
      department_id: department?.id ?? null,
      department: department?.name ?? null,
      department_en: department?.name_en ?? null,
      due_on: due,
      start_on: null,
      progress_pct: null,
      days_late: daysLate({ due_on: due }, today),
      lag_pct: 0,
      level: escalationLevel({ due_on: due }, today, thresholds),
      breached: checks.map(({ check, year, due_on, committed, actual, shortfall }) => ({
        check,
        year,
        due_on,
        committed,
        actual,
        shortfall,
      })),
    }
  })
}

export interface EscalationChangeRow {
  item_type: LateItemType
  item_id: number
  department_id: number | null
  from_level: EscalationLevel
  to_level: EscalationLevel
}

/**
 * Brings the recorded grades (escalations) to what `late` says on `today`: an item whose grade moved gets a row in
 * escalation_changes; an item no longer late goes back to normal. Answers the changes recorded.
 */
export async function recordEscalationChanges(
  db: Queryable,
  today: string,
  late: readonly Pick<LateItemRow, 'item_type' | 'item_id' | 'department_id' | 'level'>[],
): Promise<EscalationChangeRow[]> {
  const { rows } = await db.query<EscalationChangeRow>(
    `with now_late as (
       select * from jsonb_to_recordset($2::jsonb)
         as x(item_type text, item_id bigint, department_id bigint, level text)
     ), moves as (
       select coalesce(n.item_type, e.item_type) as item_type, coalesce(n.item_id, e.item_id) as item_id,
         n.department_id, coalesce(e.level, 'normal') as from_level, coalesce(n.level, 'normal') as to_level
       from now_late n full join escalations e on e.item_type = n.item_type and e.item_id = n.item_id
       where coalesce(e.level, 'normal') <> coalesce(n.level, 'normal')
     ), gone as (
       delete from escalations e using moves m
       where e.item_type = m.item_type and e.item_id = m.item_id and m.to_level = 'normal'
     ), kept as (
       insert into escalations (item_type, item_id, level, since)
       select item_type, item_id, to_level, $1::date from moves where to_level <> 'normal'
       on conflict (item_type, item_id) do update set level = excluded.level, since = excluded.since
     )
     insert into escalation_changes (item_type, item_id, department_id, from_level, to_level, changed_on)
     select item_type, item_id, department_id, from_level, to_level, $1::date from moves
     returning item_type, item_id, department_id, from_level, to_level`,
    [
      today,
      JSON.stringify(
        late
          .filter((l) => l.level !== 'normal')
          .map((l) => ({
            item_type: l.item_type,
            item_id: l.item_id,
            department_id: l.department_id,
            level: l.level,
          })),
      ),
    ],
  )
  return rows
}

/** The recorded changes of grade of one item, oldest first. */
export async function findEscalationChanges(db: Queryable, itemType: LateItemType, itemId: number) {
  const { rows } = await db.query<EscalationChangeRow & { changed_on: string }>(
    `select item_type, item_id, department_id, from_level, to_level, changed_on from escalation_changes
     where item_type = $1 and item_id = $2 order by id`,
    [itemType, itemId],
  )
  return rows
}
