import { findContent, findDocument, findDocumentsOf, readContent } from '../../db/files'
import { findInspection, findInspectionPoints, findInspectionsOf, findPhoto } from '../../db/inspections'
import { ApiError } from '../../errors'
import { makeThumbnail } from '../inspections/thumbnail'
import type { ServiceDeps } from '../write'

function notFound(what: string): never {
  throw new ApiError(404, 'not_found', `No ${what}`, [], { 'zh-CN': `找不到${what}`, en: `No ${what}` })
}

export async function listDocuments(
  deps: ServiceDeps,
  subjectType: 'parcel' | 'project' | 'order',
  subjectId: number,
) {
  return { documents: await findDocumentsOf(deps.pool, subjectType, subjectId) }
}

export async function documentDetail(deps: ServiceDeps, id: number) {
  return (await findDocument(deps.pool, id)) ?? notFound(`document ${id}`)
}

/** A file's bytes as a stream of chunks read one query at a time, with what the headers need. */
async function contentStream(deps: ServiceDeps, sha256: string) {
  const content = await findContent(deps.pool, sha256)
  if (!content) throw new Error(`content ${sha256} is missing`)
  const chunks = readContent(deps.pool, content)
  const stream = new ReadableStream<Uint8Array>({
    async pull(controller) {
      const next = await chunks.next()
      if (next.done) controller.close()
      else controller.enqueue(next.value)
    },
    async cancel() {
      await chunks.return(undefined)
    },
  })
  return { content, stream }
}

/**
 * A document's bytes, or for an image its thumbnail (`size` thumb: at most 480 px, JPEG, no EXIF; made when asked —
 * a record holds a few images, and the browser keeps the answer by its hash). Anything else, or an image that
 * cannot be read, answers its own bytes.
 */
export async function documentContent(deps: ServiceDeps, id: number, size: 'full' | 'thumb' = 'full') {
  const doc = await documentDetail(deps, id)
  if (size === 'thumb' && doc.media_type.startsWith('image/')) {
    const full = await contentStream(deps, doc.sha256)
    const thumb = await makeThumbnail(new Uint8Array(await new Response(full.stream).arrayBuffer()))
    if (thumb) {
      return {
        name: `${doc.name.replace(/\.[^.]*$/, '')}-thumb.jpg`,
        content: { sha256: thumb.sha256, size: thumb.bytes.length, mediaType: thumb.mediaType },
        stream: new ReadableStream<Uint8Array>({
          start(controller) {
            controller.enqueue(thumb.bytes)
            controller.close()
          },
        }),
      }
    }
  }
  return { name: doc.name, ...(await contentStream(deps, doc.sha256)) }
}

export async function listInspections(
  deps: ServiceDeps,
  subjectType: 'parcel' | 'project' | 'order',
  subjectId: number,
) {
  return { inspections: await findInspectionsOf(deps.pool, subjectType, subjectId) }
}

export async function inspectionDetail(deps: ServiceDeps, id: number) {
  return (await findInspection(deps.pool, id)) ?? notFound(`inspection ${id}`)
}

/** Inspection points in a box, as GeoJSON for the map. */
export async function inspectionPoints(
  deps: ServiceDeps,
  bbox: [number, number, number, number],
  limit: number,
) {
  const rows = await findInspectionPoints(deps.pool, bbox, limit)
  return {
    type: 'FeatureCollection' as const,
    features: rows.map(({ lon, lat, ...properties }) => ({
      type: 'Feature' as const,
      id: properties.id,
      geometry: { type: 'Point' as const, coordinates: [lon ?? 0, lat ?? 0] },
      properties,
    })),
  }
}

/**
 * A photo's bytes, or its thumbnail (`size` thumb: made on the server when it arrived; the photo itself when none
 * could be made).
 */
export async function photoContent(
  deps: ServiceDeps,
  inspectionId: number,
  seq: number,
  size: 'full' | 'thumb' = 'full',
) {
  const photo =
    (await findPhoto(deps.pool, inspectionId, seq)) ?? notFound(`photo ${seq} of inspection ${inspectionId}`)
  if (size === 'thumb' && photo.thumb_sha256) {
    const name = `${photo.name.replace(/\.[^.]*$/, '')}-thumb.jpg`
    return { name, ...(await contentStream(deps, photo.thumb_sha256)) }
  }
  return { name: photo.name, ...(await contentStream(deps, photo.sha256)) }
}
