import type { CandidateRow } from '../../db/matching'
import type { Queryable } from '../../db/pool'
import { findSetting } from '../../db/zone'
import {
  MATCH_WEIGHTS_SETTING,
  type MatchWeights,
  mergeMatchWeights,
  type ParcelFacts,
} from '../../domain/matching'
import type { LandUse } from '../../domain/vocabulary'

/** The zone's matching weights, the defaults where it set none. */
export async function matchWeights(db: Queryable): Promise<MatchWeights> {
  return mergeMatchWeights(await findSetting(db, MATCH_WEIGHTS_SETTING))
}

const NONE_NEAR = { done: null, planned: null }

/** Candidate rows as the facts scoring needs; the dates are the stored forecast's (one model, issue 12). */
export function parcelFacts(rows: CandidateRow[]): Map<number, ParcelFacts> {
  const facts = new Map<number, ParcelFacts>()
  for (const row of rows) {
    facts.set(row.parcel_id, {
      parcel_id: row.parcel_id,
      code: row.code,
      land_use: row.land_use as LandUse,
      area_m2: row.area_m2,
      compactness: row.compactness ?? 0,
      handover_on: row.handover_on ?? row.available_on,
      next_milestone: row.next_milestone,
      held_by: row.held_by,
      // not measured: nothing within reach
      lines: row.lines ?? { road: NONE_NEAR, water: NONE_NEAR, power: NONE_NEAR },
      substations: row.substations ?? [],
      chain: row.chain ?? {},
      firm_distance_m: row.firm_distance_m ?? null,
    })
  }
  return facts
}
