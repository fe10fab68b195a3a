import {
  checkImportGeometries,
  findParcelsByCode,
  type ImportWrite,
  insertImportedParcels,
  loadImportRows,
  updateImportedParcels,
} from '../../db/parcel-import'
import { findParcelsExtent } from '../../db/parcels'
import { findLandSettings } from '../../db/zone'
import { limitMessages, limitStatus } from '../../domain/import/limit-messages'
import type { CrsSource, ImportOptions, ImportRejection } from '../../domain/import/read-parcel-file'
import type { ImportFormat, ImportWarning, ReadCrs } from '../../domain/import/types'
import { areaFigures } from '../../domain/parcel'
import { reasonMessages } from '../../domain/reasons'
import { bboxUnion } from '../../domain/tiles'
import type { LandUse } from '../../domain/vocabulary'
import { ApiError, fail } from '../../errors'
import { reforecastParcels } from '../land/reforecast'
import { type Actor, runWrite, type ServiceDeps, type Tx } from '../write'
import { type ImportRowMeta, type ImportSettings, readImportFile } from './read-import-file'

export interface ParcelImport {
  /** the rows read from the file, and those its reader already refused */
  rows: ImportRowMeta[]
  /** the rows' geometries, as the reading worker wrote them for PostGIS (see loadImportRows) */
  pieces: Uint8Array[]
  rejected: ImportRejection[]
  /** the land use of new parcels whose row gives none */
  defaultLandUse?: LandUse
  /** check and report, write nothing */
  dryRun: boolean
  /** the history rows' reason, e.g. "import plan.zip" */
  reason: string
}

export interface ImportReport {
  created: number
  updated: number
  /** rows that cannot be imported (an import with any writes nothing) */
  rejected: ImportRejection[]
  /** rows accepted that overlap a parcel they do not replace or an earlier row: the officer should look */
  overlaps: ImportRejection[]
  /** a dry run's plan, row by row */
  parcels?: {
    index: number
    code: string
    /** the name as read from the file (decoded), null when it gives none */
    name: string | null
    action: 'create' | 'update'
    area_m2: number
    area_mu: number
  }[]
  /**
   * an import's parcels, for "show imported": their ids (created and updated), their extent (WGS84 minLon, minLat,
   * maxLon, maxLat) and the ids of those listed under `overlaps`
   */
  imported?: { ids: number[]; bbox: [number, number, number, number] | null; overlap_ids: number[] }
}

// an event's ids travel in a NOTIFY payload (at most 8,000 bytes): past this many, the event names the whole layer
const MOST_IDS_IN_EVENT = 500

/**
 * Imports parcels by code: a code that exists updates that parcel (its geometry, and its name and land use when the
 * file gives them), a new code creates one. All or nothing: one rejected row and nothing is written (422
 * `import_rejected` with every rejected row). Geometry is checked by PostGIS under the 'parcel-geometry' lock.
 */
