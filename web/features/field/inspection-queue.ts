import { type DBSchema, type IDBPDatabase, openDB } from 'idb'
import type { MilestoneKind } from '../../../server/domain/vocabulary'
import { ApiError, apiFetch } from '../../api/client'
import type { Inspection } from './field-api'

/**
 * Inspections recorded on site wait in IndexedDB until the server has them: written first to the phone, then sent
 * whenever there is a connection (at once, when the browser comes back online, and on every start). The phone
 * makes each record's id, so sending one again — after a lost answer, or from two tabs — finds the same record on
 * the server; a record stays here until the server has answered for it.
 */
export interface QueuedInspection {
  client_id: string
  subject_type: 'parcel' | 'project' | 'milestone' | 'blocker' | 'order'
  subject_id: number
  milestone_kind?: MilestoneKind
  /** what the list shows while it waits, e.g. the parcel's code */
  subject_label: string
  finding: 'normal' | 'problem'
  note: string
  lon?: number
  lat?: number
  accuracy_m?: number
  inspected_at: string
  photos: { name: string; blob: Blob }[]
  /** queued: waiting to be sent; conflict: the server holds another record under this id; refused: a 4xx */
  state: 'queued' | 'conflict' | 'refused'
  error?: string
  /** the server's record, for a conflict */
  server?: Inspection
}

interface FieldDb extends DBSchema {
  inspections: { key: string; value: QueuedInspection }
}

let database: Promise<IDBPDatabase<FieldDb>> | null = null
function db() {
  database ??= openDB<FieldDb>('guatu-field', 1, {
    upgrade(upgrade) {
      upgrade.createObjectStore('inspections', { keyPath: 'client_id' })
    },
  })
  return database
}

type Listener = () => void
const listeners = new Set<Listener>()
/** Called after every change of the queue (this tab's). */
export function onQueueChange(listener: Listener): () => void {
  listeners.add(listener)
  return () => listeners.delete(listener)
}
function changed() {
  for (const listener of listeners) listener()
}

export async function queuedInspections(): Promise<QueuedInspection[]> {
  const all = await (await db()).getAll('inspections')
  return all.sort((a, b) => a.inspected_at.localeCompare(b.inspected_at))
}

export async function enqueueInspection(record: Omit<QueuedInspection, 'state'>): Promise<void> {
  await (await db()).put('inspections', { ...record, state: 'queued' })
  changed()
}

export async function discardInspection(clientId: string): Promise<void> {
  await (await db()).delete('inspections', clientId)
  changed()
}

function formOf(record: QueuedInspection): FormData {
  const form = new FormData()
  form.set('client_id', record.client_id)
  form.set('subject_type', record.subject_type)
  form.set('subject_id', String(record.subject_id))
  if (record.milestone_kind) form.set('milestone_kind', record.milestone_kind)
  form.set('finding', record.finding)
  form.set('note', record.note)
  if (record.lon !== undefined && record.lat !== undefined) {
    form.set('lon', String(record.lon))
    form.set('lat', String(record.lat))
  }
  form.set('inspected_at', record.inspected_at)
  for (const photo of record.photos) form.append('photos', photo.blob, photo.name)
  return form
}

export interface SyncResult {
  sent: number
  /** records that are still waiting for a connection */
  waiting: number
}

let running: Promise<SyncResult> | null = null

/**
 * Sends every queued record, one at a time (a phone's uplink is narrow); stops at the first network failure and
 * leaves the rest for the next try. Only one send runs at a time in this tab.
 */
export function syncInspections(): Promise<SyncResult> {
  running ??= sendAll().finally(() => {
    running = null
  })
  return running
}

async function sendAll(): Promise<SyncResult> {
  let sent = 0
  const waiting = (await queuedInspections()).filter((r) => r.state === 'queued')
  for (const [index, record] of waiting.entries()) {
    try {
      await apiFetch('/api/inspections', { method: 'POST', body: formOf(record) })
      await (await db()).delete('inspections', record.client_id)
      sent++
    } catch (error) {
      if (!(error instanceof ApiError) || error.status === 401 || error.status >= 500) {
        // no connection, the server unreachable or busy, or signed out: try again later
        changed()
        return { sent, waiting: waiting.length - index }
      }
      // the server answered: keep the record, marked, so the user sees why
      const current = (error.details[0] as { current?: Inspection } | undefined)?.current
      await (await db()).put('inspections', {
        ...record,
        state: error.code === 'inspection_conflict' ? 'conflict' : 'refused',
        error: error.message,
        ...(current ? { server: current } : {}),
      })
    }
    changed()
  }
  return { sent, waiting: 0 }
}
