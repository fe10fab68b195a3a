import exifr from 'exifr'
import { storeContent } from '../../db/files'
import {
  findInspection,
  findInspectionByClientId,
  type InspectionRow,
  type InspectionSubjectType,
  insertInspection,
  insertInspectionPhoto,
  lockSubject,
} from '../../db/inspections'
import {
  cleanFileName,
  PHOTO_MAX_BYTES,
  PHOTO_TYPES,
  PHOTOS_PER_INSPECTION,
  sha256Hex,
} from '../../domain/files'
import type { MilestoneKind } from '../../domain/vocabulary'
import { ApiError } from '../../errors'
import { checkUpload, subjectNotFound } from '../documents/attach-document'
import { type Actor, runWrite, type ServiceDeps } from '../write'
import { makeThumbnail } from './thumbnail'

export interface InspectionInput {
  clientId: string
  subjectType: InspectionSubjectType
  subjectId: number
  milestoneKind: MilestoneKind | null
  finding: 'normal' | 'problem'
  note: string
  /** the device's position when it was recorded, if the browser had one */
  position: { lon: number; lat: number } | null
  /** when it was recorded on the phone (ISO 8601); the time it arrives when absent */
  inspectedAt: string | null
  photos: { filename: string; bytes: Uint8Array }[]
}

interface CheckedPhoto {
  name: string
  bytes: Uint8Array
  mediaType: string
  sha256: string
  position: { lon: number; lat: number } | null
  takenAt: string | null
  thumb: Awaited<ReturnType<typeof makeThumbnail>>
}

const HISTORY_ENTITY = {
  parcel: 'parcel',
  milestone: 'milestone',
  project: 'project',
  blocker: 'blocker',
} as const

/**
 * Records an inspection made on site. The phone chose its id (`clientId`), so a retry after a lost answer — or the
 * same queued record sent twice — finds the stored record (`created: false`) instead of making a second one; the
 * same id with a different content is a conflict answered with the stored record. The position is the device's,
 * else the first photo's EXIF position; each photo keeps its own EXIF position and time.
 */
export async function recordInspection(
  deps: ServiceDeps,
  actor: Actor,
  input: InspectionInput,
): Promise<{ created: boolean; inspection: InspectionRow }> {
  if (input.photos.length > PHOTOS_PER_INSPECTION) {
    throw new ApiError(
      400,
      'validation_failed',
      `At most ${PHOTOS_PER_INSPECTION} photos per inspection`,
      [{ path: 'photos', message: 'too_many' }],
      {
        'zh-CN': `每条巡查记录最多 ${PHOTOS_PER_INSPECTION} 张照片`,
        en: `At most ${PHOTOS_PER_INSPECTION} photos per inspection`,
      },
    )
  }
  const photos: CheckedPhoto[] = []
  for (const photo of input.photos) {
    const mediaType = await checkUpload(photo.bytes, PHOTO_TYPES, PHOTO_MAX_BYTES, 'JPEG、PNG、WebP')
    photos.push({
      name: cleanFileName(photo.filename) || 'photo',
      bytes: photo.bytes,
      mediaType,
      sha256: sha256Hex(photo.bytes),
      ...(await readPhotoExif(photo.bytes)),
      // made before the transaction, on libuv's threads: a photo's resize never holds a lock or the event loop
      thumb: await makeThumbnail(photo.bytes),
    })
  }
  const fromPhoto = photos.find((p) => p.position)?.position ?? null
  const position = input.position
    ? { ...input.position, source: 'device' as const }
    : fromPhoto
      ? { ...fromPhoto, source: 'photo' as const }
      : null

  return runWrite(deps, actor, async (tx) => {
    const subject = { type: input.subjectType, id: input.subjectId }
    if (!(await lockSubject(tx.db, subject.type, subject.id))) subjectNotFound(subject)
    const id = await insertInspection(tx.db, {
      clientId: input.clientId,
      subjectType: input.subjectType,
      subjectId: input.subjectId,
      milestoneKind: input.milestoneKind,
      finding: input.finding,
      note: input.note,
      position,
      inspectedAt: input.inspectedAt ?? new Date().toISOString(),
      author: actor.username,
    })
    if (id === null) {
      const stored = await findInspectionByClientId(tx.db, input.clientId)
      if (!stored) throw new Error(`inspection ${input.clientId} neither inserted nor found`)
      if (!sameInspection(stored, input, actor)) {
        throw new ApiError(
          409,
          'inspection_conflict',
          'An inspection with this id was already recorded with other content',
          [{ path: 'client_id', message: 'conflict', current: stored }],
          {
            'zh-CN': '这条巡查记录已经以不同的内容上传过，以服务器上的记录为准',
            en: 'An inspection with this id was already recorded with other content',
          },
        )
      }
      return { created: false, inspection: stored }
    }
    for (const [index, photo] of photos.entries()) {
      await storeContent(tx.db, photo)
      if (photo.thumb) await storeContent(tx.db, photo.thumb)
      await insertInspectionPhoto(tx.db, {
        thumbSha256: photo.thumb?.sha256 ?? null,
        inspectionId: id,
        seq: index + 1,
        name: photo.name,
        sha256: photo.sha256,
        position: photo.position,
        takenAt: photo.takenAt,
      })
    }
    const entityType = input.subjectType === 'order' ? null : HISTORY_ENTITY[input.subjectType]
    await tx.record({
      resource: 'inspections',
      action: 'create',
      ids: [id],
      bbox: position ? [position.lon, position.lat, position.lon, position.lat] : null,
      history: entityType
        ? [
            {
              entityType,
              entityId: input.subjectId,
              action: 'update',
              changes: {
                ...(input.milestoneKind ? { kind: input.milestoneKind } : {}),
                inspection: { to: { id, finding: input.finding, photos: photos.length } },
              },
            },
          ]
        : [],
    })
    const inspection = await findInspection(tx.db, id)
    if (!inspection) throw new Error(`inspection ${id} not found after insert`)
    return { created: true, inspection }
  })
}

