import type { Queryable } from './pool'

export type EntityType =
  | 'parcel'
  | 'milestone'
  | 'project'
  | 'blocker'
  | 'reservation'
  | 'infrastructure'
  | 'user'
  | 'setting'
export type HistoryAction = 'create' | 'update' | 'delete' | 'stage' | 'progress' | 'import'

export interface HistoryEntry {
  entityType: EntityType
  entityId: number
  action: HistoryAction
  actor: string
  /** field → { from, to } for updates; the new record for creates; the old one for deletes */
  changes: Record<string, unknown>
  reason?: string | null
}

/** Records one change; call it in the same transaction as the change itself. */
export async function insertHistory(db: Queryable, entry: HistoryEntry) {
  await db.query(
    `insert into history (entity_type, entity_id, action, actor, changes, reason) values ($1, $2, $3, $4, $5::jsonb, $6)`,
    [
      entry.entityType,
      entry.entityId,
      entry.action,
      entry.actor,
      JSON.stringify(entry.changes),
      entry.reason ?? null,
    ],
  )
}

export interface HistoryRow {
  id: number
  entity_type: EntityType
  entity_id: number
  action: HistoryAction
  actor: string | null
  changed_at: string
  changes: Record<string, unknown>
  reason: string | null
}

/** The history of one record (and, for a parcel, of its milestones), newest first. */
export async function findHistory(db: Queryable, entityType: EntityType, entityId: number, limit = 200) {
  const { rows } = await db.query<HistoryRow>(
    `select id, entity_type, entity_id, action, actor, to_json(changed_at) #>> '{}' as changed_at, changes, reason
     from history where entity_type = $1 and entity_id = $2
     order by changed_at desc, id desc limit $3`,
    [entityType, entityId, limit],
  )
  return rows
}

/** A parcel's own changes and its milestones', newest first. */
export async function findParcelHistory(db: Queryable, parcelId: number, limit = 200) {
  const { rows } = await db.query<HistoryRow>(
    `select id, entity_type, entity_id, action, actor, to_json(changed_at) #>> '{}' as changed_at, changes, reason
     from history where entity_type in ('parcel', 'milestone') and entity_id = $1
     order by changed_at desc, id desc limit $2`,
    [parcelId, limit],
  )
  return rows
}
