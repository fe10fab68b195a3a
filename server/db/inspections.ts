import type { Queryable } from './pool'

export type InspectionSubjectType = 'parcel' | 'project' | 'milestone' | 'blocker' | 'order'

// the tables behind each kind of subject (a milestone is a parcel's); never taken from a request
const SUBJECT_TABLES: Record<InspectionSubjectType, string> = {
  parcel: 'parcels',
  milestone: 'parcels',
  project: 'projects',
  blocker: 'blockers',
  order: 'orders',
}

/**
 * Locks the record a document or an inspection is about, so two uploads to it queue (versions stay in order);
 * false when it does not exist (or its kind of record does not exist in this database yet).
 */
export async function lockSubject(db: Queryable, type: InspectionSubjectType, id: number): Promise<boolean> {
  const table = SUBJECT_TABLES[type]
  const { rows: exists } = await db.query<{ ok: boolean }>(`select to_regclass($1) is not null as ok`, [
    table,
  ])
  if (!exists[0]?.ok) return false
  const { rows } = await db.query(`select 1 from ${table} where id = $1 for update`, [id])
  return rows.length > 0
}

export interface InspectionPhotoRow {
  seq: number
  name: string
  sha256: string
  size: number
  media_type: string
  lon: number | null
  lat: number | null
  taken_at: string | null
  /** whether a thumbnail was made (GET …/photos/:seq?size=thumb) */
  thumbnail: boolean
}

export interface InspectionRow {
  id: number
  client_id: string
  subject_type: InspectionSubjectType
  subject_id: number
  milestone_kind: string | null
  finding: 'normal' | 'problem'
  note: string
  lon: number | null
  lat: number | null
  position_source: 'device' | 'photo' | null
  inspected_at: string
  received_at: string
  author: string
  photos: InspectionPhotoRow[]
}

const INSPECTION_COLUMNS = `i.id::int, i.client_id::text, i.subject_type, i.subject_id::int, i.milestone_kind,
  i.finding, i.note, st_x(i.position) as lon, st_y(i.position) as lat, i.position_source, i.inspected_at,
  i.received_at, i.author,
  coalesce((select json_agg(json_build_object('seq', p.seq, 'name', p.name, 'sha256', p.sha256,
      'size', c.size, 'media_type', c.media_type, 'lon', st_x(p.position), 'lat', st_y(p.position),
      'taken_at', p.taken_at, 'thumbnail', p.thumb_sha256 is not null) order by p.seq)
    from inspection_photos p join file_contents c on c.sha256 = p.sha256 where p.inspection_id = i.id),
    '[]'::json) as photos`

export interface NewInspection {
  clientId: string
  subjectType: InspectionSubjectType
  subjectId: number
  milestoneKind: string | null
  finding: 'normal' | 'problem'
  note: string
  position: { lon: number; lat: number; source: 'device' | 'photo' } | null
  inspectedAt: string
  author: string
}

/** Inserts the inspection unless its client id is known; null when it was (the caller reads the stored one). */
export async function insertInspection(db: Queryable, row: NewInspection): Promise<number | null> {
  const { rows } = await db.query<{ id: number }>(
    `insert into inspections (client_id, subject_type, subject_id, milestone_kind, finding, note, position,
       position_source, inspected_at, author)
     values ($1, $2, $3, $4, $5, $6,
       case when $7::float8 is null then null else st_setsrid(st_makepoint($7, $8), 4326) end, $9, $10, $11)
     on conflict (client_id) do nothing
     returning id::int`,
    [
      row.clientId,
      row.subjectType,
      row.subjectId,
      row.milestoneKind,
      row.finding,
      row.note,
      row.position?.lon ?? null,
      row.position?.lat ?? null,
      row.position?.source ?? null,
      row.inspectedAt,
      row.author,
    ],
  )
  return rows[0]?.id ?? null
}

export async function insertInspectionPhoto(
  db: Queryable,
  photo: {
    inspectionId: number
    seq: number
    name: string
    sha256: string
    position: { lon: number; lat: number } | null
    takenAt: string | null
    thumbSha256: string | null
  },
): Promise<void> {
  await db.query(
    `insert into inspection_photos (inspection_id, seq, name, sha256, position, taken_at, thumb_sha256)
     values ($1, $2, $3, $4, case when $5::float8 is null then null else st_setsrid(st_makepoint($5, $6), 4326) end, $7,
       $8)`,
    [
      photo.inspectionId,
      photo.seq,
      photo.name,
      photo.sha256,
      photo.position?.lon ?? null,
      photo.position?.lat ?? null,
      photo.takenAt,
      photo.thumbSha256,
    ],
  )
}

export async function findInspectionByClientId(
  db: Queryable,
  clientId: string,
): Promise<InspectionRow | null> {
  const { rows } = await db.query<InspectionRow>(
    `select ${INSPECTION_COLUMNS} from inspections i where i.client_id = $1`,
    [clientId],
  )
  return rows[0] ?? null
}

export async function findInspection(db: Queryable, id: number): Promise<InspectionRow | null> {
  const { rows } = await db.query<InspectionRow>(
    `select ${INSPECTION_COLUMNS} from inspections i where i.id = $1`,
    [id],
  )
  return rows[0] ?? null
}

/** A subject's inspections, newest first (for a parcel, also those of its milestones). */
export async function findInspectionsOf(
  db: Queryable,
  subjectType: 'parcel' | 'project' | 'order',
  subjectId: number,
): Promise<InspectionRow[]> {
  const types = subjectType === 'parcel' ? ['parcel', 'milestone'] : [subjectType]
  const { rows } = await db.query<InspectionRow>(
    `select ${INSPECTION_COLUMNS} from inspections i
     where i.subject_type = any($1::text[]) and i.subject_id = $2 order by i.inspected_at desc, i.id desc`,
    [types, subjectId],
  )
  return rows
}

/** Inspection points inside a bounding box (WGS84), for the map; newest first, at most `limit`. */
export async function findInspectionPoints(
  db: Queryable,
  bbox: [number, number, number, number],
  limit: number,
): Promise<InspectionRow[]> {
  const { rows } = await db.query<InspectionRow>(
    `select ${INSPECTION_COLUMNS} from inspections i
     where i.position && st_makeenvelope($1, $2, $3, $4, 4326)
     order by i.inspected_at desc, i.id desc limit $5`,
    [...bbox, limit],
  )
  return rows
}

export async function findPhoto(
  db: Queryable,
  inspectionId: number,
  seq: number,
): Promise<{ sha256: string; name: string; thumb_sha256: string | null } | null> {
  const { rows } = await db.query<{ sha256: string; name: string; thumb_sha256: string | null }>(
    `select sha256, name, thumb_sha256 from inspection_photos where inspection_id = $1 and seq = $2`,
    [inspectionId, seq],
  )
  return rows[0] ?? null
}
