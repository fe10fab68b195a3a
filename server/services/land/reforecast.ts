import {
  findForecastInputs,
  findParcelIdsAfter,
  findParcelIdsServedBy,
  findStaleForecastIds,
  upsertLandForecasts,
} from '../../db/land-forecasts'
import { findServicingFloors } from '../../db/parcels'
import type { Pool, Queryable } from '../../db/pool'
import { advisoryLockKey } from '../../db/write-locks'
import { findLandSettings } from '../../db/zone'
import { forecastLand, type LandForecast, type PlannedMilestone } from '../../domain/forecast'
import type { LandSettings } from '../../domain/settings'

/** Statuses at which the land has been handed to the company: never late. */
const HANDED_OVER: ReadonlySet<string> = new Set(['under_construction', 'in_production'])
/** Statuses at which the parcel is ready to offer (净地) whatever milestones were recorded. */
const READY_TO_OFFER: ReadonlySet<string> = new Set(['available', 'reserved', 'transferred'])

/** Parcels forecast per statement: enough to amortise the round trips, small enough to keep locks short. */
const BATCH = 2000
/** The day's turn: larger batches, each its own statement outside any transaction (see reforecastStale). */
const TURN_BATCH = 5000

/**
 * Forecasts already computed, by their inputs: the forecast is a pure function of them, so parcels with the same
 * inputs (a city's parcels without milestones, say, that share a status class and a target) share one.
 */
type ForecastCache = Map<string, LandForecast>

/** The forecasts of these parcels as of `today`, computed (not stored), in id order. */
async function computeForecasts(
  db: Queryable,
  ids: readonly number[],
  today: string,
  settings: LandSettings,
  cache: ForecastCache = new Map(),
) {
  const inputs = await findForecastInputs(db, ids)
  // only a servicing milestone still to come can be held back by the infrastructure serving the parcel; the
  // milestones' JSON text is searched before anything is parsed
  const servicingAhead = inputs
    .filter((r) => r.milestonesJson.includes('"servicing"') && servicingOpen(r.milestonesJson))
    .map((r) => r.id)
  const floors = await findServicingFloors(db, servicingAhead, settings.serving_distance_m)
  return inputs.map((row) => {
    const floor = floors.get(row.id)
    const handedOver = HANDED_OVER.has(row.status)
    const readyByStatus = READY_TO_OFFER.has(row.status)
    const key = `${handedOver ? 1 : 0}${readyByStatus ? 1 : 0}|${row.targetOn}|${floor ?? ''}|${row.milestonesJson}`
    let forecast = cache.get(key)
    if (!forecast) {
      forecast = forecastLand({
        milestones: JSON.parse(row.milestonesJson) as PlannedMilestone[],
        target_on: row.targetOn,
        handed_over: handedOver,
        ready_by_status: readyByStatus,
        today,
        margin_days: settings.at_risk_margin_days,
        floors: floor ? { servicing: floor } : {},
      })
      cache.set(key, forecast)
    }
    return { id: row.id, forecast }
  })
}

function servicingOpen(milestonesJson: string): boolean {
  return (JSON.parse(milestonesJson) as PlannedMilestone[]).some(
    (m) => m.kind === 'servicing' && !m.actual_on,
  )
}

async function forecastBatch(
  db: Queryable,
  ids: readonly number[],
  today: string,
  settings: LandSettings,
  cache?: ForecastCache,
) {
  await upsertLandForecasts(db, await computeForecasts(db, ids, today, settings, cache), today)
}

/**
 * The forecasts of these parcels as they were or will be on another day than today (what the stored forecast
 * is for), from the same forecast function, not stored.
 */
export async function forecastParcelsAsOf(db: Queryable, ids: readonly number[], asOf: string) {
  const settings = await findLandSettings(db)
  const forecasts = new Map<number, LandForecast>()
  for (let i = 0; i < ids.length; i += BATCH) {
    for (const f of await computeForecasts(db, ids.slice(i, i + BATCH), asOf, settings)) {
      forecasts.set(f.id, f.forecast)
    }
  }
  return forecasts
}

/**
 * Re-forecasts these parcels as of `today` and stores the result: call it in the transaction of every write that
 * changes what a forecast reads (milestones, schedule, target, status, geometry), so readers never see a stale one.
 */
export async function reforecastParcels(db: Queryable, ids: readonly number[], today: string) {
  if (ids.length === 0) return
  const settings = await findLandSettings(db)
  const unique = [...new Set(ids)].sort((a, b) => a - b)
  for (let i = 0; i < unique.length; i += BATCH) {
    await forecastBatch(db, unique.slice(i, i + BATCH), today, settings)
  }
}

/** Re-forecasts the parcels that these infrastructure items serve (their servicing floor may have moved). */
export async function reforecastServedBy(db: Queryable, infrastructureIds: readonly number[], today: string) {
  const settings = await findLandSettings(db)
  const ids = await findParcelIdsServedBy(db, infrastructureIds, settings.serving_distance_m)
  await reforecastParcels(db, ids, today)
  return ids
}

/** Re-forecasts every parcel (a zone setting changed): in this transaction, batch by batch. */
export async function reforecastEveryParcel(db: Queryable, today: string) {
  const settings = await findLandSettings(db)
  const cache: ForecastCache = new Map()
  for (let after = 0; ; ) {
    const ids = await findParcelIdsAfter(db, after, BATCH)
    if (ids.length === 0) return
    await forecastBatch(db, ids, today, settings, cache)
    after = ids[ids.length - 1] as number
  }
}

/**
 * The day's turn: re-forecasts the parcels whose stored forecast is from an earlier day and may have changed, and
 * those without one, batch by batch, each batch one statement of its own (no transaction), so tiles and lists
 * keep answering and no lock is held for long. It reads the next batch's inputs on a second connection while the
 * current one is written, and shares one computed forecast among parcels with the same inputs. It writes only
 * over forecasts from an earlier day (upsert `onlyOlder`): a user's write between this job's read and its write
 * stores today's forecast from the new inputs, and the job leaves it. One instance at a time: another finds the
 * advisory lock taken and returns null at once. Returns how many stale parcels it found.
 */
export async function reforecastStale(pool: Pool, today: string): Promise<number | null> {
  const client = await pool.connect()
  const key = advisoryLockKey('reforecast')
  try {
    const { rows } = await client.query<{ locked: boolean }>('select pg_try_advisory_lock($1) as locked', [
      key,
    ])
    if (!rows[0]?.locked) return null
    try {
      const settings = await findLandSettings(client)
      const stale = await findStaleForecastIds(client, today)
      const cache: ForecastCache = new Map()
      const batches: number[][] = []
      for (let i = 0; i < stale.length; i += TURN_BATCH) batches.push(stale.slice(i, i + TURN_BATCH))
      // the reads go through the pool (another connection), the writes through the locked client
      const read = (batch: number[] | undefined) =>
        batch ? computeForecasts(pool, batch, today, settings, cache) : Promise.resolve(null)
      let next = read(batches[0])
      for (let i = 0; i < batches.length; i++) {
        const forecasts = await next
        next = read(batches[i + 1])
        // a failed read must not be left unhandled while this write runs; it is thrown when awaited
        next.catch(() => {})
        if (forecasts) await upsertLandForecasts(client, forecasts, today, { onlyOlder: true })
      }
      return stale.length
    } finally {
      await client.query('select pg_advisory_unlock($1)', [key])
    }
  } finally {
    client.release()
  }
}
