import type { BlockerQuery, BlockerStatus } from '../domain/project'
import type { Queryable } from './pool'

export interface BlockerRow {
  id: number
  project_id: number
  title: string
  owner: string
  due_on: string | null
  status: BlockerStatus
  resolution: string | null
  version: number
  created_at: string
  updated_at: string
}

const COLUMNS = `b.id, b.project_id, b.title, b.owner, b.due_on, b.status, b.resolution, b.version,
  to_json(b.created_at) #>> '{}' as created_at, to_json(b.updated_at) #>> '{}' as updated_at`

export async function findProjectBlockers(db: Queryable, projectId: number): Promise<BlockerRow[]> {
  const { rows } = await db.query<BlockerRow>(
    `select ${COLUMNS} from blockers b where b.project_id = $1
     order by (b.status = 'resolved'), b.due_on nulls last, b.id`,
    [projectId],
  )
  return rows
}

export async function findBlocker(db: Queryable, projectId: number, id: number, lock = false) {
  const { rows } = await db.query<BlockerRow>(
    `select ${COLUMNS} from blockers b where b.project_id = $1 and b.id = $2${lock ? ' for update' : ''}`,
    [projectId, id],
  )
  return rows[0] ?? null
}

/** Blockers across projects with their project's name, by owner then due date; `overdue` keeps those past due. */
export async function findBlockers(db: Queryable, query: BlockerQuery, today: string) {
  const { rows } = await db.query<
    BlockerRow & { project_name: string; project_stage: string; manager: string | null }
  >(
    `select ${COLUMNS}, p.name as project_name, p.stage as project_stage, p.manager
     from blockers b join projects p on p.id = b.project_id
     where ($1::text is null or b.owner = $1)
       and (not $2::boolean or (b.status <> 'resolved' and b.due_on < $3::date))
       and ($4::text[] is null or b.status = any($4))
     order by b.owner, b.due_on nulls last, b.id`,
    [query.owner ?? null, query.overdue ?? false, today, query.status ?? null],
  )
  return rows
}

export async function insertBlocker(
  db: Queryable,
  input: {
    projectId: number
    title: string
    owner: string
    due_on: string | null
    status: string
    resolution: string | null
  },
): Promise<number> {
  const { rows } = await db.query<{ id: number }>(
    `insert into blockers (project_id, title, owner, due_on, status, resolution)
     values ($1, $2, $3, $4, $5, $6) returning id`,
    [input.projectId, input.title, input.owner, input.due_on, input.status, input.resolution],
  )
  return rows[0]?.id as number
}

export async function updateBlocker(
  db: Queryable,
  id: number,
  next: { title: string; owner: string; due_on: string | null; status: string; resolution: string | null },
) {
  await db.query(
    `update blockers set title = $2, owner = $3, due_on = $4, status = $5, resolution = $6,
       version = version + 1, updated_at = now()
     where id = $1`,
    [id, next.title, next.owner, next.due_on, next.status, next.resolution],
  )
}
