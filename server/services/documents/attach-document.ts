import { type DocumentRow, type DocumentSubjectType, insertDocument, storeContent } from '../../db/files'
import { lockSubject } from '../../db/inspections'
import { findParcelsExtent } from '../../db/parcels'
import {
  cleanFileName,
  DOCUMENT_MAX_BYTES,
  DOCUMENT_TYPES,
  detectMediaType,
  FILE_MESSAGES,
  sha256Hex,
} from '../../domain/files'
import type { MilestoneKind } from '../../domain/vocabulary'
import { ApiError } from '../../errors'
import { type Actor, runWrite, type ServiceDeps } from '../write'

export interface DocumentSubject {
  type: DocumentSubjectType
  id: number
  /** for a milestone: its kind (`id` is then its parcel) */
  milestoneKind: MilestoneKind | null
}

const HISTORY_ENTITY = { parcel: 'parcel', milestone: 'milestone', project: 'project' } as const

/** Checks an uploaded file before any write: not empty, within the limit, and of an accepted type by its bytes. */
export async function checkUpload(
  bytes: Uint8Array,
  accepted: readonly string[],
  maxBytes: number,
  acceptedNames: string,
): Promise<string> {
  if (bytes.length === 0) {
    throw new ApiError(
      400,
      'validation_failed',
      FILE_MESSAGES.empty.en,
      [{ path: 'file', message: 'empty' }],
      FILE_MESSAGES.empty,
    )
  }
  if (bytes.length > maxBytes) {
    const messages = FILE_MESSAGES.tooLarge(Math.round(maxBytes / 1024 / 1024))
    throw new ApiError(413, 'payload_too_large', messages.en, [], messages)
  }
  const type = await detectMediaType(bytes, accepted)
  if (!type) {
    const messages = FILE_MESSAGES.unsupported(acceptedNames)
    throw new ApiError(
      415,
      'unsupported_file_type',
      messages.en,
      [{ path: 'file', message: 'type' }],
      messages,
    )
  }
  return type.mediaType
}

export function subjectNotFound(subject: { type: string; id: number }): never {
  throw new ApiError(404, 'not_found', `No ${subject.type} ${subject.id}`, [], {
    'zh-CN': `找不到要关联的对象（${subject.type} ${subject.id}）`,
    en: `No ${subject.type} ${subject.id}`,
  })
}

/**
 * Attaches a file to a parcel, project, milestone or order. The type comes from the bytes (PDF, DOCX, XLSX, JPEG,
 * PNG), the content is stored once (SHA-256), and a file of the same name on the same subject becomes its next
 * version; who and when are kept, and the subject's history records the upload.
 */
export async function attachDocument(
  deps: ServiceDeps,
  actor: Actor,
  subject: DocumentSubject,
  file: { filename: string; bytes: Uint8Array },
): Promise<DocumentRow> {
  const name = cleanFileName(file.filename)
  if (!name) {
    throw new ApiError(
      400,
      'validation_failed',
      'The file has no name',
      [{ path: 'file', message: 'name' }],
      {
        'zh-CN': '文件没有名称',
        en: 'The file has no name',
      },
    )
  }
  const mediaType = await checkUpload(
    file.bytes,
    Object.keys(DOCUMENT_TYPES),
    DOCUMENT_MAX_BYTES,
    'PDF、DOCX、XLSX、JPEG、PNG',
  )
  const sha256 = sha256Hex(file.bytes)
  return runWrite(deps, actor, async (tx) => {
    if (!(await lockSubject(tx.db, subject.type, subject.id))) subjectNotFound(subject)
    await storeContent(tx.db, { sha256, bytes: file.bytes, mediaType })
    const doc = await insertDocument(tx.db, {
      subjectType: subject.type,
      subjectId: subject.id,
      milestoneKind: subject.milestoneKind,
      name,
      sha256,
      uploadedBy: actor.username,
    })
    const entityType = subject.type === 'order' ? null : HISTORY_ENTITY[subject.type]
    const onParcel = subject.type === 'parcel' || subject.type === 'milestone'
    await tx.record({
      resource: 'documents',
      action: 'create',
      ids: [doc.id],
      bbox: onParcel ? await findParcelsExtent(tx.db, [subject.id]) : null,
      history: entityType
        ? [
            {
              entityType,
              entityId: subject.id,
              action: 'update',
              changes: {
                ...(subject.milestoneKind ? { kind: subject.milestoneKind } : {}),
                document: { to: { id: doc.id, name, version: doc.version } },
              },
            },
          ]
        : [],
    })
    return doc
  })
}
