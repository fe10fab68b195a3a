import type { ParcelStatus, ProjectStage } from './vocabulary'

/**
 * Map colours shared by the map layers and the legend, as CSS hex strings (sRGB).
 * Parcel statuses run from cool (land not ready) through green (ready) to warm (taken and built).
 */
export const PARCEL_STATUS_COLOURS: Readonly<Record<ParcelStatus, string>> = {
  planned: '#c7ccd6',
  acquiring: '#9fb7d9',
  clearing: '#7ea3d6',
  servicing: '#5b8fd1',
  available: '#3fae6a',
  reserved: '#f2b84b',
  transferred: '#e8893a',
  under_construction: '#d8603a',
  in_production: '#9b4fb0',
}

/** Project stages from lead (pale) to in production (deep); dropped projects are grey. */
export const PROJECT_STAGE_COLOURS: Readonly<Record<ProjectStage, string>> = {
  lead: '#b9d3ee',
  negotiating: '#6fa8dc',
  signed: '#1f6fc5',
  land_acquired: '#0e9f8e',
  construction: '#f08c1a',
  in_production: '#c2185b',
  dropped: '#8a8f98',
}

/**
 * Infrastructure drawn by progress: planned grey (dashed on the map), in progress from
 * `in_progress_start` (0 %) to `in_progress_end` (100 %), done solid, late red whatever the progress.
 */
export const INFRASTRUCTURE_PROGRESS_COLOURS = {
  planned: '#9aa1ad',
  in_progress_start: '#f5c342',
  in_progress_end: '#2f9e5b',
  done: '#1d6fb8',
  late: '#d62f2f',
} as const

/** Base map colours for the offline style drawn from the district's own data. */
export const BASE_MAP_COLOURS = {
  water: '#dce8f2',
  land: '#f4f3ee',
  landOutline: '#c9c6b8',
  road: '#dfe2e7',
  roadCasing: '#bfc4cc',
} as const

/**
 * 督办 levels (issue 16): red and yellow cards as their names say, late items below yellow grey; parcels with
 * nothing late stay pale in the map's 督办 mode.
 */
export const ESCALATION_COLOURS = {
  red: '#d62f2f',
  yellow: '#f2c200',
  normal: '#8a94a6',
  none: '#e6e9ef',
} as const
