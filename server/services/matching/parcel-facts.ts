import type { CandidateRow } from '../../db/matching'
import { findServicingFloors } from '../../db/parcels'
import type { Queryable } from '../../db/pool'
import { findSetting, findSettings } from '../../db/zone'
import {
  MATCH_WEIGHTS_SETTING,
  type MatchWeights,
  mergeMatchWeights,
  type ParcelFacts,
} from '../../domain/matching'
import { forecastParcel } from '../../domain/schedule'
import { mergeLandSettings } from '../../domain/settings'
import type { LandUse } from '../../domain/vocabulary'

/** The zone's matching weights, the defaults where it set none. */
export async function matchWeights(db: Queryable): Promise<MatchWeights> {
  return mergeMatchWeights(await findSetting(db, MATCH_WEIGHTS_SETTING))
}

const NONE_NEAR = { done: null, planned: null }

/** Candidate rows as the facts scoring needs, with the forecast hand-over date computed for each one. */
export async function parcelFacts(
  db: Queryable,
  rows: CandidateRow[],
  today: string,
): Promise<Map<number, ParcelFacts>> {
  const settings = mergeLandSettings(
    await findSettings(db, ['milestone_durations', 'at_risk_margin_days', 'serving_distance_m']),
  )
  const floors = await findServicingFloors(
    db,
    rows.map((r) => r.parcel_id),
    settings.serving_distance_m,
  )
  const facts = new Map<number, ParcelFacts>()
  for (const row of rows) {
    const floor = floors.get(row.parcel_id)
    const forecast = forecastParcel(
      row.milestones,
      row.target_on,
      today,
      settings.at_risk_margin_days,
      floor ? { servicing: floor } : {},
    )
    const ready = row.status === 'available' || row.status === 'reserved'
    const availableOn = ready ? today : forecast.available_on
    const next = forecast.milestones.find((m) => m.status !== 'done' && m.forecast_on)
    facts.set(row.parcel_id, {
      parcel_id: row.parcel_id,
      code: row.code,
      land_use: row.land_use as LandUse,
      area_m2: row.area_m2,
      compactness: row.compactness ?? 0,
      available_on: availableOn,
      next_milestone: next?.forecast_on ? { kind: next.kind, forecast_on: next.forecast_on } : null,
      held_by: row.held_by,
      // not measured: nothing within reach
      lines: row.lines ?? { road: NONE_NEAR, water: NONE_NEAR, power: NONE_NEAR },
      substations: row.substations ?? [],
      chain: row.chain ?? {},
    })
  }
  return facts
}