export async function importParcels(
  deps: ServiceDeps,
  actor: Actor,
  input: ParcelImport,
): Promise<ImportReport> {
  return runWrite(deps, actor, async (tx) => {
    // a cadastre of 50,000 parcels writes for longer than the pool's 30 s per statement; imports have no request
    // timeout either (app.ts), and the file's size is bounded (README, Import limits)
    await tx.db.query(`set local statement_timeout = '600s'`)
    if (!input.dryRun) await tx.lockTopic('parcel-geometry')
    // locks the parcels it will update, in id order
    const existing = await findParcelsByCode(
      tx.db,
      input.rows.map((r) => r.code),
    )
    const { min_parcel_area_m2 } = await findLandSettings(tx.db)
    await loadImportRows(tx.db, input.rows, input.pieces, min_parcel_area_m2)
    const checks = new Map((await checkImportGeometries(tx.db)).map((c) => [c.index, c]))
    const rejected = [...input.rejected]
    const overlaps: ImportRejection[] = []
    const creates: ImportWrite[] = []
    const updates: ImportWrite[] = []
    const parcels: NonNullable<ImportReport['parcels']> = []
    for (const row of input.rows) {
      const check = checks.get(row.index)
      if (!check || check.problem) {
        rejected.push({
          index: row.index,
          code: row.code,
          reason: check?.problem ?? 'geometry was not checked',
        })
        continue
      }
      const isUpdate = existing.has(row.code)
      const land_use = row.land_use ?? (isUpdate ? undefined : input.defaultLandUse)
      if (!isUpdate && !land_use) {
        rejected.push({
          index: row.index,
          code: row.code,
          reason: 'no land use for a new parcel: map a land-use field or choose a default land use',
        })
        continue
      }
      if (check.overlaps) overlaps.push({ index: row.index, code: row.code, reason: check.overlaps })
      ;(isUpdate ? updates : creates).push({ code: row.code, land_use })
      parcels.push({
        index: row.index,
        code: row.code,
        name: row.name ?? null,
        action: isUpdate ? 'update' : 'create',
        ...areaFigures(check.areaM2 ?? 0),
      })
    }
    rejected.sort((a, b) => a.index - b.index)
    if (input.dryRun) return { created: creates.length, updated: updates.length, rejected, overlaps, parcels }
    if (rejected.length > 0) {
      const total = input.rows.length + input.rejected.length
      throw fail(
        422,
        'import_rejected',
        'import.rejected',
        { rejected: rejected.length, total },
        rejected.map((r) => ({ index: r.index, code: r.code, reason: r.reason })),
      )
    }
    const wasAt = await findParcelsExtent(
      tx.db,
      [...existing.values()].map((p) => p.id),
    )
    const history = { actor: tx.actor.username, reason: input.reason }
    const updated = await updateImportedParcels(tx.db, updates, history)
    const created = await insertImportedParcels(tx.db, creates, history)
    await record(tx, 'update', updated, wasAt)
    await record(tx, 'create', created, null)
    const ids = [...updated, ...created].sort((a, b) => a - b)
    const overlapping = await findParcelsByCode(
      tx.db,
      overlaps.flatMap((o) => (o.code === null ? [] : [o.code])),
    )
    const imported = {
      ids,
      bbox: await findParcelsExtent(tx.db, ids),
      overlap_ids: [...overlapping.values()].map((p) => Number(p.id)).sort((a, b) => a - b),
    }
    return { created: created.length, updated: updated.length, rejected, overlaps, imported }
  })
}

export interface ParcelFileImport extends Omit<ImportOptions, 'limits'> {
  bytes: Uint8Array
  defaultLandUse?: LandUse
  dryRun: boolean
}

export interface FileImportReport extends ImportReport {
  /** what the reader skipped or read with care (KML NetworkLinks and non-polygons, mixed encodings) */
  warnings: ImportWarning[]
  crs: ReadCrs
  crs_source: CrsSource
  format: ImportFormat
  /** the attribute names found in the file, for mapping its fields */
  fields: string[]
}

/**
 * Imports a parcel file: read, unpacked and checked in a worker thread within `settings` (a limit broken answers
 * 413 or 400 in the caller's language), then written as `importParcels` does. The bytes move to the worker.
 */
export async function importParcelFile(
  deps: ServiceDeps,
  actor: Actor,
  settings: ImportSettings,
  { bytes, defaultLandUse, dryRun, ...options }: ParcelFileImport,
): Promise<FileImportReport> {
  const read = await readImportFile(bytes, options, settings)
  if (!read.ok) {
    if (read.kind === 'unsupported')
      throw fail(415, 'unsupported_media_type', 'import.unreadable', { reason: reasonMessages(read.reason) })
    if (read.kind === 'limit') {
      const { limit, max, entry } = read.breach
      throw new ApiError(
        limitStatus(limit),
        limitStatus(limit) === 413 ? 'payload_too_large' : 'validation_failed',
        read.reason,
        [{ path: 'file', message: read.reason, limit, max, ...(entry ? { entry } : {}) }],
        limitMessages(read.breach),
      )
    }
    throw fail(400, 'validation_failed', 'import.unreadable', { reason: reasonMessages(read.reason) }, [
      { path: 'file', message: read.reason },
    ])
  }
  const { rows, pieces, rejected, format, crs, crs_source, fields, warnings } = read.value
  const report = await importParcels(deps, actor, {
    rows,
    pieces,
    rejected,
    defaultLandUse,
    dryRun,
    reason: `import ${options.filename}`.slice(0, 500),
  })
  return { ...report, crs, crs_source, format, fields, warnings }
}

/** Re-forecasts the parcels written and records the change event (their history rows are written with them). */
async function record(
  tx: Tx,
  action: 'create' | 'update',
  ids: number[],
  wasAt: Awaited<ReturnType<typeof findParcelsExtent>>,
) {
  if (ids.length === 0) return
  await reforecastParcels(tx.db, ids, tx.today)
  await tx.record({
    resource: 'parcels',
    action,
    ids: ids.length <= MOST_IDS_IN_EVENT ? ids : [],
    bbox: bboxUnion(wasAt, await findParcelsExtent(tx.db, ids)),
    history: [],
  })
}
