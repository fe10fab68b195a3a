import { z } from 'zod'

/** Parcel lifecycle, from planning to production. Order matters: it is the lifecycle order. */
export const PARCEL_STATUSES = [
  'planned',
  'acquiring',
  'clearing',
  'servicing',
  'available',
  'reserved',
  'transferred',
  'under_construction',
  'in_production',
] as const
export const ParcelStatus = z.enum(PARCEL_STATUSES)
export type ParcelStatus = z.infer<typeof ParcelStatus>

/** 用地性质: M0 new-type industrial, M1 general, M2 heavier industrial, W logistics, B commercial, R residential, G green, S roads. */
export const LAND_USES = ['M0', 'M1', 'M2', 'W', 'B', 'R', 'G', 'S'] as const
export const LandUse = z.enum(LAND_USES)
export type LandUse = z.infer<typeof LandUse>

/** Milestones that make a parcel available, in the order they happen (倒排 schedules them backwards). */
export const MILESTONE_KINDS = [
  'acquisition',
  'clearance',
  'leveling',
  'servicing',
  'planning_conditions',
  'listing',
  'transfer',
  'handover',
] as const
export const MilestoneKind = z.enum(MILESTONE_KINDS)
export type MilestoneKind = z.infer<typeof MilestoneKind>

export const READINESS = ['done', 'on_track', 'at_risk', 'late'] as const
export const Readiness = z.enum(READINESS)
export type Readiness = z.infer<typeof Readiness>

/** Project stages: lead → negotiating → signed → land acquired → construction → in production, or dropped. */
export const PROJECT_STAGES = [
  'lead',
  'negotiating',
  'signed',
  'land_acquired',
  'construction',
  'in_production',
  'dropped',
] as const
export const ProjectStage = z.enum(PROJECT_STAGES)
export type ProjectStage = z.infer<typeof ProjectStage>

/** Stages at which a project counts as signed (签约) and, from land_acquired on, as landed (落地). */
export const SIGNED_STAGES: readonly ProjectStage[] = [
  'signed',
  'land_acquired',
  'construction',
  'in_production',
]
export const LANDED_STAGES: readonly ProjectStage[] = ['land_acquired', 'construction', 'in_production']

export const SECTORS = [
  'new_materials',
  'optoelectronics',
  'automotive',
  'low_altitude',
  'intelligent_manufacturing',
  'biomedicine',
  'services',
  'traditional_manufacturing',
] as const
export const Sector = z.enum(SECTORS)
export type Sector = z.infer<typeof Sector>

export const PROJECT_KINDS = ['new', 'expansion'] as const
export const ProjectKind = z.enum(PROJECT_KINDS)
export type ProjectKind = z.infer<typeof ProjectKind>

export const INFRASTRUCTURE_KINDS = [
  'road',
  'water',
  'drainage',
  'power',
  'telecom',
  'gas',
  'heat',
  'substation',
] as const
export const InfrastructureKind = z.enum(INFRASTRUCTURE_KINDS)
export type InfrastructureKind = z.infer<typeof InfrastructureKind>

export const INFRASTRUCTURE_STATUSES = ['planned', 'in_progress', 'done'] as const
export const InfrastructureStatus = z.enum(INFRASTRUCTURE_STATUSES)
export type InfrastructureStatus = z.infer<typeof InfrastructureStatus>

export const ROLES = ['admin', 'land_officer', 'investment', 'leader'] as const
export const Role = z.enum(ROLES)
export type Role = z.infer<typeof Role>

/** The zone's time zone: "today" and every displayed date are taken there. */
export const ZONE_TIME_ZONE = 'Asia/Shanghai'
