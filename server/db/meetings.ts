import type { Queryable } from './pool'

export interface MeetingRow {
  id: number
  title: string
  held_on: string
  attendees: string[]
  notes: string | null
  created_by: string
  version: number
  created_at: string
}

const COLUMNS = `id, title, held_on, attendees, notes, created_by, version, to_json(created_at) #>> '{}' as created_at`

export async function insertMeeting(
  db: Queryable,
  input: { title: string; held_on: string; attendees: string[]; notes: string | null; created_by: string },
): Promise<number> {
  const { rows } = await db.query<{ id: number }>(
    `insert into meetings (title, held_on, attendees, notes, created_by) values ($1, $2, $3, $4, $5) returning id`,
    [input.title, input.held_on, input.attendees, input.notes, input.created_by],
  )
  return rows[0]?.id as number
}

export async function findMeeting(db: Queryable, id: number): Promise<MeetingRow | null> {
  const { rows } = await db.query<MeetingRow>(`select ${COLUMNS} from meetings where id = $1`, [id])
  return rows[0] ?? null
}

export async function findMeetings(db: Queryable): Promise<MeetingRow[]> {
  const { rows } = await db.query<MeetingRow>(
    `select ${COLUMNS} from meetings order by held_on desc, id desc`,
  )
  return rows
}

/** The meeting held before this one (earlier day, or the same day and created earlier), or null. */
export async function findPreviousMeeting(db: Queryable, meeting: MeetingRow): Promise<MeetingRow | null> {
  const { rows } = await db.query<MeetingRow>(
    `select ${COLUMNS} from meetings where (held_on, id) < ($1::date, $2::bigint) order by held_on desc, id desc limit 1`,
    [meeting.held_on, meeting.id],
  )
  return rows[0] ?? null
}

/** What changed in (from, to]: project stage moves, milestones done, and projects signed with their amounts. */
export async function findChangesBetween(db: Queryable, from: string | null, to: string) {
  const stageMoves = await db.query<{ project_id: number; name: string; stage: string; entered_on: string }>(
    `select h.project_id, p.name, h.stage, h.entered_on from project_stage_history h join projects p on p.id = h.project_id
     where ($1::date is null or h.entered_on > $1::date) and h.entered_on <= $2::date
     order by h.entered_on desc, h.id desc limit 200`,
    [from, to],
  )
  const milestonesDone = await db.query<{ parcel_id: number; code: string; kind: string; actual_on: string }>(
    `select p.id as parcel_id, p.code, m.kind, m.actual_on from parcel_milestones m join parcels p on p.id = m.parcel_id
     where ($1::date is null or m.actual_on > $1::date) and m.actual_on <= $2::date
     order by m.actual_on desc, p.code limit 200`,
    [from, to],
  )
  const signed = await db.query<{ count: number; investment_wan: number }>(
    `select count(*)::int as count, coalesce(sum(investment_wan), 0)::bigint as investment_wan from projects
     where ($1::date is null or signed_on > $1::date) and signed_on <= $2::date and stage <> 'dropped'`,
    [from, to],
  )
  return {
    stage_moves: stageMoves.rows,
    milestones_done: milestonesDone.rows,
    signed: signed.rows[0] ?? { count: 0, investment_wan: 0 },
  }
}

/** Open blockers (难点堵点) with their project and department, oldest due first. */
export async function findOpenBlockers(db: Queryable) {
  const { rows } = await db.query<{
    id: number
    project_id: number
    project: string
    title: string
    department: string | null
    due_on: string | null
    status: string
  }>(
    `select b.id, b.project_id, p.name as project, b.title, d.name as department, b.due_on, b.status
     from blockers b join projects p on p.id = b.project_id left join departments d on d.id = b.department_id
     where b.status <> 'resolved' order by b.due_on nulls last, b.id`,
  )
  return rows
}

/** A meeting's stored agenda (its day's agenda, frozen at the day's turn after it) and when it was frozen, or null. */
export async function findAgendaSnapshot(
  db: Queryable,
  id: number,
): Promise<{ agenda: unknown; frozen_at: string } | null> {
  const { rows } = await db.query<{ agenda: unknown; frozen_at: string }>(
    `select agenda, to_json(agenda_frozen_at) #>> '{}' as frozen_at from meetings
     where id = $1 and agenda_frozen_at is not null`,
    [id],
  )
  return rows[0] ?? null
}

/**
 * Locks the meetings held before `today` whose agenda is not frozen yet, in id order, and answers them. Another
 * instance freezing them at the same moment holds the locks: these wait, and skip the meetings it froze.
 */
export async function lockMeetingsToFreeze(db: Queryable, today: string): Promise<MeetingRow[]> {
  const { rows } = await db.query<MeetingRow>(
    `select ${COLUMNS} from meetings where held_on < $1::date and agenda_frozen_at is null order by id for update`,
    [today],
  )
  return rows
}

/** Stores a meeting's frozen agenda, now; answers when, and the meeting's new version. */
export async function storeAgendaSnapshot(
  db: Queryable,
  id: number,
  agenda: unknown,
): Promise<{ frozen_at: string; version: number }> {
  const { rows } = await db.query<{ frozen_at: string; version: number }>(
    `update meetings set agenda = $2::jsonb, agenda_frozen_at = now(), version = version + 1 where id = $1
     returning to_json(agenda_frozen_at) #>> '{}' as frozen_at, version`,
    [id, JSON.stringify(agenda)],
  )
  return rows[0] as { frozen_at: string; version: number }
}
