import type { FollowUpKind } from '../domain/follow-up'
import type { Queryable } from './pool'

export interface FollowUpRow {
  id: number
  project_id: number
  kind: FollowUpKind
  happened_on: string
  who: string
  what: string
  next_action: string | null
  next_on: string | null
  actor: string | null
  created_at: string
  /** the project's latest follow-up: its next action is the open one */
  latest: boolean
}

const COLUMNS = `f.id, f.project_id, f.kind, f.happened_on, f.who, f.what, f.next_action, f.next_on, f.actor,
  to_json(f.created_at) #>> '{}' as created_at,
  row_number() over (partition by f.project_id order by f.happened_on desc, f.id desc) = 1 as latest`

/** A project's follow-ups, latest first. */
export async function findFollowUps(db: Queryable, projectId: number): Promise<FollowUpRow[]> {
  const { rows } = await db.query<FollowUpRow>(
    `select ${COLUMNS} from project_follow_ups f where f.project_id = $1
     order by f.happened_on desc, f.id desc`,
    [projectId],
  )
  return rows
}

export async function insertFollowUp(
  db: Queryable,
  input: {
    projectId: number
    kind: FollowUpKind
    happened_on: string
    who: string
    what: string
    next_action: string | null
    next_on: string | null
    actor: string
  },
): Promise<number> {
  const { rows } = await db.query<{ id: number }>(
    `insert into project_follow_ups (project_id, kind, happened_on, who, what, next_action, next_on, actor)
     values ($1, $2, $3, $4, $5, $6, $7, $8) returning id`,
    [
      input.projectId,
      input.kind,
      input.happened_on,
      input.who,
      input.what,
      input.next_action,
      input.next_on,
      input.actor,
    ],
  )
  return rows[0]?.id as number
}

/**
 * The late next actions on `today`: of each project not dropped, its latest follow-up's next action when its date
 * is before today; the owner is the project's manager ('—' when it has none).
 */
export const LATE_FOLLOW_UPS_SQL = `
  select f.id, f.project_id, p.name as project_name, coalesce(p.manager, '—') as owner, f.next_action, f.next_on,
    f.happened_on, p.department_id
  from projects p
  join lateral (
    select * from project_follow_ups x where x.project_id = p.id order by x.happened_on desc, x.id desc limit 1
  ) f on true
  where p.stage <> 'dropped' and f.next_on < $1::date`

export async function findLateFollowUps(db: Queryable, today: string) {
  const { rows } = await db.query<{
    id: number
    project_id: number
    project_name: string
    owner: string
    next_action: string
    next_on: string
  }>(`${LATE_FOLLOW_UPS_SQL} order by f.next_on, f.id`, [today])
  return rows
}
