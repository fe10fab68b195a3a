import { availableParallelism } from 'node:os'
import { Piscina } from 'piscina'
import type {
  ImportFailure,
  ImportFile,
  ImportOptions,
  ImportRow,
} from '../../domain/import/read-parcel-file'
import { type ArchiveLimits, DEFAULT_ARCHIVE_LIMITS } from '../../domain/import/zip-archive'
import type { ReadTask } from './read-import-file.task'

/** An import row without its geometry: the geometries travel in the pieces. */
export type ImportRowMeta = Omit<ImportRow, 'geometry'>

/**
 * A file as its worker read it: the rows, and `pieces`, the rows' geometries as COPY text of ~1 MiB
 * (`index<TAB>hex EWKB` lines, WGS84 MultiPolygons) that PostGIS reads them from (see loadImportRows).
 */
export type ImportRowsRead =
  | { ok: true; value: Omit<ImportFile, 'rows'> & { rows: ImportRowMeta[]; pieces: Uint8Array[] } }
  | ImportFailure

/** How imports are bounded (env.ts reads them; the README gives the defaults). */
export interface ImportSettings {
  /** the largest upload, in bytes */
  maxUploadBytes: number
  archive: ArchiveLimits
  /** worker threads that read import files at once; more imports wait their turn */
  threads: number
  /** a reading worker's JavaScript heap, in MB: past it the worker dies and the import answers 413 */
  workerMemoryMb: number
}

const MIB = 1024 * 1024

export const DEFAULT_IMPORT_SETTINGS: ImportSettings = {
  maxUploadBytes: 50 * MIB,
  archive: DEFAULT_ARCHIVE_LIMITS,
  threads: Math.max(1, Math.min(2, availableParallelism() - 1)),
  workerMemoryMb: 2048,
}

// one pool per setting, shared by every app in the process (tests build many)
const pools = new Map<string, Piscina<ReadTask, ImportRowsRead>>()

/**
 * The worker's entry: in the built server (`npm run build`: JavaScript in dist/server) the task bundled beside it;
 * from the TypeScript sources (tsx, vitest) a module that registers tsx in the thread first.
 */
const WORKER_ENTRY = import.meta.url.endsWith('.js')
  ? new URL('./read-import-file.task.js', import.meta.url).href
  : new URL('./read-import-file.worker.mjs', import.meta.url).href

function poolFor(settings: ImportSettings) {
  const key = `${settings.threads}/${settings.workerMemoryMb}`
  let pool = pools.get(key)
  if (!pool) {
    pool = new Piscina<ReadTask, ImportRowsRead>({
      filename: WORKER_ENTRY,
      minThreads: 0,
      maxThreads: settings.threads,
      // a thread that has read a file lingers a little for the next one, then goes
      idleTimeout: 30_000,
      resourceLimits: { maxOldGenerationSizeMb: settings.workerMemoryMb },
    })
    pools.set(key, pool)
  }
  return pool
}

/**
 * Reads an import file in a worker thread (parsing, unpacking and checking never block the event loop); the bytes
 * move to the worker and are unusable afterwards. A worker that runs out of memory is a limit breach.
 */
export async function readImportFile(
  bytes: Uint8Array,
  options: Omit<ImportOptions, 'limits'>,
  settings: ImportSettings,
): Promise<ImportRowsRead> {
  const task: ReadTask = { bytes, options: { ...options, limits: settings.archive } }
  try {
    return await poolFor(settings).run(task, { transferList: [bytes.buffer as ArrayBuffer] })
  } catch (err) {
    if ((err as { code?: string }).code !== 'ERR_WORKER_OUT_OF_MEMORY') throw err
    return {
      ok: false,
      kind: 'limit',
      reason: `reading the file needs more than ${settings.workerMemoryMb} MB`,
      breach: { limit: 'worker_memory', max: settings.workerMemoryMb * MIB },
    }
  }
}

/** Stops the reading threads (at shutdown). */
export async function closeImportReaders() {
  const all = [...pools.values()]
  pools.clear()
  await Promise.all(all.map((pool) => pool.destroy()))
}
