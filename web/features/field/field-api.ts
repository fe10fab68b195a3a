import type { FeatureCollection, Point } from 'geojson'
import type { DocumentRow } from '../../../server/db/files'
import type { InspectionRow } from '../../../server/db/inspections'
import type { MilestoneKind } from '../../../server/domain/vocabulary'
import { apiFetch } from '../../api/client'

export type Document = DocumentRow
export type Inspection = InspectionRow
export type DocumentSubject =
  | { type: 'parcel' | 'project' | 'order'; id: number }
  | { type: 'milestone'; id: number; kind: MilestoneKind }

async function json<T>(path: string, signal?: AbortSignal): Promise<T> {
  const response = await apiFetch(path, { headers: { Accept: 'application/json' }, signal })
  return (await response.json()) as T
}

/** What lists its own documents and inspections: GET /api/parcels/:id/documents, …/projects/…, …/orders/… */
export type FileOwner = 'parcel' | 'project' | 'order'

/** Documents and inspections (issue 17): multipart uploads and the lists per parcel, project or order. */
export const fieldApi = {
  documents: (subject: FileOwner, id: number, signal?: AbortSignal) =>
    json<{ documents: Document[] }>(`/api/${subject}s/${id}/documents`, signal),
  inspections: (subject: FileOwner, id: number, signal?: AbortSignal) =>
    json<{ inspections: Inspection[] }>(`/api/${subject}s/${id}/inspections`, signal),
  inspectionPoints: (bbox: readonly number[], signal?: AbortSignal) =>
    json<FeatureCollection<Point, Omit<Inspection, 'lon' | 'lat'>>>(
      `/api/inspections?bbox=${bbox.map((v) => v.toFixed(6)).join(',')}&limit=2000`,
      signal,
    ),
  uploadDocument: async (subject: DocumentSubject, file: File): Promise<Document> => {
    const form = new FormData()
    form.set('subject_type', subject.type)
    form.set('subject_id', String(subject.id))
    if (subject.type === 'milestone') form.set('milestone_kind', subject.kind)
    form.set('file', file)
    const response = await apiFetch('/api/documents', { method: 'POST', body: form })
    return (await response.json()) as Document
  },
  documentUrl: (id: number) => `/api/documents/${id}/content`,
  /** an image document's thumbnail, made by the server (at most 480 px) */
  documentThumbUrl: (id: number) => `/api/documents/${id}/content?size=thumb`,
  photoUrl: (inspectionId: number, seq: number) => `/api/inspections/${inspectionId}/photos/${seq}`,
  /** the server's thumbnail (at most 480 px): a timeline of 20 photos loads kilobytes, not megabytes */
  thumbUrl: (inspectionId: number, seq: number) =>
    `/api/inspections/${inspectionId}/photos/${seq}?size=thumb`,
}
