import { z } from 'zod'
import { DEFAULT_EVALUATION_SETTINGS, EvaluationSettings } from './evaluation'
import { DEFAULT_AT_RISK_MARGIN_DAYS } from './forecast'
import { DEFAULT_MILESTONE_DURATIONS, MilestoneDurationsInput } from './milestones'

/** Zone settings for the land schedule, with their defaults; stored one key per row in zone_settings. */
export const LandSettings = z
  .object({
    milestone_durations: MilestoneDurationsInput,
    at_risk_margin_days: z.number().int().min(0).max(365),
    /** infrastructure lines within this distance of a parcel serve it (七通一平) */
    serving_distance_m: z.number().min(0).max(5000),
    /** 亩均效益: the indicators, their weights and the grade percentiles (server/domain/evaluation.ts) */
    evaluation: EvaluationSettings,
    /** an imported parcel smaller than this (m², on the spheroid) is refused as a sliver */
    min_parcel_area_m2: z.number().min(0).max(10000),
  })
  .strict()
/**
 * PATCH /api/zone/settings: some of the settings, and the version of the settings document they were read at
 * (here or in If-Match). Milestone durations given are merged into the stored ones.
 */
export const LandSettingsPatch = LandSettings.partial()
  .extend({ version: z.number().int().positive().optional() })
  .strict()
export type LandSettingsPatch = z.infer<typeof LandSettingsPatch>

export type LandSettings = {
  milestone_durations: typeof DEFAULT_MILESTONE_DURATIONS
  at_risk_margin_days: number
  serving_distance_m: number
  evaluation: EvaluationSettings
  min_parcel_area_m2: number
}

export const DEFAULT_LAND_SETTINGS: LandSettings = {
  milestone_durations: DEFAULT_MILESTONE_DURATIONS,
  at_risk_margin_days: DEFAULT_AT_RISK_MARGIN_DAYS,
  serving_distance_m: 200,
  evaluation: DEFAULT_EVALUATION_SETTINGS,
  min_parcel_area_m2: 1,
}

/** Stored values over the defaults; a stored value that no longer parses falls back to its default. */
export function mergeLandSettings(stored: Record<string, unknown>): LandSettings {
  const durations = MilestoneDurationsInput.safeParse(stored.milestone_durations)
  const margin = LandSettings.shape.at_risk_margin_days.safeParse(stored.at_risk_margin_days)
  const distance = LandSettings.shape.serving_distance_m.safeParse(stored.serving_distance_m)
  const evaluation = EvaluationSettings.safeParse(stored.evaluation)
  const minArea = LandSettings.shape.min_parcel_area_m2.safeParse(stored.min_parcel_area_m2)
  return {
    milestone_durations: { ...DEFAULT_MILESTONE_DURATIONS, ...(durations.success ? durations.data : {}) },
    at_risk_margin_days: margin.success ? margin.data : DEFAULT_AT_RISK_MARGIN_DAYS,
    serving_distance_m: distance.success ? distance.data : DEFAULT_LAND_SETTINGS.serving_distance_m,
    evaluation: evaluation.success ? evaluation.data : DEFAULT_EVALUATION_SETTINGS,
    min_parcel_area_m2: minArea.success ? minArea.data : DEFAULT_LAND_SETTINGS.min_parcel_area_m2,
  }
}
