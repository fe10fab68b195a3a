import { CHUNK_BYTES } from '../domain/files'
import type { Queryable } from './pool'

/**
 * Stores a content once: a content already stored (same SHA-256) is not written again. Two writers of the same new
 * content queue on the primary key, and the second finds it there after the first commits.
 */
export async function storeContent(
  db: Queryable,
  content: { sha256: string; bytes: Uint8Array; mediaType: string },
): Promise<void> {
  const chunks = Math.ceil(content.bytes.length / CHUNK_BYTES)
  const { rowCount } = await db.query(
    `insert into file_contents (sha256, size, media_type, chunks) values ($1, $2, $3, $4)
     on conflict (sha256) do nothing`,
    [content.sha256, content.bytes.length, content.mediaType, chunks],
  )
  if (!rowCount) return
  for (let seq = 0; seq < chunks; seq++) {
    const part = content.bytes.subarray(seq * CHUNK_BYTES, (seq + 1) * CHUNK_BYTES)
    await db.query(`insert into file_chunks (sha256, seq, data) values ($1, $2, $3)`, [
      content.sha256,
      seq,
      Buffer.from(part.buffer, part.byteOffset, part.byteLength),
    ])
  }
}

export interface StoredContent {
  sha256: string
  size: number
  mediaType: string
  chunks: number
}

export async function findContent(db: Queryable, sha256: string): Promise<StoredContent | null> {
  const { rows } = await db.query<StoredContent>(
    `select sha256, size::float8 as size, media_type as "mediaType", chunks from file_contents where sha256 = $1`,
    [sha256],
  )
  return rows[0] ?? null
}

/** The content's bytes, one chunk per query, so a large file never sits whole in memory. */
export async function* readContent(db: Queryable, content: StoredContent): AsyncGenerator<Uint8Array> {
  for (let seq = 0; seq < content.chunks; seq++) {
    const { rows } = await db.query<{ data: Buffer }>(
      `select data from file_chunks where sha256 = $1 and seq = $2`,
      [content.sha256, seq],
    )
    const data = rows[0]?.data
    if (!data) throw new Error(`chunk ${seq} of ${content.sha256} is missing`)
    yield new Uint8Array(data.buffer, data.byteOffset, data.byteLength)
  }
}

export type DocumentSubjectType = 'parcel' | 'project' | 'milestone' | 'order'

export interface DocumentRow {
  id: number
  subject_type: DocumentSubjectType
  subject_id: number
  milestone_kind: string | null
  name: string
  version: number
  sha256: string
  size: number
  media_type: string
  uploaded_by: string
  uploaded_at: string
}

const DOCUMENT_COLUMNS = `d.id::int, d.subject_type, d.subject_id::int, d.milestone_kind, d.name, d.version, d.sha256,
  c.size::float8 as size, c.media_type, d.uploaded_by, d.uploaded_at`

export async function insertDocument(
  db: Queryable,
  doc: {
    subjectType: DocumentSubjectType
    subjectId: number
    milestoneKind: string | null
    name: string
    sha256: string
    uploadedBy: string
  },
): Promise<DocumentRow> {
  // the next version of this name on this subject; writers of the same subject are serialised by the caller's lock
  const { rows } = await db.query<DocumentRow>(
    `with added as (
       insert into documents (subject_type, subject_id, milestone_kind, name, version, sha256, uploaded_by)
       select $1, $2, $3, $4, coalesce(max(version), 0) + 1, $5, $6 from documents
       where subject_type = $1 and subject_id = $2 and coalesce(milestone_kind, '') = coalesce($3, '') and name = $4
       returning *)
     select ${DOCUMENT_COLUMNS} from added d join file_contents c on c.sha256 = d.sha256`,
    [doc.subjectType, doc.subjectId, doc.milestoneKind, doc.name, doc.sha256, doc.uploadedBy],
  )
  const row = rows[0]
  if (!row) throw new Error('document not inserted')
  return row
}

export async function findDocument(db: Queryable, id: number): Promise<DocumentRow | null> {
  const { rows } = await db.query<DocumentRow>(
    `select ${DOCUMENT_COLUMNS} from documents d join file_contents c on c.sha256 = d.sha256 where d.id = $1`,
    [id],
  )
  return rows[0] ?? null
}

/**
 * Every version of every document of a subject, newest version first within each name; a parcel's include its
 * milestones' (their subject is the parcel too).
 */
export async function findDocumentsOf(
  db: Queryable,
  subjectType: 'parcel' | 'project' | 'order',
  subjectId: number,
): Promise<DocumentRow[]> {
  const types = subjectType === 'parcel' ? ['parcel', 'milestone'] : [subjectType]
  const { rows } = await db.query<DocumentRow>(
    `select ${DOCUMENT_COLUMNS} from documents d join file_contents c on c.sha256 = d.sha256
     where d.subject_type = any($1::text[]) and d.subject_id = $2
     order by d.milestone_kind nulls first, d.name, d.version desc`,
    [types, subjectId],
  )
  return rows
}

/** Whether a parcel's milestone of `kind` has at least one document attached. */
export async function milestoneHasDocument(db: Queryable, parcelId: number, kind: string): Promise<boolean> {
  const { rows } = await db.query(
    `select 1 from documents where subject_type = 'milestone' and subject_id = $1 and milestone_kind = $2 limit 1`,
    [parcelId, kind],
  )
  return rows.length > 0
}