/** A resend of the same record: same author, subject, finding and note (photos are not compared byte by byte). */
function sameInspection(stored: InspectionRow, input: InspectionInput, actor: Actor): boolean {
  return (
    stored.author === actor.username &&
    stored.subject_type === input.subjectType &&
    stored.subject_id === input.subjectId &&
    stored.milestone_kind === input.milestoneKind &&
    stored.finding === input.finding &&
    stored.note === input.note &&
    stored.photos.length === input.photos.length
  )
}

/**
 * The photo's own position and time from its EXIF, when it has them. EXIF times carry no zone unless
 * OffsetTimeOriginal says one: a phone in the zone writes Beijing time, so +08:00 is assumed.
 */
export async function readPhotoExif(
  bytes: Uint8Array,
): Promise<{ position: { lon: number; lat: number } | null; takenAt: string | null }> {
  let position: { lon: number; lat: number } | null = null
  let takenAt: string | null = null
  try {
    const gps = await exifr.gps(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength))
    const { longitude: lon, latitude: lat } = gps ?? {}
    if (
      Number.isFinite(lon) &&
      Number.isFinite(lat) &&
      Math.abs(lon) <= 180 &&
      Math.abs(lat) <= 90 &&
      !(lon === 0 && lat === 0)
    ) {
      position = { lon, lat }
    }
    const tags = await exifr.parse(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), {
      pick: ['DateTimeOriginal', 'OffsetTimeOriginal'],
      reviveValues: false,
    })
    const raw = typeof tags?.DateTimeOriginal === 'string' ? tags.DateTimeOriginal : null
    const match = raw ? /^(\d{4}):(\d{2}):(\d{2}) (\d{2}):(\d{2}):(\d{2})/.exec(raw) : null
    if (match) {
      const offset =
        typeof tags?.OffsetTimeOriginal === 'string' && /^[+-]\d{2}:\d{2}$/.test(tags.OffsetTimeOriginal)
          ? tags.OffsetTimeOriginal
          : '+08:00'
      const date = new Date(
        `${match[1]}-${match[2]}-${match[3]}T${match[4]}:${match[5]}:${match[6]}${offset}`,
      )
      if (!Number.isNaN(date.getTime())) takenAt = date.toISOString()
    }
  } catch {
    // a photo whose EXIF cannot be read is still a photo: it has no position or time of its own
  }
  return { position, takenAt }
}
