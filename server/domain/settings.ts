import { z } from 'zod'
import { DEFAULT_ESCALATION_THRESHOLDS, EscalationThresholds } from './escalation'
import { DEFAULT_EVALUATION_SETTINGS, EvaluationSettings } from './evaluation'
import { DEFAULT_AT_RISK_MARGIN_DAYS } from './forecast'
import { DEFAULT_MATCH_WEIGHTS, MatchWeights, mergeMatchWeights } from './matching'
import { DEFAULT_MILESTONE_DURATIONS, MilestoneDurationsInput } from './milestones'
import { MilestoneKind } from './vocabulary'

const DepartmentId = z.number().int().positive().max(Number.MAX_SAFE_INTEGER).nullable()

/**
 * 巡查任务 made by the app: the department that checks a milestone another department marked done, the one that
 * checks a land sale's promised start of construction once its date passes (null: no such tasks), and the days
 * each task gives.
 */
export const InspectionTaskSettings = z
  .object({
    milestone_department_id: DepartmentId,
    start_department_id: DepartmentId,
    due_days: z.number().int().min(1).max(90),
  })
  .strict()
export type InspectionTaskSettings = z.infer<typeof InspectionTaskSettings>

export const DEFAULT_INSPECTION_TASKS: InspectionTaskSettings = {
  milestone_department_id: null,
  start_department_id: null,
  due_days: 7,
}

/** Zone settings for the land schedule, with their defaults; stored one key per row in zone_settings. */
export const LandSettings = z
  .object({
    milestone_durations: MilestoneDurationsInput,
    at_risk_margin_days: z.number().int().min(0).max(365),
    /** infrastructure lines within this distance of a parcel serve it (七通一平) */
    serving_distance_m: z.number().min(0).max(5000),
    /** 亩均效益: the indicators, their weights and the grade percentiles (server/domain/evaluation.ts) */
    evaluation: EvaluationSettings,
    /** milestone kinds that may be marked done only once a document is attached to them (e.g. 交地 → 交地确认书) */
    documents_required: z.array(MilestoneKind).max(8),
    /** 选址匹配: the weight of each criterion (server/domain/matching.ts) */
    matching_weights: MatchWeights,
    /** 压实责任: when a late item turns yellow and red (server/domain/escalation.ts) */
    escalation: EscalationThresholds,
    /** 巡查任务: which department checks, and within how many days (server/services/orders/inspection-tasks.ts) */
    inspection_tasks: InspectionTaskSettings,
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
  documents_required: MilestoneKind[]
  matching_weights: MatchWeights
  escalation: EscalationThresholds
  inspection_tasks: InspectionTaskSettings
  min_parcel_area_m2: number
}

export const DEFAULT_LAND_SETTINGS: LandSettings = {
  milestone_durations: DEFAULT_MILESTONE_DURATIONS,
  at_risk_margin_days: DEFAULT_AT_RISK_MARGIN_DAYS,
  serving_distance_m: 200,
  evaluation: DEFAULT_EVALUATION_SETTINGS,
  // none by default: a zone decides which milestones need their paper first
  documents_required: [],
  matching_weights: DEFAULT_MATCH_WEIGHTS,
  escalation: DEFAULT_ESCALATION_THRESHOLDS,
  // none until a zone says which department checks
  inspection_tasks: DEFAULT_INSPECTION_TASKS,
  min_parcel_area_m2: 1,
}

/** Stored values over the defaults; a stored value that no longer parses falls back to its default. */
export function mergeLandSettings(stored: Record<string, unknown>): LandSettings {
  const durations = MilestoneDurationsInput.safeParse(stored.milestone_durations)
  const margin = LandSettings.shape.at_risk_margin_days.safeParse(stored.at_risk_margin_days)
  const distance = LandSettings.shape.serving_distance_m.safeParse(stored.serving_distance_m)
  const evaluation = EvaluationSettings.safeParse(stored.evaluation)
  const required = LandSettings.shape.documents_required.safeParse(stored.documents_required)
  const escalation = EscalationThresholds.safeParse(stored.escalation)
  const inspections = InspectionTaskSettings.safeParse(stored.inspection_tasks)
  const minArea = LandSettings.shape.min_parcel_area_m2.safeParse(stored.min_parcel_area_m2)
  return {
    milestone_durations: { ...DEFAULT_MILESTONE_DURATIONS, ...(durations.success ? durations.data : {}) },
    at_risk_margin_days: margin.success ? margin.data : DEFAULT_AT_RISK_MARGIN_DAYS,
    serving_distance_m: distance.success ? distance.data : DEFAULT_LAND_SETTINGS.serving_distance_m,
    evaluation: evaluation.success ? evaluation.data : DEFAULT_EVALUATION_SETTINGS,
    documents_required: required.success ? [...new Set(required.data)] : [],
    matching_weights: mergeMatchWeights(stored.matching_weights),
    escalation: escalation.success ? escalation.data : DEFAULT_ESCALATION_THRESHOLDS,
    inspection_tasks: inspections.success ? inspections.data : DEFAULT_INSPECTION_TASKS,
    min_parcel_area_m2: minArea.success ? minArea.data : DEFAULT_LAND_SETTINGS.min_parcel_area_m2,
  }
}
