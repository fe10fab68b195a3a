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
  | 'token'
  | 'firm'
  | 'order'
  | 'meeting'
  | 'department'
  | 'commitment'
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

/** Records several changes by one actor in one statement (an import's thousands), in the order given. */
export async function insertHistoryRows(
  db: Queryable,
  actor: string,
  entries: readonly Omit<HistoryEntry, 'actor'>[],
) {
  if (entries.length === 0) return
  await db.query(
    `insert into history (entity_type, entity_id, action, actor, changes, reason)
     select e.value->>'entity_type', (e.value->>'entity_id')::bigint, e.value->>'action', $2,
       e.value->'changes', e.value->>'reason'
     from jsonb_array_elements($1::jsonb) with ordinality as e(value, n)
     order by e.n`,
    [
      JSON.stringify(
        entries.map((e) => ({
          entity_type: e.entityType,
          entity_id: e.entityId,
          action: e.action,
          changes: e.changes,
          reason: e.reason ?? null,
        })),
      ),
      actor,
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

/** A history row with the areas (m², on the spheroid) of the boundaries its `geometry` change holds. */
export interface HistoryRowWithAreas extends HistoryRow {
  geometry_from_m2: number | null
  geometry_to_m2: number | null
}

/** a stored GeoJSON geometry's area on the spheroid, or null when the value is no geometry */
const AREA_OF = (path: string) =>
  `case when jsonb_typeof(${path}) = 'object' and ${path} ? 'coordinates'
     then ST_Area(ST_SetSRID(ST_GeomFromGeoJSON(${path}), 4326)::geography) end`

/** The columns of a history row, with the areas of a boundary change (from → to, or a created boundary as `to`). */
const ROW_WITH_AREAS = `id, entity_type, entity_id, action, actor, to_json(changed_at) #>> '{}' as changed_at, changes, reason,
  ${AREA_OF("changes->'geometry'->'from'")} as geometry_from_m2,
  coalesce(${AREA_OF("changes->'geometry'->'to'")}, ${AREA_OF("changes->'geometry'")}) as geometry_to_m2`

/** The history of one record (and, for a parcel, of its milestones), newest first. */
export async function findHistory(db: Queryable, entityType: EntityType, entityId: number, limit = 200) {
  const { rows } = await db.query<HistoryRowWithAreas>(
    `select ${ROW_WITH_AREAS}
     from history where entity_type = $1 and entity_id = $2
     order by changed_at desc, id desc limit $3`,
    [entityType, entityId, limit],
  )
  return rows
}

/** A parcel's own changes and its milestones', newest first. */
export async function findParcelHistory(db: Queryable, parcelId: number, limit = 200) {
  const { rows } = await db.query<HistoryRowWithAreas>(
    `select ${ROW_WITH_AREAS}
     from history where entity_type in ('parcel', 'milestone') and entity_id = $1
     order by changed_at desc, id desc limit $2`,
    [parcelId, limit],
  )
  return rows
}

/**
 * The admin actions (accounts, API tokens, zone settings), newest first: the audit log of administration, each
 * with `subject`, the username or token name it concerns.
 */
export async function findAdminActions(db: Queryable, limit: number) {
  const { rows } = await db.query<HistoryRow & { subject: string | null }>(
    `select h.id, h.entity_type, h.entity_id, h.action, h.actor, to_json(h.changed_at) #>> '{}' as changed_at,
       h.changes, h.reason,
       case h.entity_type
         when 'user' then (select u.username from users u where u.id = h.entity_id)
         when 'token' then (select t.name from api_tokens t where t.id = h.entity_id)
       end as subject
     from history h where h.entity_type in ('user', 'token', 'setting')
     order by h.changed_at desc, h.id desc limit $1`,
    [limit],
  )
  return rows
}

/** The changes of the zone settings, newest first: who changed which setting when, from what to what. */
export async function findSettingHistory(db: Queryable, limit: number) {
  const { rows } = await db.query<HistoryRow>(
    `select id, entity_type, entity_id, action, actor, to_json(changed_at) #>> '{}' as changed_at, changes, reason
     from history where entity_type = 'setting'
     order by changed_at desc, id desc limit $1`,
    [limit],
  )
  return rows
}
